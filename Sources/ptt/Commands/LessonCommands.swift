import ArgumentParser
import Curriculum
import Foundation
import TerminalUI

/// `ptt lessons`: one line per lesson, "ID TITLE".
struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons",
        abstract: "List the lessons, one a line: ID, a space, the title."
    )

    @Flag(help: "Print which copy of the course is in use (a folder, or the one built into ptt) and exit.")
    var `where` = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        if `where` {
            print(global.courseSource().description)
            return
        }
        let library = try global.loadLibrary()
        for lesson in library.lessons {
            print("\(lesson.id.visibleControlCharacters) \(lesson.title.visibleControlCharacters)")
        }
        for file in library.skippedFiles {
            FileHandle.standardError.write(
                Data("ptt: skipped \(file.visibleControlCharacters) (run ptt check for details)\n".utf8))
        }
    }
}

/// `ptt lesson ID [--plain]`: open a lesson, or print it as text.
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Open a lesson in the reader; --plain prints it as text.",
        discussion: """
            Examples:
              ptt lesson process
              ptt lesson differences --plain --width 100
            """
    )

    @Argument(help: "The lesson's id (see `ptt lessons`) or its number.")
    var id: String

    @Flag(help: "Print the lesson as plain text on stdout instead of opening the reader.")
    var plain = false

    @Option(help: "With --plain: the width to lay the text out for (40...300, default 80).")
    var width: Int?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard let width else { return }
        guard plain else { throw ValidationError("--width goes with --plain (the reader fits the terminal)") }
        guard (40...300).contains(width) else { throw ValidationError("--width must be from 40 to 300 (got \(width))") }
    }

    func run() throws {
        let library = try global.loadLibrary()
        // An unknown id is an error with the list of ids, terminal or not.
        let index = try lessonIndex(id, in: library)
        guard plain else {
            // The library just loaded: a big lesson is not read and parsed twice.
            try runTutor(global: global, openLesson: id, library: library)
            return
        }
        let lesson = library.lessons[index]
        print(plainText(lesson, width: width ?? 80))
    }
}

/// A lesson as plain text: the title, then the laid-out lesson without styles.
func plainText(_ lesson: Lesson, width: Int) -> String {
    let layout = LessonLayout(
        lesson: lesson, width: width,
        available: { part in
            if case .lab(let name) = part { LabRegistry.standard.entry(named: name) != nil } else { false }
        }, plain: true)
    let title = [lesson.title, String(repeating: "═", count: min(width, CharacterWidth.of(lesson.title))), ""]
    return (title + layout.canvas.lines).joined(separator: "\n")
}

/// `ptt check [DIR]`: validate every lesson file; file:line for each problem.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract:
            "Check lesson, quiz, scenario and tour files; print file:line: message for each problem, exit 1 if any."
    )

    @Argument(help: "The folder to check (default: the lessons folder ptt uses).")
    var directory: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let embedded = directory == nil && global.courseSource() == .embedded
        let dir = try directory ?? global.lessonsDirectory()
        let library: LessonLibrary
        do {
            library =
                embedded
                ? try global.loadLibrary()
                : try LessonLibrary.load(directory: dir, labNames: LabRegistry.standard.names, parts: .everyCPU)
        } catch {
            print("\(dir.visibleControlCharacters): \(error)")
            throw ExitCode(1)
        }
        for d in library.diagnostics { print(d) }
        let files = library.lessons.count + library.skippedFiles.count
        var failed = false
        if library.diagnostics.isEmpty {
            print(
                "\(dir.visibleControlCharacters): \(counted(files, "file")), \(counted(library.lessons.count, "lesson")), no problems"
            )
        } else {
            print(
                "\(dir.visibleControlCharacters): \(counted(library.diagnostics.count, "problem")) in \(library.skippedFiles.count) of \(counted(files, "file"))"
            )
            failed = true
        }
        if !checkQuizBank(lessons: dir, library: library, embedded: embedded) { failed = true }
        if !checkTour(lessons: dir, library: library) { failed = true }
        if !checkScenarios(lessons: dir) { failed = true }
        if failed { throw ExitCode(1) }
    }

    /// Checks `DIR/tour.md`, when there is one: its format, its labs, and
    /// that its lessons, headings and questions exist. True when it has no problems.
    private func checkTour(lessons dir: String, library: LessonLibrary) -> Bool {
        let path = dir + "/tour.md"
        guard FileManager.default.fileExists(atPath: path) else { return true }
        let parsed = TourParser.load(path: path)
        var problems = parsed.diagnostics + parsed.unknownLabs(known: LabRegistry.standard.names)
        if let tour = parsed.tour {
            let bank = QuizBank.load(
                directory: QuizBank.directory(inLessons: dir), sections: Set(library.lessons.map(\.id)),
                labNames: LabRegistry.standard.names)
            problems += tour.check(lessons: library, quiz: bank)
        }
        problems.sort { ($0.line, $0.message) < ($1.line, $1.message) }
        for d in problems { print(d) }
        let steps = parsed.tour?.steps.count ?? 0
        print("\(path): \(steps) steps, " + (problems.isEmpty ? "no problems" : counted(problems.count, "problem")))
        return problems.isEmpty
    }

    /// Checks `DIR/scenarios/` (the scheduler game's files): file:line for
    /// each problem; true when there is none (or no such folder).
    private func checkScenarios(lessons dir: String) -> Bool {
        let folder = (dir.hasSuffix("/") ? dir : dir + "/") + ScenarioLibrary.folderName
        let library: ScenarioLibrary
        do {
            library = try ScenarioLibrary.load(lessonsDirectory: dir)
        } catch {
            print("\(folder): \(error)")
            return false
        }
        for d in library.diagnostics { print(d) }
        let files = library.scenarios.count + library.skippedFiles.count
        guard files > 0 || !library.diagnostics.isEmpty else { return true }
        if library.diagnostics.isEmpty {
            print("\(folder): \(counted(files, "file")), \(counted(library.scenarios.count, "scenario")), no problems")
            return true
        }
        print(
            "\(folder): \(counted(library.diagnostics.count, "problem")) in \(library.skippedFiles.count) of \(counted(files, "file"))"
        )
        return false
    }

    /// Checks `DIR/quiz/` against the lesson ids; true when it has no errors
    /// (warnings print but pass; a missing folder passes: a course may have no quiz).
    private func checkQuizBank(lessons dir: String, library: LessonLibrary, embedded: Bool) -> Bool {
        let quizDir = QuizBank.directory(inLessons: dir)
        let bank =
            embedded
            ? global.courseBank(for: library)
            : QuizBank.load(
                directory: quizDir, sections: Set(library.lessons.map(\.id)), labNames: LabRegistry.standard.names)
        for d in bank.diagnostics { print(d) }
        guard !bank.files.isEmpty || !bank.diagnostics.isEmpty else { return true }
        // Warnings (a lint, such as a right choice much longer than the others) print but do not fail.
        let warnings =
            bank.warnings.isEmpty ? "" : ", \(bank.warnings.count) warning\(bank.warnings.count == 1 ? "" : "s")"
        if bank.errors.isEmpty {
            let problems = bank.warnings.isEmpty ? ", no problems" : warnings
            print(
                "\(quizDir.visibleControlCharacters): \(bank.files.count) files, \(bank.questions.count) questions\(problems)"
            )
            return true
        }
        print(
            "\(quizDir.visibleControlCharacters): \(bank.errors.count) problems\(warnings), \(bank.questions.count) valid questions"
        )
        return false
    }
}
