import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a lesson directory could not be loaded at all. A broken lesson file
/// is not one of these: it becomes diagnostics in the ``LessonLibrary``.
public enum LessonLibraryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing exists at the path.
    case directoryMissing(String)
    /// The path is a file, not a directory.
    case notADirectory(String)
    /// The directory exists but cannot be listed (permissions, usually).
    case unreadableDirectory(String)
    /// The directory holds no `*.md` lesson files (README.md does not count).
    case noLessons(String)

    public var description: String {
        switch self {
        case .directoryMissing(let path), .notADirectory(let path), .unreadableDirectory(let path),
            .noLessons(let path):
            message(path.visibleControlCharacters)
        }
    }

    private func message(_ path: String) -> String {
        switch self {
        case .directoryMissing:
            "lesson directory '\(path)' does not exist"
        case .notADirectory:
            "'\(path)' is not a directory (expected a directory of lesson files)"
        case .unreadableDirectory:
            "cannot list lesson directory '\(path)'"
        case .noLessons:
            "no lesson files (*.md) in '\(path)'"
        }
    }
}

/// The lessons of a directory, in file-name order, with every problem found.
///
/// One broken file never hides the others: a file with any diagnostic is
/// left out of `lessons`, its diagnostics are kept and its path is listed in
/// `skippedFiles`, and loading goes on.
///
///     let library = try LessonLibrary.load(directory: "lessons")
///     library.lesson(id: "thread")?.title  // "Thread"
///     library.diagnostics.forEach { print($0) }  // lessons/03-thread.md:12: …
public struct LessonLibrary: Sendable {
    public var lessons: [Lesson]
    /// Problems in all files, file by file in name order, each in line order.
    public var diagnostics: [Diagnostic]
    /// Paths of the files left out because of their diagnostics.
    public var skippedFiles: [String]

    public init(lessons: [Lesson], diagnostics: [Diagnostic], skippedFiles: [String]) {
        self.lessons = lessons
        self.diagnostics = diagnostics
        self.skippedFiles = skippedFiles
    }

    public func lesson(id: String) -> Lesson? {
        lessons.first { $0.id == id }
    }

    /// Reads every `*.md` file in `directory` except `README.md` and hidden
    /// files, in name order. Paths in diagnostics are `directory` joined
    /// with the file name (`lessons/03-thread.md`).
    ///
    /// An id used by an earlier file (broken or not) is a diagnostic on the
    /// later file's `id:` line, and the later file is skipped.
    ///
    /// Throws only when the directory itself is unusable or holds no lesson
    /// files; a directory of broken files loads, with no lessons.
    /// `labNames`: the labs a lab fence may name; nil takes any name.
    /// `parts`: how a long lesson's parts are parsed (see ``LessonParts``).
    public static func load(
        directory: String, labNames: [String]? = nil, parts: LessonParts = .oneAfterAnother
    ) throws(LessonLibraryError) -> LessonLibrary {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        var info = stat()
        // A symbolic link loop (ELOOP) or an unsearchable parent is not "missing".
        if stat(directory, &info) != 0 && errno != ENOENT { throw .unreadableDirectory(directory) }
        guard fileManager.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw .directoryMissing(directory)
        }
        guard isDirectory.boolValue else { throw .notADirectory(directory) }
        let names: [String]
        do {
            names = try fileManager.contentsOfDirectory(atPath: directory)
        } catch {
            throw .unreadableDirectory(directory)
        }
        let lessonNames = names.filter { isLessonFileName($0) }.sorted()
        guard !lessonNames.isEmpty else { throw .noLessons(directory) }

        var library = LessonLibrary(lessons: [], diagnostics: [], skippedFiles: [])
        var firstFileForID: [String: String] = [:]
        for name in lessonNames {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var diagnostics: [Diagnostic] = []
            var lesson: Lesson?
            switch Result(catching: { () throws(FileReadError) in
                try SafeFile.readText(path, limit: SafeFile.lessonLimit)
            })
            {
            case .success(let text?):
                let result = LessonParser.parse(text, file: path, labNames: labNames, parts: parts)
                lesson = result.lesson
                diagnostics = result.diagnostics
                if let id = lesson?.id {
                    if let earlier = firstFileForID[id] {
                        let line = result.idLine ?? 1
                        let duplicate = Diagnostic(
                            file: path, line: line,
                            message: "duplicate lesson id '\(id)' (already used by \(earlier.visibleControlCharacters))"
                        )
                        // Keep the file's diagnostics in line order.
                        let index = diagnostics.firstIndex { $0.line > line } ?? diagnostics.endIndex
                        diagnostics.insert(duplicate, at: index)
                    } else {
                        firstFileForID[id] = path
                    }
                }
            case .success(nil):
                diagnostics = [Diagnostic(file: path, line: 1, message: "file is not valid UTF-8")]
            case .failure(let error):
                diagnostics = [Diagnostic(file: path, line: 1, message: error.reason)]
            }

            library.diagnostics += diagnostics
            if let lesson, diagnostics.isEmpty {
                library.lessons.append(lesson)
            } else {
                library.skippedFiles.append(path)
            }
        }
        return library
    }

    /// `tour.md` is in the lesson format but is the guided tour (`TourParser`), not a lesson.
    static func isLessonFileName(_ name: String) -> Bool {
        name.hasSuffix(".md") && name != "README.md" && name != "tour.md" && !name.hasPrefix(".")
    }
}
