import ArgumentParser
import Curriculum
import Foundation
import TerminalUI

/// `ptt`: the full-screen tutor.
struct TutorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tutor",
        abstract: "Open the full-screen tutor (the default).",
        shouldDisplay: false
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runTutor(global: global, openLesson: nil)
    }
}

/// The commands that work without a terminal, named when there is none.
let nonInteractiveCommands =
    "ptt lessons, ptt lesson ID --plain, ptt demo NAME --json, ptt progress [--json], ptt check [DIR]"

/// Opens the tutor (on a lesson, if given). Exits 2 without a terminal.
func runTutor(global: GlobalOptions, openLesson: String?, library loaded: LessonLibrary? = nil) throws {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
        FileHandle.standardError.write(
            Data(
                "ptt: the tutor needs a terminal on stdin and stdout; without one, try: \(nonInteractiveCommands)\n"
                    .utf8))
        throw ExitCode(2)
    }
    let library = try loaded ?? global.loadLibrary()
    for file in library.skippedFiles {
        FileHandle.standardError.write(Data("ptt: skipped \(file) (run ptt check for details)\n".utf8))
    }
    var model = AppModel(library: library, size: Size(width: 80, height: 24))
    var first: [Effect] = [.push(HomeScreen())]
    if let openLesson {
        // Opened on a lesson, `q` there quits: it is the only screen.
        let index = try lessonIndex(openLesson, in: library)
        first = LessonScreen.open(&model, index: index).map { [.push($0)] } ?? first
    }
    try runApp(model: model, global: global, startEffects: first)
}

/// Runs the full-screen app on the real terminal until it quits, with the
/// saved progress loaded first.
func runApp(model: AppModel, global: GlobalOptions, startEffects: [Effect] = []) throws {
    var model = model
    let store = prepareProgress(&model, global: global)
    try runPreparedApp(model: model, store: store, global: global, startEffects: startEffects)
}

/// Runs the app on a model whose progress is already loaded (`ptt quiz`
/// plans its round from it); saves go to `store`.
func runPreparedApp(model: AppModel, store: ProgressStore?, global: GlobalOptions, startEffects: [Effect] = []) throws {
    TerminationSignals.install()
    var model = model
    global.apply(to: &model)
    var app = App(model: model, startEffects: startEffects)
    app.store = store
    let terminal = NcursesTerminal(color: global.usesColor)
    let status: Int32
    do {
        status = try app.run(on: terminal)
    } catch let error as NcursesTerminal.StartError {
        TerminationSignals.restoreDefaults()
        FileHandle.standardError.write(
            Data("ptt: \(error); without one, try: \(nonInteractiveCommands)\n".utf8))
        throw ExitCode(2)
    }
    TerminationSignals.restoreDefaults()
    if let error = app.saveError { FileHandle.standardError.write(Data("ptt: \(error)\n".utf8)) }
    if let error = app.recordError { FileHandle.standardError.write(Data("ptt: \(error)\n".utf8)) }
    if status != 0 { throw ExitCode(status) }
    // What the learner did (or the recording asked for) was not saved: say so in the exit status too.
    if app.saveError != nil || app.recordError != nil { throw ExitCode(1) }
}

/// Finds a lesson by id (any case) or by its number in the course (1-based).
func lessonIndex(_ id: String, in library: LessonLibrary) throws -> Int {
    let lessons = library.lessons
    if let i = lessons.firstIndex(where: { $0.id == id }) { return i }
    if let i = lessons.firstIndex(where: { $0.id.lowercased() == id.lowercased() }) { return i }
    if let n = Int(id), lessons.indices.contains(n - 1) { return n - 1 }
    guard !lessons.isEmpty else {
        let skipped = library.skippedFiles.count
        throw ValidationError(
            "unknown lesson '\(id)': no lesson could be read"
                + (skipped > 0 ? " (\(counted(skipped, "file")) skipped: ptt check names the problems)" : ""))
    }
    throw ValidationError(
        "unknown lesson '\(id)' (known: \(lessons.map(\.id).joined(separator: ", ")), or a number 1-\(lessons.count))")
}
