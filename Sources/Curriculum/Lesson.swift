/// A lesson: one section of the article, parsed from a Markdown file in `lessons/`.
///
/// Lessons are plain data: the reader screen lays the blocks out, the parser
/// makes them, and nothing here knows about terminals.
public struct Lesson: Sendable, Equatable, Identifiable {
    /// The short name used on the command line (`ptt lesson process`).
    public var id: String
    public var title: String
    /// The file the lesson came from, as given to the parser (for messages).
    public var file: String
    public var blocks: [Block]

    public init(id: String, title: String, file: String, blocks: [Block]) {
        self.id = id
        self.title = title
        self.file = file
        self.blocks = blocks
    }
}

/// A run of text with one emphasis, inside a paragraph, list item or cell.
public struct Span: Sendable, Equatable {
    public enum Emphasis: Sendable, Equatable {
        case plain, strong, emphasis, code
    }
    public var text: String
    public var emphasis: Emphasis

    public init(_ text: String, _ emphasis: Emphasis = .plain) {
        self.text = text
        self.emphasis = emphasis
    }
}

/// Inline text: a paragraph, a list item, a table cell.
public typealias RichText = [Span]

extension Array where Element == Span {
    /// The text without emphasis markers.
    public var plainText: String { map(\.text).joined() }
}

/// One list item; `children` holds a nested list's items.
public struct ListItem: Sendable, Equatable {
    public var text: RichText
    public var children: [ListItem]
    public var ordered: Bool

    public init(text: RichText, children: [ListItem] = [], ordered: Bool = false) {
        self.text = text
        self.children = children
        self.ordered = ordered
    }
}

public enum ColumnAlignment: Sendable, Equatable {
    case left, center, right
}

public struct Table: Sendable, Equatable {
    public var header: [RichText]
    public var alignments: [ColumnAlignment]
    public var rows: [[RichText]]

    public init(header: [RichText], alignments: [ColumnAlignment], rows: [[RichText]]) {
        self.header = header
        self.alignments = alignments
        self.rows = rows
    }
}

/// The kinds of GitHub-style alert a blockquote can be (`> [!WARNING]`).
public enum CalloutKind: String, Sendable, Equatable, CaseIterable {
    case note = "NOTE"
    case tip = "TIP"
    case important = "IMPORTANT"
    case warning = "WARNING"
    case caution = "CAUTION"
}

/// A live part of a lesson, written as a named fence (```` ```lab race ````).
public enum LivePart: Sendable, Equatable {
    case lab(String)
    case diagram(String)
    case quiz(String)

    /// The fence word (`lab`, `diagram`, `quiz`).
    public var kind: String {
        switch self {
        case .lab: "lab"
        case .diagram: "diagram"
        case .quiz: "quiz"
        }
    }

    /// The lab, diagram or quiz level named after the kind.
    public var name: String {
        switch self {
        case .lab(let name), .diagram(let name), .quiz(let name): name
        }
    }

    public static let labNames = [
        "race", "locked", "atomic", "interleave", "ipc", "crash", "fork", "switch",
        "spawn", "memory", "deadlock", "scaling", "threads-overhead",
    ]
    public static let diagramNames = ["process-layout", "thread-layout"]
    public static let quizLevels = ["beginner", "intermediate", "senior"]
}

public enum Block: Sendable, Equatable {
    /// `#` is level 1, `###` level 3.
    case heading(level: Int, text: RichText)
    case paragraph(RichText)
    case list(items: [ListItem])
    case table(Table)
    /// Verbatim lines; `language` is the fence's info string, or nil.
    case code(language: String?, lines: [String])
    case callout(kind: CalloutKind, blocks: [Block])
    case quote([Block])
    /// A named fence; `caption` is its content, verbatim.
    case live(LivePart, caption: [String])
    case rule
}
