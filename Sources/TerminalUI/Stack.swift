/// Flow widgets one under another, each as tall as it needs (a document).
public struct Stack: FlowWidget {
    public var items: [any FlowWidget]
    public var spacing: Int

    public init(_ items: [any FlowWidget], spacing: Int = 0) {
        self.items = items
        self.spacing = spacing
    }

    public func height(for width: Int) -> Int {
        items.reduce(0) { $0 + $1.height(for: width) } + spacing * max(0, items.count - 1)
    }

    public func draw(in area: Rect, on canvas: inout Canvas) {
        var y = area.y
        for item in items {
            let h = item.height(for: area.width)
            item.draw(in: Rect(x: area.x, y: y, width: area.width, height: h).intersection(area), on: &canvas)
            y += h + spacing
            if y >= area.maxY { break }
        }
    }
}

/// Empty rows.
public struct Spacer: FlowWidget, Sendable, Equatable {
    public var height: Int
    public init(height: Int = 1) { self.height = height }
    public func height(for width: Int) -> Int { height }
    public func draw(in area: Rect, on canvas: inout Canvas) {}
}

/// A flow widget drawn with a prefix on every row (a callout's bar, a list's
/// indentation), the content getting the rest of the width.
public struct Prefixed: FlowWidget {
    public var prefix: TextRun
    public var content: any FlowWidget

    public init(_ prefix: TextRun, _ content: any FlowWidget) {
        self.prefix = prefix
        self.content = content
    }

    var prefixWidth: Int { CharacterWidth.of(prefix.text) }

    public func height(for width: Int) -> Int { content.height(for: max(1, width - prefixWidth)) }

    public func draw(in area: Rect, on canvas: inout Canvas) {
        let inner = area.inset(left: prefixWidth)
        content.draw(in: inner, on: &canvas)
        let h = min(area.height, height(for: area.width))
        for y in area.y..<(area.y + h) {
            canvas.put(prefix.text, x: area.x, y: y, style: prefix.style, limit: area.maxX)
        }
    }
}
