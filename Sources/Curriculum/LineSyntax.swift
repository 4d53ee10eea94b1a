/// What a single line starts, judged on its own: a fence, a heading, a rule,
/// a quote, a list item. The block parser decides what follows from it.
///
/// Every test here ignores indentation, so a fence or heading indented under
/// a list item still ends the list instead of vanishing into its text.
enum LineSyntax {
    struct Fence: Equatable {
        /// How many backticks open it; the closing line needs at least as many.
        var ticks: Int
        /// The info string, trimmed (`python`, `lab race`), possibly empty.
        var info: String
    }

    static func fence(_ line: SourceLine) -> Fence? {
        let text = line.trimmed
        // A fence opens with a backtick byte; most lines are done here, without breaking Characters.
        guard text.utf8.first == UInt8(ascii: "`") else { return nil }
        let ticks = text.prefix { $0 == "`" }.count
        guard ticks >= 3 else { return nil }
        let info = String(text.dropFirst(ticks)).trimmingSpaces
        // CommonMark: an info string with a backtick is inline code, not a fence.
        guard !info.contains("`") else { return nil }
        return Fence(ticks: ticks, info: info)
    }

    static func closesFence(_ line: SourceLine, ticks: Int) -> Bool {
        let text = line.trimmed
        guard text.utf8.first == UInt8(ascii: "`") else { return false }
        return text.count >= ticks && text.allSatisfy { $0 == "`" }
    }

    /// `## Title` gives (2, "Title"); one to six `#`, as on GitHub.
    static func heading(_ line: SourceLine) -> (level: Int, text: String)? {
        let text = line.trimmed
        guard text.utf8.first == UInt8(ascii: "#") else { return nil }
        let level = text.prefix { $0 == "#" }.count
        // Seven or more `#` are text on GitHub, and so here.
        guard (1...6).contains(level) else { return nil }
        let rest = text.dropFirst(level)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var title = String(rest).trimmingSpaces
        // An optional closing sequence: `## Title ##`.
        let hashes = title.reversed().prefix { $0 == "#" }.count
        if hashes == title.count {
            title = ""
        } else if hashes > 0, title.dropLast(hashes).last == " " {
            title = String(title.dropLast(hashes)).trimmingSpaces
        }
        return (level, title)
    }

