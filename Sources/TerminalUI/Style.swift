/// What a piece of text *is*, not what colour it has. The terminal backend maps
/// roles to colour pairs in one place (as htop's CRT does); without colours it
/// maps them to attributes.
public enum ColorRole: Int, Sendable, CaseIterable {
    case normal
    case title
    case heading
    case subheading
    case strong
    case emphasis
    case code
    case codeLabel
    case dim
    case accent
    case thread
    case process
    case ok
    case warn
    case bad
    case note
    case selection
    case statusBar
    case statusKey
    case border
}

/// How a cell looks: a role plus attributes.
public struct Style: Sendable, Equatable, Hashable {
    public var role: ColorRole
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool
    public var italic: Bool

    public init(
        _ role: ColorRole = .normal, bold: Bool = false, dim: Bool = false,
        reverse: Bool = false, underline: Bool = false, italic: Bool = false
    ) {
        self.role = role
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
        self.italic = italic
    }

    public static let plain = Style()

    public func bolded(_ on: Bool = true) -> Style {
        var s = self
        s.bold = on
        return s
    }
}
