import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The scenarios of a directory (`lessons/scenarios`), in file-name order,
/// with every problem found.
///
/// Like ``LessonLibrary``, one broken file never hides the others: a file
/// with any diagnostic is left out of `scenarios`, its diagnostics are kept
/// and its path listed in `skippedFiles`.
///
///     let library = try ScenarioLibrary.load(lessonsDirectory: "lessons")
///     library.scenario(id: "lost-update")?.title
///     library.diagnostics.forEach { print($0) }
public struct ScenarioLibrary: Sendable {
    public var scenarios: [Scenario]
    /// Problems in all files, file by file in name order, each in line order.
    public var diagnostics: [Diagnostic]
    /// Paths of the files left out because of their diagnostics.
    public var skippedFiles: [String]

    public init(scenarios: [Scenario] = [], diagnostics: [Diagnostic] = [], skippedFiles: [String] = []) {
        self.scenarios = scenarios
        self.diagnostics = diagnostics
        self.skippedFiles = skippedFiles
    }

    public func scenario(id: String) -> Scenario? {
        scenarios.first { $0.id == id }
    }

    /// The folder of a lessons directory that holds its scenarios.
    public static let folderName = "scenarios"

    /// Loads `lessonsDirectory/scenarios`. A lessons directory without a
    /// scenarios folder gives an empty library (not an error).
    public static func load(lessonsDirectory: String) throws(LessonLibraryError) -> ScenarioLibrary {
        let path = lessonsDirectory.hasSuffix("/") ? lessonsDirectory + folderName : lessonsDirectory + "/" + folderName
        // Nothing there is no scenarios; a symbolic link loop or a link to
        // nothing is a mistake to report, not an empty folder.
        var info = stat()
        var link = stat()
        if stat(path, &info) != 0 && (errno != ENOENT || lstat(path, &link) == 0) {
            throw .unreadableDirectory(path)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return ScenarioLibrary()
        }
        return try load(directory: path)
    }

    /// Reads every `*.md` file in `directory` except `README.md` and hidden
    /// files, in name order. An id used by an earlier file is a diagnostic on
    /// the later file's `id:` line, and the later file is skipped.
    ///
    /// Throws only when the directory itself is unusable or holds no scenario files.
    public static func load(directory: String) throws(LessonLibraryError) -> ScenarioLibrary {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
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
        let fileNames = names.filter { LessonLibrary.isLessonFileName($0) }.sorted()
        guard !fileNames.isEmpty else { throw .noLessons(directory) }

        var library = ScenarioLibrary()
        var firstFileForID: [String: String] = [:]
        for name in fileNames {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var result = load(file: path)
            if let id = result.id {
                if let earlier = firstFileForID[id] {
                    let line = result.idLine ?? 1
                    let duplicate = Diagnostic(
                        file: path, line: line, message: "duplicate scenario id '\(id)' (already used by \(earlier))")
                    let index = result.diagnostics.firstIndex { $0.line > line } ?? result.diagnostics.endIndex
                    result.diagnostics.insert(duplicate, at: index)
                } else {
                    firstFileForID[id] = path
                }
            }
            library.diagnostics += result.diagnostics
            if let scenario = result.scenario, result.diagnostics.isEmpty {
                library.scenarios.append(scenario)
            } else {
                library.skippedFiles.append(path)
            }
        }
        return library
    }

    /// Parses one scenario file (for `--scenario FILE`); unreadable or
    /// non-UTF-8 files become a diagnostic on line 1. Read as lessons are
    /// (``SafeFile``): a FIFO, a device or a file over the lesson limit is
    /// refused with a message, never waited on or read without end.
    public static func load(file path: String) -> ScenarioParseResult {
        let read: String?
        do throws(FileReadError) {
            read = try SafeFile.readText(path, limit: SafeFile.lessonLimit)
        } catch {
            return ScenarioParseResult(
                scenario: nil, diagnostics: [Diagnostic(file: path, line: 1, message: error.reason)])
        }
        guard let text = read else {
            return ScenarioParseResult(
                scenario: nil, diagnostics: [Diagnostic(file: path, line: 1, message: "file is not valid UTF-8")])
        }
        return ScenarioParser.parse(text, file: path)
    }
}

/// Why `--scenario ID|FILE` found no usable scenario.
public enum ScenarioLookupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No scenario has this id; `known` lists the ids there are.
    case unknownID(String, known: [String])
    /// The file (or the scenario with this id) has problems; each names file:line.
    case broken([Diagnostic])
    /// The lessons directory or its scenarios folder cannot be used.
    case library(LessonLibraryError)

    public var description: String {
        switch self {
        case .unknownID(let id, let known):
            "no scenario '\(id)' (known: \(known.joined(separator: ", ")))"
        case .broken(let diagnostics):
            diagnostics.map(\.description).joined(separator: "\n")
        case .library(let error):
            error.description
        }
    }
}

extension ScenarioLibrary {
    /// The scenario for `--scenario ARGUMENT`: a path when the argument
    /// contains `/` or ends in `.md`, else an id in `lessonsDirectory/scenarios`.
    public static func find(_ argument: String, lessonsDirectory: String) throws(ScenarioLookupError) -> Scenario {
        if argument.contains("/") || argument.hasSuffix(".md") {
            let result = load(file: argument)
            guard let scenario = result.scenario, result.diagnostics.isEmpty else {
                throw .broken(result.diagnostics)
            }
            return scenario
        }
        let library: ScenarioLibrary
        do {
            library = try load(lessonsDirectory: lessonsDirectory)
        } catch {
            throw .library(error)
        }
        if let scenario = library.scenario(id: argument) { return scenario }
        // A file with this id that failed to load: show why.
        let broken = library.diagnostics.filter { diagnostic in
            library.skippedFiles.contains(diagnostic.file)
                && URL(fileURLWithPath: diagnostic.file).lastPathComponent.hasSuffix("-\(argument).md")
        }
        if !broken.isEmpty { throw .broken(broken) }
        throw .unknownID(argument, known: library.scenarios.map(\.id))
    }
}
