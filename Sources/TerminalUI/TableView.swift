/// A table drawn with box-drawing rules. Cells wrap at word boundaries when the
/// table is wider than the space; when even one word per column cannot fit, the
/// table is drawn as stacked records ("Aspect / Process: … / Thread: …") so
/// nothing is ever cut mid-word.
///
///     TableView(header: [[TextRun("Aspect")], [TextRun("Process")]],
///               rows: [[[TextRun("Memory")], [TextRun("Isolated")]]])
public struct TableView: FlowWidget, Sendable, Equatable {
    public enum Alignment: Sendable, Equatable { case left, center, right }

    public var header: [[TextRun]] { didSet { needs = Self.columnNeeds(header, rows) } }
    public var rows: [[[TextRun]]] { didSet { needs = Self.columnNeeds(header, rows) } }
    public var alignments: [Alignment]
    public var ruleStyle = Style(.border)
    public var headerStyle = Style(.heading, bold: true)
    /// What each column needs, found once: the table is measured at many widths.
    private var needs: ColumnNeeds

    public init(header: [[TextRun]], rows: [[[TextRun]]], alignments: [Alignment] = []) {
        self.header = header
        self.rows = rows
        self.alignments = alignments
        self.needs = Self.columnNeeds(header, rows)
    }

    /// Per column: the widest cell on one line, and its longest word.
    private struct ColumnNeeds: Sendable, Equatable {
        var natural: [Int]
        var minimum: [Int]
    }

    private static func columnNeeds(_ header: [[TextRun]], _ rows: [[[TextRun]]]) -> ColumnNeeds {
        let n = max(header.count, rows.map(\.count).max() ?? 0)
        var natural = Array(repeating: 1, count: n)
        var minimum = Array(repeating: 1, count: n)
        for row in CollectionOfOne(header) + rows {
            for c in 0..<min(n, row.count) {
                let runs = row[c]
                natural[c] = max(natural[c], runs.width)
                let longestWord = runs.plainText.split(separator: " ").map { CharacterWidth.of($0) }.max() ?? 0
                minimum[c] = max(minimum[c], longestWord)
            }
        }
        return ColumnNeeds(natural: natural, minimum: minimum)
    }

    var columnCount: Int { needs.natural.count }

    func cell(_ row: [[TextRun]], _ c: Int) -> [TextRun] { c < row.count ? row[c] : [] }

    /// Column content widths for a total width, or nil when only the stacked
    /// form fits.
    public func columnWidths(for width: Int) -> [Int]? {
        let n = columnCount
        guard n > 0 else { return [] }
        let natural = needs.natural
        let minimum = needs.minimum
        let available = width - (n + 1) - 2 * n
        if natural.reduce(0, +) <= available { return natural }
        if minimum.reduce(0, +) > available { return nil }
        // Start from the minimum and share the rest in proportion to what each
        // column still wants.
        var widths = minimum
        var spare = available - minimum.reduce(0, +)
        let wants = (0..<n).map { natural[$0] - minimum[$0] }
        let totalWant = wants.reduce(0, +)
        if totalWant > 0 {
            for c in 0..<n {
                let share = spare * wants[c] / totalWant
                widths[c] += share
            }
            spare = available - widths.reduce(0, +)
            // Hand out what rounding left, to the columns that want the most.
            var c = 0
            let order = (0..<n).sorted { natural[$0] - widths[$0] > natural[$1] - widths[$1] }
            while spare > 0 && c < order.count * 4 {
                let col = order[c % order.count]
                if widths[col] < natural[col] {
                    widths[col] += 1
                    spare -= 1
                }
                c += 1
            }
        }
        return widths
    }

    private func wrapped(_ runs: [TextRun], _ width: Int) -> [[TextRun]] {
        WrappedText.wrap(runs, width: width)
    }

    private func rowHeight(_ row: [[TextRun]], _ widths: [Int]) -> Int {
        var tallest: Int?
        for c in 0..<widths.count {
            let h = WrappedText.lineCount(cell(row, c), width: widths[c])
            tallest = max(tallest ?? h, h)
        }
        return tallest ?? 1
    }

    public func height(for width: Int) -> Int {
        guard let widths = columnWidths(for: width) else { return stacked().height(for: width) }
        // Each row measured once: its height counts, and any row taller than one line adds rules.
        var body = 0
        var multiline = false
        for row in rows {
            let h = rowHeight(row, widths)
            body += h
            if h > 1 { multiline = true }
        }
        let separators = multiline ? max(0, rows.count - 1) : 0
        return 3 + rowHeight(header, widths) + body + separators
    }

    private func needsRowRules(_ widths: [Int]) -> Bool {
        rows.contains { rowHeight($0, widths) > 1 }
    }

    public func draw(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        guard let widths = columnWidths(for: area.width) else {
            stacked().draw(in: area, on: &canvas)
            return
        }
        var y = area.y
        func rule(_ l: String, _ m: String, _ r: String) {
            var s = l
            for (i, w) in widths.enumerated() {
                s += String(repeating: "─", count: w + 2)
                s += i == widths.count - 1 ? r : m
            }
            canvas.put(s, x: area.x, y: y, style: ruleStyle, limit: area.maxX)
            y += 1
        }
        func row(_ cells: [[TextRun]], style: Style?) {
            let h = rowHeight(cells, widths)
            for line in 0..<h {
                // Clear the row first: a table drawn over something (an overlay) shows no leftovers.
                canvas.fill(Rect(x: area.x, y: y, width: widths.reduce(0, +) + 3 * widths.count + 1, height: 1))
                var x = area.x
                canvas.put("│", x: x, y: y, style: ruleStyle)
                x += 1
                for (c, w) in widths.enumerated() {
                    var runs = cell(cells, c)
                    if let style { runs = runs.map { TextRun($0.text, style) } }
                    let lines = wrapped(runs, w)
                    if line < lines.count {
                        let lw = lines[line].width
                        let align = c < alignments.count ? alignments[c] : .left
                        let pad =
                            switch align {
                            case .left: 0
                            case .center: (w - lw) / 2
                            case .right: w - lw
                            }
                        canvas.put(lines[line], x: x + 1 + pad, y: y, limit: x + 1 + w)
                    }
                    x += w + 2
                    canvas.put("│", x: x, y: y, style: ruleStyle)
                    x += 1
                }
                y += 1
            }
        }
        rule("┌", "┬", "┐")
        row(header, style: headerStyle)
        rule("├", "┼", "┤")
        let rules = needsRowRules(widths)
        for (i, r) in rows.enumerated() {
            row(r, style: nil)
            if rules && i < rows.count - 1 { rule("├", "┼", "┤") }
        }
        rule("└", "┴", "┘")
    }

    /// The narrow form: each row as a record headed by its first cell.
    func stacked() -> Stack {
        var items: [any FlowWidget] = []
        for (i, r) in rows.enumerated() {
            if i > 0 { items.append(Spacer(height: 1)) }
            items.append(WrappedText(cell(r, 0).map { TextRun($0.text, headerStyle) }))
            for c in 1..<max(1, columnCount) {
                let label = TextRun(cell(header, c).plainText + ": ", Style(.strong, bold: true))
                items.append(WrappedText([label] + cell(r, c)).indent(first: 2, rest: 4))
            }
        }
        return Stack(items)
    }
}