    /// `---`, `***`, `___`, also spaced (`* * *`): three or more of one of
    /// them and nothing else.
    static func isRule(_ line: SourceLine) -> Bool {
        guard let first = line.text.utf8.first(where: { $0 != 0x20 }),
            first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "_")
        else { return false }
        let marks = line.text.filter { $0 != " " }
        guard marks.count >= 3, let mark = marks.first, "-*_".contains(mark) else { return false }
        return marks.allSatisfy { $0 == mark }
    }

    /// Under a paragraph, `===` makes it a level 1 heading and `---` a
    /// level 2 one (setext headings); nil for any other line.
    static func setextLevel(_ line: SourceLine) -> Int? {
        let text = line.trimmed
        guard let byte = text.utf8.first, byte == UInt8(ascii: "=") || byte == UInt8(ascii: "-") else { return nil }
        guard line.indent < 4, let mark = text.first, text.allSatisfy({ $0 == mark }) else { return nil }
        return mark == "=" ? 1 : mark == "-" ? 2 : nil
    }

    /// A line ending in two spaces or a backslash breaks the line there.
    static func endsWithHardBreak(_ text: String) -> Bool {
        text.hasSuffix("  ") || (text.hasSuffix("\\") && !text.hasSuffix("\\\\"))
    }

    /// `<!--` opens an HTML comment, hidden on GitHub.
    static func opensHTMLComment(_ line: SourceLine) -> Bool {
        line.indent < 4 && line.trimmed.utf8.first == UInt8(ascii: "<") && line.trimmed.hasPrefix("<!--")
    }

    /// `[^note]: text` defines a footnote: gives the label.
    static func footnoteDefinition(_ text: String) -> String? {
        guard text.hasPrefix("[^"), let close = text.firstIndex(of: "]") else { return nil }
        let after = text[text.index(after: close)...]
        guard after.first == ":" else { return nil }
        return String(text[text.index(text.startIndex, offsetBy: 2)..<close])
    }

    /// `[label]: https://…` defines a link reference (GitHub hides the line).
    static func linkReferenceDefinition(_ text: String) -> Bool {
        guard text.hasPrefix("["), !text.hasPrefix("[^"), !text.hasPrefix("[!"),
            let close = text.firstIndex(of: "]"), close > text.index(after: text.startIndex)
        else { return false }
        let after = text[text.index(after: close)...]
        guard after.first == ":" else { return false }
        let target = after.dropFirst().drop { $0 == " " }
        return target.hasPrefix("<") || target.contains("://") || (!target.isEmpty && !target.contains(" "))
    }

    static func isQuote(_ line: SourceLine) -> Bool {
        line.trimmed.utf8.first == UInt8(ascii: ">")
    }

    /// The content of a quote line: after `>` and one optional space.
    /// Works on the raw line, so a tab inside a quoted code block stays
    /// there to be reported as one.
    ///
    /// Bytes, as `isQuote` reads it: `>` followed by a combining mark is one
    /// Character but still a quote marker, and a line `isQuote` takes must
    /// give content here (else the quote parser would never move on).
    static func quoteContent(_ line: SourceLine) -> String? {
        let bytes = line.raw.utf8
        guard let marker = bytes.firstIndex(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }),
            bytes[marker] == UInt8(ascii: ">")
        else { return nil }
        var rest = bytes.index(after: marker)
        if rest < bytes.endIndex, bytes[rest] == UInt8(ascii: " ") {
            rest = bytes.index(after: rest)
        }
        return String(decoding: bytes[rest...], as: UTF8.self)
    }

    /// Whether `line` starts a block that ends a paragraph (or a list item's
    /// text). `next` is the line after it, to spot a table's rule row.
    static func interruptsParagraph(_ line: SourceLine, next: @autoclosure () -> SourceLine?) -> Bool {
        if fence(line) != nil || heading(line) != nil || isRule(line) || isQuote(line) {
            return true
        }
        if let marker = ListMarker(line) {
            // As in CommonMark, only a numbered list starting at 1 may
            // interrupt text, so a line beginning "1999. " does not.
            return !marker.text.isEmpty && (!marker.ordered || marker.number == 1)
        }
        return TableSyntax.startsTable(line, next: next())
    }
}

/// The start of a list item: `- text`, `* text`, `+ text`, `1. text`, `1) text`.
struct ListMarker: Equatable {
    /// Spaces before the marker.
    var indent: Int
    var ordered: Bool
    /// The number of a numbered item, else nil.
    var number: Int?
    /// The item's text on the marker line, trimmed.
    var text: String

    init?(_ line: SourceLine) {
        let indent = line.indent
        // A marker's first byte, after the indent (spaces, one byte each): -, *, + or a digit.
        guard let byte = line.text.utf8.dropFirst(indent).first,
            byte == UInt8(ascii: "-") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "+")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        else { return nil }
        let rest = line.text.dropFirst(indent)
        guard let first = rest.first else { return nil }
        let afterMarker: Substring
        if first == "-" || first == "*" || first == "+" {
            afterMarker = rest.dropFirst()
            ordered = false
            number = nil
        } else {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count) else { return nil }
            let delimiter = rest.dropFirst(digits.count).first
            guard delimiter == "." || delimiter == ")" else { return nil }
            afterMarker = rest.dropFirst(digits.count + 1)
            ordered = true
            number = Int(digits)
        }
        guard afterMarker.isEmpty || afterMarker.first == " " else { return nil }
        self.indent = indent
        self.text = String(afterMarker).trimmingSpaces
    }
}
