/// The line-level syntax of GitHub tables: splitting a row into cells and
/// reading the rule row's alignments.
///
///     | Aspect | Process |
///     |:-------|--------:|
///     | Memory | private |
enum TableSyntax {
    /// The cells of a row, trimmed. Outer pipes are optional; `\|` is a pipe
    /// inside a cell (also inside code, as on GitHub).
    static func cells(_ line: String) -> [String] {
        let text = line.trimmingSpaces
        var cells: [String] = []
        var cell = ""
        var endsWithPipe = false
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            endsWithPipe = false
            if character == "\\" {
                guard let next = iterator.next() else {
                    cell.append(character)
                    break
                }
                if next != "|" {
                    cell.append(character)
                }
                cell.append(next)
            } else if character == "|" {
                cells.append(cell.trimmingSpaces)
                cell = ""
                endsWithPipe = true
            } else {
                cell.append(character)
            }
        }
        if !endsWithPipe {
            cells.append(cell.trimmingSpaces)
        }
        if text.first == "|", !cells.isEmpty {
            cells.removeFirst()
        }
        return cells
    }

    /// The alignments if `line` is a rule row (`|---|:--:|--:|`), else nil.
    /// A rule row needs at least one pipe, so a lone `---` stays a rule.
    static func alignments(ofRuleRow line: String) -> [ColumnAlignment]? {
        guard line.utf8.contains(UInt8(ascii: "|")) else { return nil }
        let cells = cells(line)
        guard !cells.isEmpty else { return nil }
        var alignments: [ColumnAlignment] = []
        for cell in cells {
            let left = cell.hasPrefix(":")
            let right = cell.count > 1 && cell.hasSuffix(":")
            let dashes = cell.dropFirst(left ? 1 : 0).dropLast(right ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            switch (left, right) {
            case (true, true): alignments.append(.center)
            case (false, true): alignments.append(.right)
            default: alignments.append(.left)
            }
        }
        return alignments
    }

    /// Whether `line` can be a table's header row, given the line under it.
    static func startsTable(_ line: SourceLine, next: SourceLine?) -> Bool {
        guard let next, line.text.utf8.contains(UInt8(ascii: "|")) else { return false }
        return alignments(ofRuleRow: next.text) != nil
    }
}
