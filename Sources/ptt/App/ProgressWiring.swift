import Curriculum
import Foundation

/// Where progress lives and how the app loads it, keeps it current and
/// asks for it to be saved.
extension GlobalOptions {
    /// The progress file: `--state`, then `PTT_STATE`, then
    /// `$XDG_STATE_HOME/ptt/progress.json`, then `~/.local/state/ptt/progress.json`.
    func progressStore() -> ProgressStore? {
        if let state, !state.isEmpty { return ProgressStore(path: state) }
        return ProgressStore.defaultPath(environment: ProcessInfo.processInfo.environment).map(ProgressStore.init)
    }

    /// The quiz bank beside the lessons (`lessons/quiz/`). Broken questions
    /// are left out; `ptt check` names them.
    func loadBank(for library: LessonLibrary) -> QuizBank { courseBank(for: library) }
}

/// Loads the bank and the saved progress into a fresh model. Returns the
/// store to save to, or nil when saving must not happen (no HOME, or a file
/// that could not be read nor moved aside). A warning goes to stderr now and
/// to the status bar once the screen is up.
func prepareProgress(_ model: inout AppModel, global: GlobalOptions) -> ProgressStore? {
    ProgressStore.ignoreFileSizeLimitSignal()  // a write over `ulimit -f` fails with EFBIG, not SIGXFSZ
    if model.bank.questions.isEmpty { model.bank = global.loadBank(for: model.library) }
    guard let store = global.progressStore() else {
        warn("no HOME or PTT_STATE: progress will not be saved (pass --state FILE)")
        return nil
    }
    let loaded = store.load(now: model.clock())
    if let warning = loaded.warning {
        warn(warning)
        model.notice = warning
    }
    model.adoptProgress(loaded.progress)
    return loaded.canSave ? store : nil
}

private func warn(_ message: String) {
    FileHandle.standardError.write(Data("ptt: \(message)\n".utf8))
}

extension AppModel {
    /// Takes loaded progress, keeping what this run recorded before it (a
    /// lab opened from the command line, a lesson read on opening).
    mutating func adoptProgress(_ loaded: LearnerProgress) {
        let early = progress
        progress = loaded
        for (name, lab) in early.labs {
            for _ in 0..<lab.runs { progress.recordLab(name, at: lab.lastRun ?? clock()) }
        }
        for id in readLessons { progress.markRead(id, at: clock()) }
        for record in early.measurements.values { progress.recordMeasurement(record) }
        loadMeasurements()
        readLessons.formUnion(progress.readLessons)
        // `ptt lesson ID` opened the reader before progress was loaded: resume it now.
        if stack.count == 1, let index = stack.indices.last, var lesson = stack[index].base as? LessonScreen,
            lesson.reader.offset == 0
        {
            lesson.reader.offset = resumeLine(for: library.lessons[lesson.reader.index].id)
            stack[index] = AnyScreen(lesson)
        }
    }

    /// Where to reopen a lesson: where the reader left it, read to the end
    /// or not (a finished lesson remembers its place too).
    func resumeLine(for id: String) -> Int { progress.lessons[id]?.position ?? 0 }

    /// Called by `update` after each message: copies the reader's position
    /// and newly read lessons into `progress`, and asks for a save when a
    /// lesson was read. (The loop saves on quit by itself.)
    mutating func trackProgress(_ effects: [Effect], readBefore: Set<String>) -> [Effect] {
        if let reader = (front?.base as? LessonScreen)?.reader, library.lessons.indices.contains(reader.index) {
            progress.setPosition(library.lessons[reader.index].id, line: reader.offset)
            lastLessonID = library.lessons[reader.index].id
        }
        var effects = effects
        let newlyRead = readLessons.subtracting(readBefore)
        for id in newlyRead.sorted() { progress.markRead(id, at: clock()) }
        if !newlyRead.isEmpty && !effects.contains(.saveProgress) { effects.append(.saveProgress) }
        return effects
    }
}
