import ArgumentParser
import Curriculum
import Foundation

/// Options every command takes: where the lessons are, where progress is kept,
/// and whether to use colour.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The folder of lesson files (or PTT_LESSONS).", valueName: "dir"))
    var lessons: String?

    @Option(name: .long, help: ArgumentHelp("The progress file (or PTT_STATE).", valueName: "file"))
    var state: String?

    @Flag(name: .long, help: "Draw without colours (or set NO_COLOR).")
    var noColor = false

    var usesColor: Bool {
        if noColor { return false }
        if let v = ProcessInfo.processInfo.environment["NO_COLOR"], !v.isEmpty { return false }
        return true
    }

    /// The lessons folder: --lessons, then PTT_LESSONS, then `lessons/` beside
    /// the package this binary was built in (so `swift run ptt` works from a
    /// checkout), then `share/ptt/lessons` beside an installed binary, then
    /// `./lessons`.
    func lessonsDirectory() throws -> String {
        if let lessons { return lessons }
        if let env = ProcessInfo.processInfo.environment["PTT_LESSONS"], !env.isEmpty { return env }
        let candidates = Self.defaultLessonDirectories()
        if let found = candidates.first(where: Self.isLessonDirectory) { return found }
        throw ValidationError(
            "no lessons folder found (looked in: \(candidates.joined(separator: ", "))); pass --lessons DIR or set PTT_LESSONS"
        )
    }

    static func defaultLessonDirectories() -> [String] {
        var out: [String] = []
        let exe =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        out.append(dir.deletingLastPathComponent().appendingPathComponent("share/ptt/lessons").path)
        // Walk up from .build/<triple>/<config>/ to the package root.
        for _ in 0..<5 {
            let candidate = dir.appendingPathComponent("lessons").path
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
                out.insert(candidate, at: 0)
                break
            }
            dir = dir.deletingLastPathComponent()
        }
        out.append(FileManager.default.currentDirectoryPath + "/lessons")
        return out
    }

    static func isLessonDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    /// Loads the lessons, or fails with a message naming the folder.
    func loadLibrary() throws -> LessonLibrary {
        let dir = try lessonsDirectory()
        do {
            return try LessonLibrary.load(directory: dir, labNames: LabRegistry.standard.names)
        } catch {
            throw ValidationError(String(describing: error))
        }
    }
}
