/// A frame with rounded or square corners and an optional title in the top rule.
///
///     let inner = Box(title: "Help").draw(in: area, on: &canvas)
public struct Box: Widget, Sendable, Equatable {
    public enum Corners: Sendable, Equatable { case square, rounded, heavy }
    public var title: String?
    public var style = Style(.border)
    public var titleStyle = Style(.title, bold: true)
    public var corners = Corners.rounded
    public var fill = true

    public init(title: String? = nil) { self.title = title }

    public func style(_ style: Style) -> Box {
        var c = self
        c.style = style
        return c
    }

    public func titleStyle(_ style: Style) -> Box {
        var c = self
        c.titleStyle = style
        return c
    }

    public func corners(_ corners: Corners) -> Box {
        var c = self
        c.corners = corners
        return c
    }

    public func draw(in area: Rect, on canvas: inout Canvas) {
        guard area.width >= 2, area.height >= 2 else { return }
        let (tl, tr, bl, br, h, v): (String, String, String, String, String, String) =
            switch corners {
            case .square: ("┌", "┐", "└", "┘", "─", "│")
            case .rounded: ("╭", "╮", "╰", "╯", "─", "│")
            case .heavy: ("┏", "┓", "┗", "┛", "━", "┃")
            }
        if fill { canvas.fill(area.inset(by: 1)) }
        canvas.put(tl + String(repeating: h, count: area.width - 2) + tr, x: area.x, y: area.y, style: style)
        canvas.put(bl + String(repeating: h, count: area.width - 2) + br, x: area.x, y: area.maxY - 1, style: style)
        for y in (area.y + 1)..<(area.maxY - 1) {
            canvas.put(v, x: area.x, y: y, style: style)
            canvas.put(v, x: area.maxX - 1, y: y, style: style)
        }
        if let title, area.width > 6 {
            canvas.put(" " + title + " ", x: area.x + 2, y: area.y, style: titleStyle, limit: area.maxX - 2)
        }
    }
}
