import ArgumentParser
import Course
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

    @Flag(name: .long, help: "Start in presenter mode: big figures and keys for a class (P toggles it).")
    var present = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Make random choices (the quiz order) repeatable: the same N, the same order.", valueName: "N"))
    var seed: UInt64?

    @Flag(name: .long, help: "Reduced motion: labs skip their slowed-down runs and show the final figures only.")
    var noAnimation = false

    /// What these options set in the app before it starts: presenter mode, the seed, reduced motion.
    func apply(to model: inout AppModel) {
        if present { model.presenting = true }
        if let seed { model.seed = seed }
        if noAnimation { model.reducedMotion = true }
    }

    var usesColor: Bool {
        if noColor { return false }
        if let v = ProcessInfo.processInfo.environment["NO_COLOR"], !v.isEmpty { return false }
        return true
    }

    /// Where the course comes from, and why that copy.
    enum CourseSource: Equatable {
        /// A folder: `--lessons`, `PTT_LESSONS`, the checkout's `lessons/` or
        /// an installed `share/ptt/lessons`; `reason` says which.
        case directory(String, reason: String)
        /// The copy built into this binary (see `EmbeddedCourse`).
        case embedded

        /// One line for `ptt lessons --where`.
        var description: String {
            switch self {
            case .directory(let path, let reason): "\(path) (\(reason))"
            case .embedded: "the copy built into this binary (\(EmbeddedCourse.files.count) files)"
            }
        }
    }

    /// The course: --lessons, then PTT_LESSONS, then `lessons/` of the
    /// checkout this binary was built in (read live, so an edit shows without
    /// a rebuild), then `share/ptt/lessons` beside an installed binary, then
    /// the copy built into the binary.
    func courseSource() -> CourseSource {
        if let lessons { return .directory(lessons, reason: "--lessons") }
        if let env = ProcessInfo.processInfo.environment["PTT_LESSONS"], !env.isEmpty {
            return .directory(env, reason: "PTT_LESSONS")
        }
        let exe =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let binDir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // Walk up from .build/<triple>/<config>/ to the package root.
        var dir = binDir
        for _ in 0..<5 {
            let lessons = dir.appendingPathComponent("lessons").path
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
                if Self.isLessonDirectory(lessons) { return .directory(lessons, reason: "the checkout") }
                break
            }
            dir = dir.deletingLastPathComponent()
        }
        let installed = binDir.deletingLastPathComponent().appendingPathComponent("share/ptt/lessons").path
        if Self.isLessonDirectory(installed) { return .directory(installed, reason: "installed") }
        return .embedded
    }

    /// The lessons folder in use; for the built-in copy, a name for messages.
    func lessonsDirectory() throws -> String {
        switch courseSource() {
        case .directory(let path, _): path
        case .embedded: Self.embeddedName
        }
    }

    static func isLessonDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    /// How diagnostics name the built-in copy's files (`built-in:lessons/quiz/senior.md`).
    static let embeddedName = "built-in:lessons"

    /// Loads the lessons, or fails with a message naming the folder.
    func loadLibrary() throws -> LessonLibrary {
        do {
            switch courseSource() {
            case .directory(let dir, _):
                return try LessonLibrary.load(directory: dir, labNames: LabRegistry.standard.names, parts: .everyCPU)
            case .embedded:
                return try LessonLibrary.load(
                    files: EmbeddedCourse.files(under: ""), directory: Self.embeddedName,
                    labNames: LabRegistry.standard.names, parts: .everyCPU)
            }
        } catch {
            throw ValidationError(String(describing: error))
        }
    }

    /// The quiz bank of the course in use (`quiz/` of the folder, or of the
    /// built-in copy); empty when the course has none.
    func courseBank(for library: LessonLibrary) -> QuizBank {
        let sections = Set(library.lessons.map(\.id))
        switch courseSource() {
        case .directory(let dir, _):
            return QuizBank.load(
                directory: QuizBank.directory(inLessons: dir), sections: sections, labNames: LabRegistry.standard.names)
        case .embedded:
            return QuizBank.load(
                files: EmbeddedCourse.files(under: "quiz"), directory: QuizBank.directory(inLessons: Self.embeddedName),
                sections: sections, labNames: LabRegistry.standard.names)
        }
    }
}
