/// A horizontal bar filled to a fraction, with eighth-cell resolution.
///
///     ProgressBar(fraction: 0.42).style(Style(.thread))
public struct ProgressBar: Widget, Sendable, Equatable {
    public var fraction: Double
    public var style = Style(.accent)
    public var trackStyle = Style(.dim)

    public init(fraction: Double) { self.fraction = fraction }

    public func style(_ style: Style) -> ProgressBar {
        var c = self
        c.style = style
        return c
    }

    static let eighths: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    public func draw(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        let f = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let total = Int((f * Double(area.width * 8)).rounded(.down))
        for i in 0..<area.width {
            let filled = total - i * 8
            let x = area.x + i
            if filled >= 8 {
                canvas.put("█", x: x, y: area.y, style: style)
            } else if filled > 0 {
                canvas.put(Self.eighths[filled], x: x, y: area.y, style: style)
            } else {
                canvas.put("·", x: x, y: area.y, style: trackStyle)
            }
        }
    }
}
