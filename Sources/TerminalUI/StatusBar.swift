/// A one-row bar of key hints (`q back  ? help`) with an optional message on
/// the right. When space runs short, optional hints go first (whole, never
/// cut), then the message is shortened; essential hints (help, back) stay.
///
///     StatusBar(hints: [.init("↑↓", "move"), .init("?", "help", essential: true)])
public struct StatusBar: Widget, Sendable, Equatable {
    public struct Hint: Sendable, Equatable {
        public var key: String
        public var label: String
        /// Kept when everything else has to go (help, back, quit).
        public var essential: Bool
        public init(_ key: String, _ label: String, essential: Bool = false) {
            self.key = key
            self.label = label
            self.essential = essential
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

    /// The hints that fit in `width` next to the message, in their order.
    func visibleHints(width: Int) -> [Hint] {
        let essentials = hints.filter(\.essential)
        var used = 1 + essentials.reduce(0) { $0 + $1.width }
        let messageWidth = message.map { min(CharacterWidth.of($0) + 2, max(0, width - used)) } ?? 0
        var keep = Set(hints.indices.filter { hints[$0].essential })
        for i in hints.indices where !hints[i].essential {
            if used + hints[i].width + messageWidth <= width {
                keep.insert(i)
                used += hints[i].width
            }
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
