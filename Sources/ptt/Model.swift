import Curriculum
import TerminalUI

/// Everything the tutor shows, as a value. `update` changes it, `view` draws it.
struct AppModel {
    enum Route: Equatable {
        case home
        case lesson
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
    var overlay: Overlay?
    /// Ids of lessons read to the end in this session.
    var readLessons: Set<String> = []
    /// A one-shot message for the status bar, cleared by the next key.
    var notice: String?
    /// Files skipped because they did not parse, said once on the home screen.
    var skippedFiles: [String] { library.skippedFiles }
    /// Live parts that can be started (labs built so far).
    var available: @Sendable (LivePart) -> Bool = { _ in false }

    init(library: LessonLibrary, size: Size) {
        self.library = library
        self.size = size
    }

    static let minimumSize = Size(width: 40, height: 12)

    var isTooSmall: Bool { size.width < Self.minimumSize.width || size.height < Self.minimumSize.height }
}

/// What the loop hands to `update`.
enum Msg: Equatable {
    case key(Key)
    case resize(Size)
}

/// What `update` asks the loop to do; `update` itself does no I/O.
enum Effect: Equatable {
    case quit
}
