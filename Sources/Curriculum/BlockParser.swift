/// Turns the body lines of a lesson into blocks, collecting diagnostics as
/// it goes and never stopping at the first.
///
/// Quotes and callouts parse their contents with the same parser, one level
/// deeper. Lists live in `ListParser.swift`.
struct BlockParser {
    let file: String
    /// The labs a ```` ```lab NAME ```` fence may name (the app's registry);
    /// nil takes any name.
    var labNames: [String]?
    var diagnostics: [Diagnostic] = []
    /// Numbers of lines inside code fences, whose tabs were already reported.
    var codeLines: Set<Int> = []

    /// Quotes nested deeper than this are read as text, so a hostile file
    /// cannot exhaust the stack.
    static let maximumQuoteDepth = 16

    init(file: String, labNames: [String]? = nil) {
        self.file = file
        self.labNames = labNames
    }

    mutating func report(_ line: Int, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: line, message: message))
    }

    mutating func parse(_ lines: [SourceLine], depth: Int = 0) -> [Block] {
        var end = 0
        return parse(lines, depth: depth, from: 0, until: lines.count, end: &end)
    }

    /// The blocks that start at `lines[start]` and after, up to the first
    /// block that starts at or after line index `limit`; `end` is where that
    /// one starts (or `lines.count`). A block may run past `limit`, so `end`
    /// can be beyond it. Between blocks the parser keeps no state but the
    /// index, which is what lets ``parseInChunks(_:chunks:)`` parse a long
    /// lesson in parts at once.
    mutating func parse(_ lines: [SourceLine], depth: Int, from start: Int, until limit: Int, end: inout Int)
        -> [Block]
    {
        var blocks: [Block] = []
        var i = start
        defer { end = i }
        while i < lines.count, i < limit {
            let line = lines[i]
            if line.isBlank {
                i += 1
            } else if line.indent >= 4 {
                blocks.append(parseIndentedCode(lines, &i))
            } else if LineSyntax.opensHTMLComment(line) {
                skipHTMLComment(lines, &i)
            } else if let fence = LineSyntax.fence(line) {
                blocks.append(parseFence(fence, lines, &i))
            } else if let heading = LineSyntax.heading(line) {
                blocks.append(parseHeading(heading, at: line))
                i += 1
            } else if LineSyntax.isRule(line) {
                blocks.append(.rule)
                i += 1
            } else if LineSyntax.isQuote(line), depth < Self.maximumQuoteDepth {
                blocks.append(parseQuote(lines, &i, depth: depth))
            } else if ListMarker(line) != nil {
                blocks.append(.list(items: parseList(lines, &i)))
            } else if TableSyntax.startsTable(line, next: i + 1 < lines.count ? lines[i + 1] : nil) {
                blocks.append(.table(parseTable(lines, &i)))
            } else {
                if LineSyntax.isQuote(line) {
                    report(line.number, "quotes nested more than \(Self.maximumQuoteDepth) deep")
                }
                checkParagraphStart(line)
                blocks.append(parseParagraph(lines, &i))
            }
        }
        return blocks
    }

    // MARK: Headings and paragraphs

    private mutating func parseHeading(_ heading: (level: Int, text: String), at line: SourceLine) -> Block {
        if heading.text.isEmpty {
            report(line.number, "empty heading")
        }
        checkInline(heading.text, line: line.number)
        return .heading(level: heading.level, text: InlineParser.parse(heading.text))
    }

    /// Reports what GitHub would show differently from ptt.
    private mutating func checkParagraphStart(_ line: SourceLine) {
        let text = line.trimmed
        if text.hasPrefix("|") {
            report(line.number, "table header needs a rule row under it (like |---|---|)")
        } else if looksLikeHTMLTag(text) {
            report(line.number, "HTML is not supported (ptt would show the tags as text; write it in Markdown)")
        } else if LineSyntax.footnoteDefinition(text) != nil {
            report(
                line.number,
                "footnotes are not supported (put the note in the text, or in a list under a '### Notes' heading)")
        } else if LineSyntax.linkReferenceDefinition(text) {
            report(line.number, "reference-style links are not supported (write [text](url) where the link is)")
        }
    }

    /// Reports inline constructs GitHub renders and ptt does not.
    mutating func checkInline(_ text: String, line: Int) {
        // On bytes: these run on every paragraph of a lesson of any size.
        let bytes = text.utf8
        var tildes = false
        var footnote = false
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == UInt8(ascii: "~"), previous == UInt8(ascii: "~") { tildes = true }
            if byte == UInt8(ascii: "^"), previous == UInt8(ascii: "[") { footnote = true }
            previous = byte
        }
        if tildes {
            report(line, "strikethrough (~~text~~) is not supported (ptt shows the ~~; say it in words)")
        }
        if footnote, LineSyntax.footnoteDefinition(text) == nil, let start = text.utf8.firstRange(of: "[^".utf8),
            text.utf8[start.upperBound...].contains(UInt8(ascii: "]"))
        {
            report(line, "footnote references ([^note]) are not supported (put the note in the text)")
        }
    }

    private func looksLikeHTMLTag(_ text: String) -> Bool {
        guard text.hasPrefix("<") else { return false }
        let name = text.dropFirst().drop { $0 == "/" }.prefix { $0.isASCII && $0.isLetter }
        guard !name.isEmpty else { return false }
        let after = text.dropFirst().drop { $0 == "/" }.dropFirst(name.count).first
        return after == nil || after == ">" || after == " " || after == "/"
    }

    /// A paragraph: lines up to a blank line or a block that interrupts it.
    /// A `===` or `---` line right under it makes it a heading, as on GitHub
    /// (setext headings); a line ending in two spaces or `\` breaks the line.
    private mutating func parseParagraph(_ lines: [SourceLine], _ i: inout Int) -> Block {
        let first = lines[i]
        var text = ""
        var lastLine = first
        func add(_ line: SourceLine) {
            if !text.isEmpty { text += LineSyntax.endsWithHardBreak(lastLine.text) ? "\n" : " " }
            var part = line.trimmed
            if LineSyntax.endsWithHardBreak(line.text), part.hasSuffix("\\") { part.removeLast() }
            text += part.trimmingSpaces
            lastLine = line
        }
        add(first)
        i += 1
        while i < lines.count, !lines[i].isBlank {
            let line = lines[i]
            if let level = LineSyntax.setextLevel(line) {
                i += 1
                checkInline(text, line: first.number)
                return .heading(level: level, text: InlineParser.parse(text.replacingNewlines))
            }
            if LineSyntax.interruptsParagraph(line, next: i + 1 < lines.count ? lines[i + 1] : nil) {
                break
            }
            add(line)
            i += 1
        }
        checkInline(text, line: first.number)
        // A break at the very end shows nothing, as on GitHub.
        while text.hasSuffix("\n") { text.removeLast() }
        return .paragraph(InlineParser.parse(text))
    }

    // MARK: Indented code and HTML comments

    /// Lines indented four columns or more (a tab counts to the next stop),
    /// after a blank line or another block: code, as on GitHub. Blank lines
    /// inside it are kept; blank lines at its end are not.
    private mutating func parseIndentedCode(_ lines: [SourceLine], _ i: inout Int) -> Block {
        var content: [String] = []
        var end = i
        var j = i
        while j < lines.count, lines[j].isBlank || lines[j].indent >= 4 {
            if !lines[j].isBlank { end = j + 1 }
            j += 1
        }
        for line in lines[i..<end] {
            codeLines.insert(line.number)
            content.append(String(line.text.dropFirst(min(4, line.indent))))
        }
        i = end
        return .code(language: nil, lines: content)
    }

    /// An HTML comment is hidden on GitHub, and so it is here.
    private mutating func skipHTMLComment(_ lines: [SourceLine], _ i: inout Int) {
        let first = lines[i]
        while i < lines.count {
            let closes = lines[i].text.utf8.firstRange(of: "-->".utf8) != nil
            codeLines.insert(lines[i].number)
            i += 1
            if closes { return }
        }
        report(first.number, "HTML comment is not closed (add '-->' where it ends)")
    }

    // MARK: Fences

    private mutating func parseFence(_ fence: LineSyntax.Fence, _ lines: [SourceLine], _ i: inout Int) -> Block {
        let opening = lines[i]
        i += 1
        var content: [String] = []
        var closed = false
        while i < lines.count {
            let line = lines[i]
            i += 1
            if LineSyntax.closesFence(line, ticks: fence.ticks) {
                closed = true
                break
            }
            codeLines.insert(line.number)
            // Tabs go to tab stops, as a code host shows them (gofmt indents with tabs).
            content.append(line.text.droppingSpaces(upTo: opening.indent))
        }
        if !closed {
            report(opening.number, "code fence is not closed (no ``` line after it)")
        }

        let words = fence.info.split(separator: " ").map(String.init)
        guard let kind = words.first.flatMap(LivePart.Kind.init(rawValue:)) else {
            return .code(language: words.first, lines: content)
        }
        let known: [String]?
        let noun: String
        switch kind {
        case .lab: (known, noun) = (labNames, "lab")
        case .diagram: (known, noun) = (LivePart.diagramNames, "diagram")
        case .quiz: (known, noun) = (LivePart.quizLevels, "quiz level")
        }

        let list = known.map { " (known: \($0.joined(separator: ", ")))" } ?? ""
        guard words.count >= 2 else {
            report(opening.number, "```\(kind.rawValue) needs a \(noun)\(list)")
            return .code(language: kind.rawValue, lines: content)
        }
        let name = words[1]
        if let known, !known.contains(name) {
            report(opening.number, "unknown \(noun) '\(name)'\(list)")
            return .code(language: kind.rawValue, lines: content)
        }
        if words.count > 2 {
            report(
                opening.number, "unexpected '\(words[2...].joined(separator: " "))' after ```\(kind.rawValue) \(name)")
        }
        if content.allSatisfy({ $0.trimmingSpaces.isEmpty }) {
            report(opening.number, "\(kind.rawValue) \(name) has no caption (say what the learner will see)")
        }
        let part: LivePart =
            switch kind {
            case .lab: .lab(name)
            case .diagram: .diagram(name)
            case .quiz: .quiz(name)
            }
        return .live(part, caption: content)
    }

    // MARK: Quotes and callouts

    private mutating func parseQuote(_ lines: [SourceLine], _ i: inout Int, depth: Int) -> Block {
        var inner: [SourceLine] = []
        var insideFence = false
        while i < lines.count {
            let line = lines[i]
            if let content = LineSyntax.quoteContent(line) {
                let quoted = SourceLine(number: line.number, raw: content)
                if LineSyntax.fence(quoted) != nil {
                    insideFence.toggle()
                }
                inner.append(quoted)
                i += 1
                continue
            }
            // A "lazy" line right after quoted text continues it, as on GitHub.
            if !line.isBlank, let last = inner.last, !last.isBlank, !insideFence,
                !LineSyntax.interruptsParagraph(line, next: i + 1 < lines.count ? lines[i + 1] : nil)
            {
                inner.append(SourceLine(number: line.number, raw: line.raw))
                i += 1
                continue
            }
            break
        }

        guard let first = inner.first, let marker = calloutMarker(first.trimmed) else {
            let blocks = parse(inner, depth: depth + 1)
            if blocks.isEmpty, let first = inner.first {
                report(first.number, "empty quote")
            }
            return .quote(blocks)
        }

        var body = Array(inner.dropFirst())
        let kind = CalloutKind(rawValue: marker.name.uppercased())
        if kind == nil {
            let known = CalloutKind.allCases.map(\.rawValue).joined(separator: ", ")
            report(first.number, "unknown callout '[!\(marker.name)]' (known: \(known))")
        }
        if !marker.rest.isEmpty {
            report(first.number, "text after '[!\(marker.name)]' belongs on the next line")
            body.insert(SourceLine(number: first.number, raw: marker.rest), at: 0)
        }
        let blocks = parse(body, depth: depth + 1)
        guard let kind else { return .quote(blocks) }
        if blocks.isEmpty {
            report(first.number, "empty callout '[!\(marker.name)]'")
        }
        return .callout(kind: kind, blocks: blocks)
    }

    /// `[!NOTE]` gives ("NOTE", ""); `[!NOTE] text` gives ("NOTE", "text").
    private func calloutMarker(_ text: String) -> (name: String, rest: String)? {
        guard text.hasPrefix("[!"), let close = text.firstIndex(of: "]") else { return nil }
        let name = text[text.index(text.startIndex, offsetBy: 2)..<close]
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return (String(name), String(text[text.index(after: close)...]).trimmingSpaces)
    }

    // MARK: Tables

    private mutating func parseTable(_ lines: [SourceLine], _ i: inout Int) -> Table {
        let headerLine = lines[i]
        let ruleLine = lines[i + 1]
        let header = TableSyntax.cells(headerLine.text)
        var alignments = TableSyntax.alignments(ofRuleRow: ruleLine.text) ?? []
        if alignments.count != header.count {
            report(
                ruleLine.number,
                "table rule row has \(counted(alignments.count, "cell")), the header has \(header.count)")
            alignments = fitted(alignments, to: header.count, filler: .left)
        }
        i += 2

        var rows: [[RichText]] = []
        while i < lines.count, !lines[i].isBlank {
            let line = lines[i]
            if LineSyntax.interruptsParagraph(line, next: i + 1 < lines.count ? lines[i + 1] : nil) {
                break
            }
            var cells = TableSyntax.cells(line.text)
            if cells.count != header.count {
                report(line.number, "table row has \(counted(cells.count, "cell")), the header has \(header.count)")
                cells = fitted(cells, to: header.count, filler: "")
            }
            rows.append(cells.map(InlineParser.parse))
            i += 1
        }
        return Table(header: header.map(InlineParser.parse), alignments: alignments, rows: rows)
    }

    private func fitted<T>(_ values: [T], to count: Int, filler: T) -> [T] {
        values.count >= count
            ? Array(values.prefix(count))
            : values + Array(repeating: filler, count: count - values.count)
    }
}
