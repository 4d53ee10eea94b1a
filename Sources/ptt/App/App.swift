import Curriculum
import Labs
import TerminalUI

/// The loop: event -> update -> view -> present. It owns the terminal and the
/// running lab, carries out the effects `update` asks for, ticks ~30 times a
/// second only while something moves, and otherwise blocks on input (an idle
/// ptt uses no CPU). It always gives the terminal back, whether the user quits,
/// a signal arrives or an error is thrown.
struct App {
    var model: AppModel
    /// Effects to carry out before the first frame (a lab opened from the command line).
    var startEffects: [Effect] = []
    private var counterRun: CounterRun?
    /// The running process labs (ipc, crash, fork) and their children.
    var processLabs = ProcessLabRunner()
    /// Where `.saveProgress` writes; nil: progress is not saved (tests, or a
    /// file that could not be moved aside).
    var store: ProgressStore?
    /// The last failed save, said on stderr once the terminal is back.
    private(set) var saveError: String?
    private var memoryLab: MemoryLab?

    static let frameInterval = 1.0 / 30

    init(model: AppModel, startEffects: [Effect] = []) {
        self.model = model
        self.startEffects = startEffects
    }

    /// Runs until the user quits or a termination signal arrives. Returns the
    /// exit status: 0 on quit, 128 + signal number after a signal.
    mutating func run(on terminal: any Terminal) throws -> Int32 {
        try terminal.start()
        defer {
            counterRun?.cancel()
            processLabs.stopAll()
            memoryLab?.stop()
            terminal.stop()
        }
        model.size = terminal.size
        if model.route == .lesson { LessonScreen.relayout(&model) }
        if perform(startEffects) { return 0 }
        terminal.present(view(model))
        var lastTick = MonotonicClock.now()
        while true {
            let timeout: Double? =
                model.needsTicks
                ? max(0, Self.frameInterval - MonotonicClock.seconds(from: lastTick, to: MonotonicClock.now())) : nil
            var messages: [Msg] = []
            switch terminal.nextEvent(timeout: timeout) {
            case .terminate(let signal)?:
                saveProgress()
                return 128 + signal
            case .resize(let size)?:
                messages.append(.resize(size))
            case .key(let key)?:
                messages.append(.key(key))
            case nil:
                break
            }
            if model.needsTicks, MonotonicClock.seconds(from: lastTick, to: MonotonicClock.now()) >= Self.frameInterval
            {
                lastTick = MonotonicClock.now()
                messages.append(contentsOf: sample() + processLabs.sample())
                messages.append(.tick)
            }
            for msg in messages {
                if perform(update(&model, msg)) { return 0 }
            }
            if !messages.isEmpty { terminal.present(view(model)) }
        }
    }

    /// What the running lab has to say since the last frame.
    private mutating func sample() -> [Msg] {
        guard let run = counterRun else { return [] }
        if let report = run.report {
            counterRun = nil
            return [.counterProgress(run.snapshot), .counterFinished(report)]
        }
        return [.counterProgress(run.snapshot)]
    }

    /// Writes `model.progress` to the store (on `.saveProgress`, quit and
    /// termination signals); a failure shows in the status bar.
    private mutating func saveProgress() {
        guard let store else { return }
        do {
            try store.save(model.progress)
            saveError = nil
        } catch {
            saveError = "progress not saved: \(error)"
            model.notice = saveError
        }
    }

    /// Carries out effects; true when one of them is quit.
    private mutating func perform(_ effects: [Effect]) -> Bool {
        var pending = effects
        while !pending.isEmpty {
            let effect = pending.removeFirst()
            switch effect {
            case .quit:
                saveProgress()
                return true
            case .cancelCounter:
                counterRun?.cancel()
                counterRun = nil
            case .saveProgress:
                saveProgress()
            case .startIPC, .controlIPC, .stopIPC, .startCrash, .startFork:
                for msg in processLabs.perform(effect) { pending.append(contentsOf: update(&model, msg)) }
            case .startMemory(let config):
                memoryLab?.stop()
                do {
                    let lab = try MemoryLab.start(config)
                    memoryLab = lab
                    pending.append(contentsOf: update(&model, .memoryReport(lab.report())))
                } catch {
                    pending.append(contentsOf: update(&model, .labFailed(String(describing: error))))
                }
            case .refreshMemory:
                if let lab = memoryLab { pending.append(contentsOf: update(&model, .memoryReport(lab.report()))) }
            case .stopMemory:
                memoryLab?.stop()
                memoryLab = nil
            case .startCounter(let config):
                counterRun?.cancel()
                do {
                    counterRun = try CounterRun.start(config)
                } catch {
                    counterRun = nil
                    pending.append(contentsOf: update(&model, .labFailed(String(describing: error))))
                }
            }
        }
        return false
    }
}
