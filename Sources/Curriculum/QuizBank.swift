import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The interview questions: every `*.md` file in the `quiz/` folder of the
/// lessons directory, in file-name order, with every problem found.
///
/// One broken question never hides the others: it is left out and its
/// diagnostics are kept. `LessonLibrary` reads only the top level of the
/// lessons directory, so the `quiz/` folder is never taken for a lesson.
///
///     let bank = QuizBank.load(directory: "lessons/quiz", sections: ["process", "thread"])
///     bank.questions(level: .beginner).count
///     bank.diagnostics.forEach { print($0) }  // lessons/quiz/beginner.md:12: …
public struct QuizBank: Sendable {
    public var questions: [QuizQuestion]
    /// Problems in all files, file by file in name order, each in line order.
    public var diagnostics: [Diagnostic]
    /// The files read, in order.
    public var files: [String]

    public init(questions: [QuizQuestion] = [], diagnostics: [Diagnostic] = [], files: [String] = []) {
        self.questions = questions
        self.diagnostics = diagnostics
        self.files = files
    }

    /// The bank's folder inside a lessons directory.
    public static func directory(inLessons lessons: String) -> String {
        lessons.hasSuffix("/") ? lessons + "quiz" : lessons + "/quiz"
    }

    /// The problems that leave a question out (``Diagnostic/Severity/error``).
    public var errors: [Diagnostic] { diagnostics.filter { !$0.isWarning } }
    /// Lints on questions that are kept, such as a right choice whose length
    /// gives it away (``QuizLint``).
    public var warnings: [Diagnostic] { diagnostics.filter(\.isWarning) }

    /// This bank with more questions after its own (for instance the cards
    /// made from wrong lab predictions, ``LearnerProgress/predictionQuestions``);
    /// an id already in the bank is not added twice.
    public func including(_ extra: [QuizQuestion]) -> QuizBank {
        var bank = self
        let ids = Set(questions.map(\.id))
        bank.questions += extra.filter { !ids.contains($0.id) }
        return bank
    }

    public func question(id: String) -> QuizQuestion? {
        questions.first { $0.id == id }
    }

    /// The questions of a level and/or a section (nil: any), in bank order.
    public func questions(level: QuizLevel? = nil, section: String? = nil) -> [QuizQuestion] {
        questions.filter { q in (level.map { q.level == $0 } ?? true) && (section.map { q.section == $0 } ?? true) }
    }

    /// Reads every `*.md` file in `directory` except `README.md` and hidden
    /// files. A missing directory is an empty bank, not an error (a course
    /// may have no quiz); an unreadable one is a diagnostic.
    ///
    /// `sections` are the known lesson ids; a question naming another is a
    /// diagnostic. An id used by an earlier question is a diagnostic on the
    /// later question's heading, and the later question is left out.
    /// `labNames`: the labs a question's `lab:` key may name; nil takes any.
    public static func load(directory: String, sections: Set<String>?, labNames: [String]? = nil) -> QuizBank {
        let fileManager = FileManager.default
        var info = stat()
        if stat(directory, &info) != 0 {
            let code = errno
            // Nothing there at all: a course without a quiz. A symlink that
            // leads nowhere (or in a loop) is a mistake to report.
            var link = stat()
            if code == ENOENT && lstat(directory, &link) != 0 { return QuizBank() }
            let why =
                code == ELOOP ? "a symbolic link loop" : code == ENOENT ? "a symbolic link to nothing" : errorName(code)
            return QuizBank(diagnostics: [
                Diagnostic(file: directory, line: 1, message: "cannot open the quiz folder: \(why)")
            ])
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            return QuizBank(diagnostics: [
                Diagnostic(file: directory, line: 1, message: "expected a folder of question files, found a file")
            ])
        }
        guard let names = try? fileManager.contentsOfDirectory(atPath: directory) else {
            return QuizBank(diagnostics: [Diagnostic(file: directory, line: 1, message: "cannot list the folder")])
        }
        var files: [(path: String, text: String?)] = []
        var failures: [String: String] = [:]
        for name in names.filter(LessonLibrary.isLessonFileName).sorted() {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            do throws(FileReadError) {
                files.append((path, try SafeFile.readText(path, limit: SafeFile.lessonLimit)))
            } catch {
                files.append((path, nil))
                failures[path] = error.reason
            }
        }
        return build(files, sections: sections, labNames: labNames, failures: failures)
    }

    /// Builds a bank from file texts (nil: the file could not be read as UTF-8).
    static func build(
        _ files: [(path: String, text: String?)], sections: Set<String>?, labNames: [String]? = nil,
        failures: [String: String] = [:]
    ) -> QuizBank {
        var bank = QuizBank()
        var firstUse: [String: String] = [:]
        for (path, text) in files {
            bank.files.append(path)
            guard let text else {
                bank.diagnostics.append(
                    Diagnostic(file: path, line: 1, message: failures[path] ?? "cannot read file as UTF-8 text"))
                continue
            }
            var result = QuizParser.parse(text, file: path, sections: sections, labNames: labNames)
            var duplicates: [Int] = []
            for (index, entry) in result.idLines.enumerated() where !entry.id.isEmpty {
                if let earlier = firstUse[entry.id] {
                    result.diagnostics.append(
                        Diagnostic(
                            file: path, line: entry.line,
                            message: "duplicate question id '\(entry.id)' (already used at \(earlier))"))
                    duplicates.append(index)
                } else {
                    firstUse[entry.id] = "\(path):\(entry.line)"
                }
            }
            // A duplicate drops the later question only.
            let droppedLines = Set(duplicates.map { result.idLines[$0].line })
            result.questions.removeAll { droppedLines.contains($0.line) }
            bank.diagnostics += result.diagnostics.enumerated()
                .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
                .map(\.element)
            bank.questions += result.questions
        }
        return bank
    }
}
