/// A one-row bar of key hints (`q back  ? help`) with an optional message on
/// the right. When space runs short, the hints of lowest priority go first
/// (whole, never cut); essential hints (help, back, a key the goal needs)
/// always stay. The message yields to the keys: it gets what room is left.
///
///     StatusBar(hints: [.init("↑↓", "move"), .init("?", "help", essential: true)])
public struct StatusBar: Widget, Sendable, Equatable {
    public struct Hint: Sendable, Equatable {
        public var key: String
        public var label: String
        /// Which hints go first when room runs short: lower first.
        /// `Hint.essential` and above are never dropped.
        public var priority: Int
        public static let essentialPriority = 100

        public var essential: Bool { priority >= Self.essentialPriority }

        public init(_ key: String, _ label: String, essential: Bool = false) {
            self.init(key, label, priority: essential ? Self.essentialPriority : 10)
        }

        public init(_ key: String, _ label: String, priority: Int) {
            self.key = key
            self.label = label
            self.priority = priority
        }

        var width: Int { CharacterWidth.of(key) + 1 + CharacterWidth.of(label) + 2 }
    }

    public var hints: [Hint]
    public var message: String?
    public var messageStyle = Style(.statusBar, bold: true)

    public init(hints: [Hint], message: String? = nil) {
        self.hints = hints
        self.message = message
    }

    public func message(_ text: String?, style: Style = Style(.statusBar, bold: true)) -> StatusBar {
        var c = self
        c.message = text
        c.messageStyle = style
        return c
    }

    /// The hints that fit in `width`, in their order: the essential ones,
    /// then the others by priority (higher first, earlier first on a tie).
    /// The message does not take room from them.
    public func visibleHints(width: Int) -> [Hint] {
        var used = 1 + hints.filter(\.essential).reduce(0) { $0 + $1.width }
        var keep = Set(hints.indices.filter { hints[$0].essential })
        let others = hints.indices.filter { !hints[$0].essential }.sorted {
            hints[$0].priority != hints[$1].priority ? hints[$0].priority > hints[$1].priority : $0 < $1
        }
        for i in others where used + hints[i].width <= width {
            keep.insert(i)
            used += hints[i].width
        }
        return hints.indices.filter { keep.contains($0) }.map { hints[$0] }
    }

    public func draw(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        let y = area.y
        canvas.fill(Rect(x: area.x, y: y, width: area.width, height: 1), with: Cell(" ", style: Style(.statusBar)))
        var x = area.x + 1
        for hint in visibleHints(width: area.width) {
            if x + hint.width - 2 > area.maxX { break }
            x = canvas.put(hint.key, x: x, y: y, style: Style(.statusKey, bold: true), limit: area.maxX)
            x = canvas.put(" " + hint.label + "  ", x: x, y: y, style: Style(.statusBar), limit: area.maxX)
        }
        if let message {
            let room = area.maxX - x - 1
            guard room > 1 else { return }
            let text = truncated(message, to: room)
            canvas.put(text, x: area.maxX - 1 - CharacterWidth.of(text), y: y, style: messageStyle, limit: area.maxX)
        }
    }
}

/// `text` cut to `width` cells, ending in "…" when it had to be cut.
public func truncated(_ text: String, to width: Int) -> String {
    guard width > 0 else { return "" }
    if CharacterWidth.of(text) <= width { return text }
    var out = ""
    var w = 0
    for ch in text {
        let cw = CharacterWidth.of(ch)
        if w + cw > width - 1 { break }
        out.append(ch)
        w += cw
    }
    while out.last == " " { out.removeLast() }
    return out + "…"
}
