/// A one-row bar of key hints (`q back  ? help`) with an optional message on
/// the right. Hints that do not fit are dropped from the end, whole.
///
///     StatusBar(hints: [.init("q", "quit"), .init("?", "help")])
public struct StatusBar: Widget, Sendable, Equatable {
    public struct Hint: Sendable, Equatable {
        public var key: String
        public var label: String
        public init(_ key: String, _ label: String) {
            self.key = key
            self.label = label
        }
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

    public func draw(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        let y = area.y
        canvas.fill(Rect(x: area.x, y: y, width: area.width, height: 1), with: Cell(" ", style: Style(.statusBar)))
        let messageWidth = message.map { CharacterWidth.of($0) + 2 } ?? 0
        let limit = area.maxX - messageWidth
        var x = area.x + 1
        for hint in hints {
            let w = CharacterWidth.of(hint.key) + 1 + CharacterWidth.of(hint.label) + 2
            if x + w > limit { break }
            x = canvas.put(hint.key, x: x, y: y, style: Style(.statusKey, bold: true))
            x = canvas.put(" " + hint.label + "  ", x: x, y: y, style: Style(.statusBar))
        }
        if let message {
            let mx = max(area.x, area.maxX - messageWidth + 1)
            canvas.put(message, x: mx, y: y, style: messageStyle, limit: area.maxX)
        }
    }
}
