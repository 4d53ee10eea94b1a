import Curriculum
import Labs
import TerminalUI

/// Which live parts exist, and how to open one from a lesson or the command line.
enum LabLauncher {
    /// The labs built so far; the others show as "not built yet" in lessons.
    static let builtLabs: Set<String> = [
        "race", "locked", "atomic", "interleave", "ipc", "crash", "fork", "memory",
    ]

    @Sendable static func isAvailable(_ part: LivePart) -> Bool {
        if case .quiz = part { return true }
        if case .lab(let name) = part { return builtLabs.contains(name) }
        return false
    }

    /// Opens a lab screen. `returnTo` is where `q` goes (nil: quit ptt).
    static func open(_ model: inout AppModel, _ part: LivePart, returnTo: AppModel.Route?) -> [Effect] {
        if case .quiz(let level) = part {
            return QuizScreen.open(
                &model, level: QuizLevel(rawValue: level), section: nil, practice: false,
                limit: QuizScreen.lessonQuizLength, returnTo: returnTo)
        }
        guard case .lab(let name) = part else { return [] }
        model.progress.recordLab(name, at: model.clock())
        model.labReturn = returnTo
        if let kind = CounterKind(rawValue: name) {
            model.counter = CounterLabState(kind: kind)
            model.route = .counter
        } else if name == "interleave" {
            model.interleave = InterleaveLabState()
            model.route = .interleave
        } else if name == "ipc" {
            // The process labs start at once: nothing to predict or set first.
            model.ipc = IPCLabState()
            model.route = .ipc
            return IPCScreen.start(&model)
        } else if name == "crash" {
            model.route = .crash
            return CrashScreen.start(&model)
        } else if name == "fork" {
            model.route = .fork
            return ForkScreen.start(&model)
        } else if name == "memory" {
            let lab = MemoryLabState()
            model.memory = lab
            model.route = .memory
            return [.startMemory(MemoryConfig(threads: lab.threads))]
        }
        return []
    }

    /// Leaves a lab: back where it was opened from, or quit.
    static func close(_ model: inout AppModel) -> [Effect] {
        guard let back = model.labReturn else { return [.quit] }
        model.route = back
        if back == .lesson { LessonScreen.relayout(&model) }
        return []
    }
}
