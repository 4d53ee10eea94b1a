/// A bulleted or numbered list with hanging indents and nested lists.
///
///     ListView(items: [.init([TextRun("Isolated memory")])])
public struct ListView: FlowWidget {
    public struct Item {
        public var text: [TextRun]
        public var children: [Item]
        public var ordered: Bool
        public init(_ text: [TextRun], children: [Item] = [], ordered: Bool = false) {
            self.text = text
            self.children = children
            self.ordered = ordered
        }
    }

    public var items: [Item]
    public var bulletStyle = Style(.accent)
    public var level = 0

    public init(items: [Item]) { self.items = items }

    static let bullets = ["•", "◦", "▪"]

    private func marker(_ i: Int, _ item: Item) -> String {
        item.ordered ? "\(i + 1)." : Self.bullets[level % Self.bullets.count]
    }

    private func markerWidth() -> Int {
        items.enumerated().map { CharacterWidth.of(marker($0.offset, $0.element)) }.max() ?? 1
    }

    private func parts(width: Int) -> [(String, WrappedText, ListView?)] {
        items.enumerated().map { i, item in
            let child: ListView? =
                item.children.isEmpty
                ? nil
                : {
                    var l = ListView(items: item.children)
                    l.level = level + 1
                    l.bulletStyle = bulletStyle
                    return l
                }()
            return (marker(i, item), WrappedText(item.text), child)
        }
    }

    public func height(for width: Int) -> Int {
        let inner = max(1, width - markerWidth() - 1)
        var sum = 0
        for item in items {
            sum += WrappedText.lineCount(item.text, width: inner)
            if !item.children.isEmpty {
                var child = ListView(items: item.children)
                child.level = level + 1
                sum += child.height(for: inner)
            }
        }
        return sum
    }

    public func draw(in area: Rect, on canvas: inout Canvas) {
        let indent = markerWidth() + 1
        var y = area.y
        for (marker, text, child) in parts(width: area.width) {
            let inner = Rect(x: area.x + indent, y: y, width: max(1, area.width - indent), height: area.maxY - y)
            canvas.put(marker, x: area.x, y: y, style: bulletStyle, limit: area.maxX)
            let h = text.height(for: inner.width)
            text.draw(in: Rect(x: inner.x, y: y, width: inner.width, height: h).intersection(area), on: &canvas)
            y += h
            if let child {
                let ch = child.height(for: inner.width)
                child.draw(in: Rect(x: inner.x, y: y, width: inner.width, height: ch).intersection(area), on: &canvas)
                y += ch
            }
        }
    }
}
