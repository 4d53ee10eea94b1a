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
        let ticks = text.prefix { $0 == "`" }.count
        guard ticks >= 3 else { return nil }
        let info = String(text.dropFirst(ticks)).trimmingSpaces
        // CommonMark: an info string with a backtick is inline code, not a fence.
        guard !info.contains("`") else { return nil }
        return Fence(ticks: ticks, info: info)
    }

    static func closesFence(_ line: SourceLine, ticks: Int) -> Bool {
        let text = line.trimmed
        return text.count >= ticks && text.allSatisfy { $0 == "`" }
    }

    /// `## Title` gives (2, "Title"). Any number of `#` counts, so that
    /// `####` can be reported rather than shown as text.
    static func heading(_ line: SourceLine) -> (level: Int, text: String)? {
        let text = line.trimmed
        let level = text.prefix { $0 == "#" }.count
        guard level > 0 else { return nil }
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

    static func isRule(_ line: SourceLine) -> Bool {
        let text = line.trimmed
        return text.count >= 3 && text.allSatisfy { $0 == "-" }
    }

    /// `===` under text: a setext heading on GitHub.
    static func isSetextUnderline(_ line: SourceLine) -> Bool {
        let text = line.trimmed
        return !text.isEmpty && text.allSatisfy { $0 == "=" }
    }

    static func isQuote(_ line: SourceLine) -> Bool {
        line.text.trimmingLeadingSpaces.hasPrefix(">")
    }

    /// The content of a quote line: after `>` and one optional space.
    /// Works on the raw line, so a tab inside a quoted code block stays
    /// there to be reported as one.
    static func quoteContent(_ line: SourceLine) -> String? {
        let afterIndent = line.raw.drop { $0 == " " || $0 == "\t" }
        guard afterIndent.first == ">" else { return nil }
        var rest = afterIndent.dropFirst()
        if rest.first == " " {
            rest = rest.dropFirst()
        }
        return String(rest)
    }

    /// Whether `line` starts a block that ends a paragraph (or a list item's
    /// text). `next` is the line after it, to spot a table's rule row.
    static func interruptsParagraph(_ line: SourceLine, next: SourceLine?) -> Bool {
        if fence(line) != nil || heading(line) != nil || isRule(line) || isQuote(line) {
            return true
        }
        if let marker = ListMarker(line) {
            // As in CommonMark, only a numbered list starting at 1 may
            // interrupt text, so a line beginning "1999. " does not.
            return !marker.text.isEmpty && (!marker.ordered || marker.number == 1)
        }
        return TableSyntax.startsTable(line, next: next)
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
