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
        if let fast = cellsByBytes(text) { return fast }
        return cellsByCharacters(text)
    }

    /// `cells` on the bytes, for the common row: no backslash, and every
    /// pipe between ASCII bytes (so it is a whole Character, as the
    /// Character loop would see it); nil for any other row.
    private static func cellsByBytes(_ text: String) -> [String]? {
        let bytes = text.utf8
        var previous: UInt8 = 0
        var afterPipe = false
        for byte in bytes {
            if byte == UInt8(ascii: "\\") { return nil }
            if afterPipe && byte >= 0x80 { return nil }
            if byte == UInt8(ascii: "|") && previous >= 0x80 { return nil }
            afterPipe = byte == UInt8(ascii: "|")
            previous = byte
        }
        var cells: [String] = []
        var start = bytes.startIndex
        var i = start
        while i < bytes.endIndex {
            if bytes[i] == UInt8(ascii: "|") {
                cells.append(String(text[start..<i]).trimmingSpaces)
                start = bytes.index(after: i)
            }
            i = bytes.index(after: i)
        }
        if bytes.last != UInt8(ascii: "|") { cells.append(String(text[start...]).trimmingSpaces) }
        if bytes.first == UInt8(ascii: "|"), !cells.isEmpty { cells.removeFirst() }
        return cells
    }

    static func cellsByCharacters(_ text: String) -> [String] {
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
        // Only pipes, dashes, colons and spaces can make one: any other byte ends it here.
        guard line.utf8.contains(UInt8(ascii: "|")),
            line.utf8.allSatisfy({
                $0 == UInt8(ascii: "|") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ":") || $0 == 0x20
            })
        else { return nil }
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
    /// `next` is read only when `line` holds a pipe (most lines do not).
    static func startsTable(_ line: SourceLine, next: @autoclosure () -> SourceLine?) -> Bool {
        guard line.text.utf8.contains(UInt8(ascii: "|")), let next = next() else { return false }
        return alignments(ofRuleRow: next.text) != nil
    }
}
