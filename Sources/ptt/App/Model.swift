import Curriculum
import Foundation
import Labs
import TerminalUI

/// Everything the tutor shows, as a value. `update` changes it, `view` draws it.
struct AppModel {
    enum Route: Equatable {
        case home
        case lesson
        case counter
        case interleave
        case quiz
        case ipc
        case crash
        case fork
        case memory
    }

    enum Overlay: Equatable {
        case help
        case contents(selected: Int)
    }

    var library: LessonLibrary
    var size: Size
    var route: Route = .home
    var home = HomeState()
    var reader: ReaderState?
    var counter: CounterLabState?
    var interleave: InterleaveLabState?
    /// The process labs' screens (`ptt demo ipc`, `crash`, `fork`).
    var ipc: IPCLabState?
    var crash: CrashLabState?
    var fork: ForkLabState?
    var memory: MemoryLabState?
    /// Where `q` on a lab goes: the lesson it was started from, or home; nil
    /// when ptt was started on the lab (`ptt demo race`), where `q` quits.
    var labReturn: Route? = .home
    /// True when ptt was started on a lesson (`ptt lesson ID`): `q` there quits.
    var quitFromReader = false
    var overlay: Overlay?
    /// Ids of lessons read to the end in this session.
    var readLessons: Set<String> = []
    /// A one-shot message for the status bar, cleared by the next key.
    var notice: String?
    /// Files skipped because they did not parse, said once on the home screen.
    var skippedFiles: [String] { library.skippedFiles }
    /// Live parts that can be started (labs built so far).
    var available: @Sendable (LivePart) -> Bool = LabLauncher.isAvailable
    /// The quiz screen's state (`ptt quiz`, or a quiz part of a lesson).
    var quiz: QuizState?
    /// The interview questions (`lessons/quiz/`).
    var bank = QuizBank()
    /// What has been learned, loaded at start and saved by `.saveProgress`.
    var progress = LearnerProgress()
    /// Where `q` in the reader goes when the lesson was opened from the quiz.
    var readerReturn: Route?
    /// The time, for the review schedule and progress dates (tests fix it).
    var clock: @Sendable () -> Date = { Date() }
    /// Review days start at 4 a.m. local time (tests fix the time zone).
    var reviewDay = ReviewDay()
    /// Decides when a question comes back; swap FSRS for Leitner here.
    var scheduler: any ReviewScheduler { FSRSScheduler(day: reviewDay) }

    init(library: LessonLibrary, size: Size) {
        self.library = library
        self.size = size
    }

    static let minimumSize = Size(width: 40, height: 12)

    var isTooSmall: Bool { size.width < Self.minimumSize.width || size.height < Self.minimumSize.height }

    /// Whether the loop should wake up ~30 times a second: only while
    /// something moves. Otherwise it blocks on input and uses no CPU.
    var needsTicks: Bool {
        switch route {
        case .counter: counter?.isRunning ?? false
        case .interleave: interleave?.isPlaying ?? false
        case .ipc: ipc?.isRunning ?? false
        case .crash: crash?.isRunning ?? false
        case .fork: fork?.isRunning ?? false
        case .home, .lesson, .quiz, .memory: false
        }
    }
}

/// What the loop hands to `update`.
enum Msg: Equatable {
    case key(Key)
    case resize(Size)
    /// Time passed (only sent while `needsTicks`).
    case tick
    /// The running counter lab's latest snapshot.
    case counterProgress(CounterSnapshot)
    /// The running counter lab ended.
    case counterFinished(CounterReport)
    /// A lab could not start (a thread could not be created, …).
    case labFailed(String)
    /// The running ipc lab's latest snapshot, and its end.
    case ipcProgress(IPCSnapshot)
    case ipcFinished(IPCReport)
    /// The crash or fork lab ended.
    case crashFinished(CrashReport)
    case forkFinished(ForkReport)
    /// The memory lab read the maps.
    case memoryReport(MemoryReport)
}

/// What `update` asks the loop to do; `update` itself does no I/O.
enum Effect: Equatable {
    case quit
    /// Start a counter run (cancelling one that runs).
    case startCounter(CounterConfig)
    /// Stop the running counter run, if any.
    case cancelCounter
    /// Write `model.progress` to the progress file (atomically).
    case saveProgress
    /// Start the ipc lab's two children (stopping a run that goes on).
    case startIPC(IPCConfig)
    /// Pause, slow down or kill a side of the running ipc lab.
    case controlIPC(IPCControl)
    /// Kill and reap the running ipc lab's children, if any.
    case stopIPC
    /// Run the crash lab or the fork lab on a thread of its own.
    case startCrash
    case startFork
    /// Start the memory lab's threads and child, and read the maps.
    case startMemory(MemoryConfig)
    /// Read the maps again.
    case refreshMemory
    /// End the memory lab's threads and child.
    case stopMemory
}
