import TerminalUI

/// A search in a lesson: what was asked, the document rows that hold it
/// (one entry per match, in reading order) and which one is current.
struct LessonSearch: Sendable, Equatable {
    var query: String
    /// The row of each match (a row with two matches is listed twice).
    var rows: [Int]
    var current = 0

    init(query: String, lines: [String]) {
        self.query = query
        rows = Self.rows(of: query, in: lines)
    }

    /// Every match's row, case-insensitive; none for an empty query.
    static func rows(of query: String, in lines: [String]) -> [Int] {
        let needle = query.lowercased()
        guard !needle.isEmpty else { return [] }
        var out: [Int] = []
        for (row, line) in lines.enumerated() {
            var rest = Substring(line.lowercased())
            while let found = rest.range(of: needle) {
                out.append(row)
                rest = rest[found.upperBound...]
            }
        }
        return out
    }

    /// The offset that shows match `current` with two rows above it.
    var offset: Int? { rows.indices.contains(current) ? max(0, rows[current] - 2) : nil }

    /// The first match at or below `row` (wrapping to the first).
    mutating func select(atOrBelow row: Int) {
        current = rows.firstIndex { $0 >= row } ?? 0
    }

    mutating func step(forward: Bool) {
        guard !rows.isEmpty else { return }
        current = (current + (forward ? 1 : rows.count - 1)) % rows.count
    }

    /// "match 2/7", or "no match for “x”".
    var status: String { rows.isEmpty ? "no match for “\(query)”" : "match \(current + 1)/\(rows.count)" }

    /// Marks every match of `query` inside `area` of `canvas` (cell by cell, case-insensitive).
    static func highlight(_ query: String, in area: Rect, on canvas: inout Canvas) {
        let needle = query.lowercased().map { String($0) }
        guard !needle.isEmpty else { return }
        for y in area.y..<area.maxY {
            let cells = (area.x..<area.maxX).map { x in (x, String(canvas[x, y].character).lowercased()) }
            var i = 0
            while i + needle.count <= cells.count {
                if (0..<needle.count).allSatisfy({ cells[i + $0].1 == needle[$0] }) {
                    for k in 0..<needle.count {
                        let x = cells[i + k].0
                        canvas[x, y].style = Style(.selection, bold: true)
                    }
                    i += needle.count
                } else {
                    i += 1
                }
            }
        }
    }
}

/// The status row while a search is typed: "/query▏  Enter finds · Esc cancels".
struct SearchPrompt: Widget {
    var text: String

    func draw(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        canvas.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), with: Cell(" ", style: Style(.statusBar)))
        let help = "Enter finds · Esc cancels"
        var x = canvas.put(" /", x: area.x, y: area.y, style: Style(.statusBar, bold: true))
        x = canvas.put(text, x: x, y: area.y, style: Style(.statusBar), limit: area.maxX - 1)
        canvas.put("▏", x: x, y: area.y, style: Style(.statusBar), limit: area.maxX)
        if x + 4 + CharacterWidth.of(help) < area.maxX {
            canvas.put(help, x: area.maxX - CharacterWidth.of(help) - 1, y: area.y, style: Style(.statusBar))
        }
    }
}

/// Typing in a prompt: a character is added, Backspace takes one off.
/// Returns false for keys that are not typing (Enter, Esc, arrows).
func edit(_ text: inout String, with key: Key) -> Bool {
    switch key {
    case .character(let c):
        text.append(c)
        return true
    case .backspace, .delete:
        if !text.isEmpty { text.removeLast() }
        return true
    default:
        return false
    }
}
