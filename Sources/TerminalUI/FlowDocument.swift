/// A tall document of flow widgets stacked top down, drawn only where it is
/// looked at: laying it out measures every widget once, and a window of rows
/// draws just the widgets that cross it. So a lesson of any size costs memory
/// and time in proportion to its text, not to a canvas of all its rows.
///
///     let document = FlowDocument(width: 80, widgets: [heading, paragraph], spacing: 1)
///     ScrollView(content: document, offset: 120).draw(in: area, on: &canvas)
///     print(document.lines.joined(separator: "\n"))
public struct FlowDocument: @unchecked Sendable {
    // @unchecked: widgets are immutable values that only draw (see `Widget`);
    // nothing here is shared mutable state.

    /// One widget and the rows it takes.
    public struct Placement {
        public var widget: any FlowWidget
        public var y: Int
        public var height: Int
    }

    public let width: Int
    public let height: Int
    public let placements: [Placement]

    /// Documents with this many widgets are measured by one thread per CPU.
    public static let widgetsForThreads = 2048

    /// Stacks `widgets` with `spacing` blank rows between neighbours.
    public init(width: Int, widgets: [any FlowWidget], spacing: Int = 1) {
        // A long document is measured on every CPU: widgets are values that only read themselves.
        let heights = widgets.mapInParallel(minimumCount: Self.widgetsForThreads) { max(0, $0.height(for: width)) }
        var tops = [Int]()
        tops.reserveCapacity(widgets.count)
        var y = 0
        for (i, h) in heights.enumerated() {
            if i > 0 { y += spacing }
            tops.append(y)
            y += h
        }
        self.width = width
        self.height = y
        self.placements = Array(widgets.indices).mapInParallel(minimumCount: Self.widgetsForThreads) { i in
            Placement(widget: widgets[i], y: tops[i], height: heights[i])
        }
    }

    /// The index of the first placement that ends below row `y`.
    private func firstPlacement(endingAfter y: Int) -> Int {
        var low = 0
        var high = placements.count
        while low < high {
            let mid = (low + high) / 2
            if placements[mid].y + placements[mid].height <= y { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Rows `rows` of the document drawn into a canvas of that many rows.
    public func render(rows: Range<Int>) -> Canvas {
        let rows = max(0, rows.lowerBound)..<max(max(0, rows.lowerBound), min(rows.upperBound, height))
        var canvas = Canvas(width: width, height: rows.count)
        guard !rows.isEmpty else { return canvas }
        var i = firstPlacement(endingAfter: rows.lowerBound)
        while i < placements.count, placements[i].y < rows.upperBound {
            let p = placements[i]
            if p.height > 0 {
                p.widget.draw(
                    in: Rect(x: 0, y: p.y - rows.lowerBound, width: width, height: p.height), on: &canvas)
            }
            i += 1
        }
        return canvas
    }

    /// The whole document as text, one line a row, trailing spaces trimmed;
    /// drawn one widget at a time, so no canvas of the whole is ever made.
    public var lines: [String] {
        var out: [String] = []
        out.reserveCapacity(height)
        for p in placements {
            if out.count < p.y { out += Array(repeating: "", count: p.y - out.count) }
            var canvas = Canvas(width: width, height: p.height)
            p.widget.draw(in: canvas.bounds, on: &canvas)
            out += canvas.lines
        }
        if out.count < height { out += Array(repeating: "", count: height - out.count) }
        return out
    }

    /// The whole document as text.
    public var text: String { lines.joined(separator: "\n") }
}
