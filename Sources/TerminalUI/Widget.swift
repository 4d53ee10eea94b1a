/// Something that draws itself into a rect of a canvas.
///
/// Widgets never call curses, read the clock or touch files; they only draw.
/// Settings are chained methods that return a changed copy.
public protocol Widget {
    func draw(in area: Rect, on canvas: inout Canvas)
}

/// A widget whose height depends on the width it is given (wrapped text,
/// tables, lists): documents stack these.
public protocol FlowWidget: Widget {
    func height(for width: Int) -> Int
}

extension FlowWidget {
    /// Draws the widget alone into a canvas exactly as tall as it needs.
    public func render(width: Int) -> Canvas {
        var canvas = Canvas(width: width, height: height(for: width))
        draw(in: canvas.bounds, on: &canvas)
        return canvas
    }
}

/// A run of text in one style.
public struct TextRun: Sendable, Equatable {
    public var text: String
    public var style: Style
    /// Wrapping breaks inside this run only when it is wider than a whole line
    /// (a command like `taskset -c 0` should not be split at its spaces).
    public var keepTogether: Bool
    public init(_ text: String, _ style: Style = .plain, keepTogether: Bool = false) {
        self.text = text
        self.style = style
        self.keepTogether = keepTogether
    }
}

extension Array where Element == TextRun {
    public var width: Int { reduce(0) { $0 + CharacterWidth.of($1.text) } }
    public var plainText: String { map(\.text).joined() }
}

extension Canvas {
    /// Draws runs from x, y on one line, clipped at `limit`. Returns the x after.
    @discardableResult
    public mutating func put(_ runs: [TextRun], x: Int, y: Int, limit: Int? = nil) -> Int {
        var cx = x
        for run in runs { cx = put(run.text, x: cx, y: y, style: run.style, limit: limit) }
        return cx
    }
}
