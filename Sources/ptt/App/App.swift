import Curriculum
import Foundation
import Labs
import TerminalUI

/// The loop: event -> update -> view -> present. It owns the terminal and
/// the lab runner, carries out the effects `update` asks for, ticks ~30
/// times a second only while something moves, and otherwise blocks on input
/// (an idle ptt uses no CPU). It always gives the terminal back, whether the
/// user quits, a signal arrives or an error is thrown.
struct App {
    var model: AppModel
    /// Effects to carry out before the first frame (the first screen, a lab
    /// opened from the command line).
    var startEffects: [Effect] = []
    /// Every running lab.
    let labs = LabRunner()
    /// Where `.saveProgress` writes; nil: progress is not saved (tests, or a
    /// file that could not be moved aside).
    var store: ProgressStore?
    /// The last failed save, said on stderr once the terminal is back.
    private(set) var saveError: String?
    /// The last failed write of `--record FILE`, said on stderr once the terminal is back.
    var recordError: String? { labs.recorder?.lastError }

    static let frameInterval = 1.0 / 30

    init(model: AppModel, startEffects: [Effect] = []) {
        self.model = model
        self.startEffects = startEffects
        labs.reducedMotion = model.reducedMotion
        labs.labs = model.labs
        if let replay = model.replay { labs.replay = replay }
        if let (lab, file) = model.recordTo {
            labs.recorder = SessionRecorder(lab: lab, file: file, payloads: LabPayloads(lab: lab, in: model.labs))
        }
        self.model.playback = labs.status
    }

    /// Runs until the user quits or a termination signal arrives. Returns the
    /// exit status: 0 on quit, 128 + signal number after a signal.
    mutating func run(on terminal: any Terminal) throws -> Int32 {
        try terminal.start()
        defer {
            labs.stopAll()
            terminal.stop()
        }
        model.size = terminal.size
        if perform(navigate(&model, startEffects)) { return 0 }
        if model.stack.isEmpty { model.stack = [AnyScreen(HomeScreen())] }
        if perform(update(&model, .resize(terminal.size))) { return 0 }
        terminal.present(view(model))
        #if DEBUG
            // A test's way to crash the running tutor: the terminal must come back.
            if ProcessInfo.processInfo.environment["PTT_DEBUG_TRAP"] == "1" {
                preconditionFailure("PTT_DEBUG_TRAP: a Swift runtime trap inside the running tutor")
            }
            // A test's way to have the kernel give SIGWINCH to another thread:
            // one that sleeps, started before the main thread blocks the signal.
            // The main thread's read is not woken, and a resize must be seen anyway.
            if ProcessInfo.processInfo.environment["PTT_DEBUG_BLOCK_SIGWINCH"] == "1" {
                Thread.detachNewThread { while true { sleep(3600) } }
                var set = sigset_t()
                sigemptyset(&set)
                sigaddset(&set, SIGWINCH)
                pthread_sigmask(SIG_BLOCK, &set, nil)
            }
        #endif
        var lastTick = MonotonicClock.now()
        while true {
            let ticking = model.needsTicks || labs.isBusy
            // A running lab is sampled every frame; a screen with only a clock to show ticks as it asks.
            let interval = labs.isBusy ? Self.frameInterval : max(Self.frameInterval, model.tickInterval)
            let timeout: Double? =
                ticking
                ? max(0, interval - MonotonicClock.seconds(from: lastTick, to: MonotonicClock.now())) : nil
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
            if ticking, MonotonicClock.seconds(from: lastTick, to: MonotonicClock.now()) >= interval {
                lastTick = MonotonicClock.now()
                messages.append(contentsOf: labs.sample())
                messages.append(.tick)
            }
            for msg in messages {
                if perform(update(&model, msg)) { return 0 }
            }
            if !messages.isEmpty {
                takeRunnerStatus()
                terminal.present(view(model))
            }
        }
    }

    /// Writes `model.progress` to the store (on `.saveProgress`, quit and
    /// termination signals); a failure shows in the status bar.
    private mutating func saveProgress() {
        // A replay shows another run (maybe another machine's): its figures are not this learner's.
        guard let store, model.replay == nil else { return }
        do {
            try store.save(model.progress)
            saveError = nil
        } catch {
            saveError = "progress not saved: \(error)"
            model.notice = saveError
        }
    }

    /// What the runner says about the display (for the status bar, the
    /// keys and the banner), and a failed write of the recording.
    private mutating func takeRunnerStatus() {
        model.playback = labs.status
        if let error = labs.recorder?.lastError, error != reportedRecordError {
            model.notice = error
        }
        reportedRecordError = labs.recorder?.lastError
    }

    private var reportedRecordError: String?

    /// Carries out effects; true when one of them is quit.
    private mutating func perform(_ effects: [Effect]) -> Bool {
        for effect in effects {
            switch effect {
            case .quit:
                saveProgress()
                return true
            case .saveProgress:
                saveProgress()
            case .startLab(let run, let start):
                labs.start(run, start)
            case .controlLab(let run, let control):
                labs.control(run, control)
            case .stopLab(let run):
                labs.stop(run)
            case .playback(let key):
                // A step shows its output now; the next frame shows the rest.
                for msg in labs.playback(key) {
                    if perform(update(&model, msg)) { return true }
                }
                model.playback = labs.status
            case .push, .replace, .pop:
                // `update` applies navigation itself; only start effects come here unapplied.
                if perform(navigate(&model, [effect])) { return true }
            }
        }
        return false
    }
}
