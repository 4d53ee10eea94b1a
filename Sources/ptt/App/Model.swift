import Curriculum
import Foundation
import Labs
import TerminalUI

/// Everything the tutor shows, as a value: the shared parts (course,
/// progress, size, the notice line) and the stack of screens. `update`
/// changes it, `view` draws it.
struct AppModel: Sendable {
    enum Overlay: Equatable, Sendable {
        case help
        case contents(selected: Int)
    }

    var library: LessonLibrary
    var size: Size
    /// The screens, bottom first; the last is in front. `q` pops it; when the
    /// last one is popped, ptt quits.
    var stack: [AnyScreen] = []
    var overlay: Overlay?
    /// Presenter mode (`P`, `--present`): big figures, high contrast, a large key legend.
    var presenting = false
    /// `--seed N`: random choices (the quiz order) repeat; nil: they follow the clock.
    var seed: UInt64?
    /// `--no-animation`: labs skip their slowed-down runs and show final figures only.
    var reducedMotion = false
    /// How the runs are shown now (paused, slow, held, a replay's label):
    /// the app copies it from its lab runner after each frame.
    var playback = PlaybackStatus()
    /// `ptt demo NAME --record FILE`: the lab and the file every run is saved to.
    var recordTo: (lab: String, file: String)?
    /// `ptt demo NAME --replay FILE`: the recording whose runs the screen's starts are served from.
    var replay: LabReplay?
    /// Ids of lessons read to the end in this session.
    var readLessons: Set<String> = []
    /// The lesson last in front in this session (the home screen's "Continue").
    var lastLessonID: String?
    /// A one-shot message for the status bar, cleared by the next key.
    var notice: String?
    /// Files skipped because they did not parse, said once on the home screen.
    var skippedFiles: [String] { library.skippedFiles }
    /// The labs there are, by name.
    var labs = LabRegistry.standard
    /// The measurement labs' latest reports in this session, for the
    /// article's claims.
    var measurements = MeasuredReports()
    /// The interview questions (`lessons/quiz/`).
    var bank = QuizBank()
    /// What has been learned, loaded at start and saved by `.saveProgress`.
    var progress = LearnerProgress()
    /// The time, for the review schedule and progress dates (tests fix it).
    var clock: @Sendable () -> Date = { Date() }
    /// Review days start at 4 a.m. local time (tests fix the time zone).
    var reviewDay = ReviewDay()
    /// Decides when a question comes back; swap FSRS for Leitner here.
    var scheduler: any ReviewScheduler { FSRSScheduler(day: reviewDay) }
    /// The last lab run handed out (`newRun`).
    private var lastRun = 0

    init(library: LessonLibrary, size: Size) {
        self.library = library
        self.size = size
    }

    static let minimumSize = Size(width: 40, height: 12)

    var isTooSmall: Bool { size.width < Self.minimumSize.width || size.height < Self.minimumSize.height }

    /// The screen in front.
    var front: AnyScreen? { stack.last }

    /// The name of the screen in front (`home`, `lesson`, `lab fork`), or "" with none.
    var screenName: String { front?.name ?? "" }

    /// The topmost screen of type `S`, if any (tests and the progress wiring read them).
    func screen<S: Screen>(_ type: S.Type) -> S? {
        stack.lazy.reversed().compactMap { $0.base as? S }.first
    }

    /// Whether live part `part` can be started: a quiz level, or a lab in the registry.
    func isAvailable(_ part: LivePart) -> Bool {
        switch part {
        case .quiz: true
        case .lab(let name): labs.entry(named: name) != nil
        case .diagram: false
        }
    }

    /// A new identity for a lab run: its messages go to the screen that holds it, and nowhere else.
    mutating func newRun(_ lab: String) -> RunID {
        lastRun += 1
        return RunID(lab: lab, number: lastRun)
    }

    /// Whether the loop should wake up ~30 times a second: only while
    /// something moves. Otherwise it blocks on input and uses no CPU.
    var needsTicks: Bool { front?.base.needsTicks ?? false }
    /// Seconds between ticks the screen in front asks for.
    var tickInterval: Double { front?.base.tickInterval ?? App.frameInterval }
}

/// What the loop hands to `update`.
enum Msg: Sendable {
    case key(Key)
    case resize(Size)
    /// Time passed (only sent while `needsTicks`).
    case tick
    /// A lab run said something: a snapshot, its report, or that it failed.
    case lab(RunID, LabOutput)
}

/// What `update` asks the loop to do; `update` itself does no I/O.
enum Effect: Sendable, Equatable, CustomStringConvertible {
    case quit
    /// Put a screen in front (`q` comes back to this one).
    case push(AnyScreen)
    /// Replace the screen in front (next lesson: `q` still goes where it went).
    case replace(AnyScreen)
    /// Close the screen in front; quit when it was the last.
    case pop
    /// Write `model.progress` to the progress file (atomically).
    case saveProgress
    /// Start a lab run off the UI thread; its messages come back as `.lab(run, …)`.
    case startLab(RunID, LabStart)
    /// Tell a running lab something (pause, slow down, read again, …).
    case controlLab(RunID, LabControl)
    /// Stop a lab run: its threads end, its children are killed and reaped.
    case stopLab(RunID)
    /// A playback key (Space, `s`, `.`) for the runner's display clock.
    case playback(PlaybackKey)

    var description: String {
        switch self {
        case .quit: "quit"
        case .push(let screen): "push \(screen.name)"
        case .replace(let screen): "replace \(screen.name)"
        case .pop: "pop"
        case .saveProgress: "saveProgress"
        case .startLab(let run, let start): "start \(run) \(start.detail)"
        case .controlLab(let run, let control): "control \(run) \(control)"
        case .stopLab(let run): "stop \(run)"
        case .playback(let key): "playback \(key.rawValue)"
        }
    }

    static func == (a: Effect, b: Effect) -> Bool { a.description == b.description }
}

extension Effect {
    static func push(_ screen: any Screen) -> Effect { .push(AnyScreen(screen)) }
    static func replace(_ screen: any Screen) -> Effect { .replace(AnyScreen(screen)) }
}
