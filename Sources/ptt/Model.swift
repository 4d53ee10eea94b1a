import Curriculum
import Labs
import TerminalUI

/// Everything the tutor shows, as a value. `update` changes it, `view` draws it.
struct AppModel {
    enum Route: Equatable {
        case home
        case lesson
        case counter
        case interleave
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
        case .home, .lesson, .memory: false
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
    /// Start the memory lab's threads and child, and read the maps.
    case startMemory(MemoryConfig)
    /// Read the maps again.
    case refreshMemory
    /// End the memory lab's threads and child.
    case stopMemory
}
