/// Styled text re-wrapped at word boundaries to the width it is drawn in.
///
/// A word longer than the whole width is broken where it must be (there is no
/// other way to show it), every other break falls between words.
///
///     WrappedText([TextRun("Threads share memory.", Style(.strong))])
///         .indent(first: 2, rest: 4)
public struct WrappedText: FlowWidget, Sendable, Equatable {
    public var runs: [TextRun]
    public var firstIndent = 0
    public var restIndent = 0
    public var centered = false

    public init(_ runs: [TextRun]) { self.runs = runs }
    public init(_ text: String, style: Style = .plain) { self.runs = [TextRun(text, style)] }

    public func indent(first: Int, rest: Int) -> WrappedText {
        var c = self
        c.firstIndent = first
        c.restIndent = rest
        return c
    }

    public func centered(_ on: Bool = true) -> WrappedText {
        var c = self
        c.centered = on
        return c
    }

    /// The rows `lines(width:)` gives, counted without making them (layout
    /// measures every paragraph of a lesson; only the visible ones are drawn).
    public func height(for width: Int) -> Int {
        Self.lineCount(runs, width: width, firstIndent: firstIndent, restIndent: restIndent)
    }

    public func draw(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        for (i, line) in lines(width: area.width).prefix(area.height).enumerated() {
            var x = area.x + (i == 0 ? firstIndent : restIndent)
            if centered { x = area.x + max(0, (area.width - line.width) / 2) }
            canvas.put(line, x: x, y: area.y + i, limit: area.maxX)
        }
    }

    /// The text broken into lines for a width (indents included in the budget).
    public func lines(width: Int) -> [[TextRun]] {
        Self.wrap(runs, width: width, firstIndent: firstIndent, restIndent: restIndent)
    }

    private struct Piece {
        var text: String
        var style: Style
        var isSpace: Bool
        /// Cells, measured once.
        var width: Int
    }

    /// Greedy word wrap of styled runs. Newlines in the text force a break.
    public static func wrap(_ runs: [TextRun], width: Int, firstIndent: Int = 0, restIndent: Int = 0)
        -> [[TextRun]]
    {
        // Split into words and single spaces, keeping styles; "\n" is a hard break.
        var tokens: [[Piece]] = [[]]
        for run in runs {
            let text = run.text
            if run.keepTogether && !text.utf8.contains(0x0A) {
                let w = CharacterWidth.of(text)
                if w <= max(1, width - restIndent) {
                    // A space inside stays a space but never breaks the line.
                    tokens[tokens.count - 1].append(Piece(text: text, style: run.style, isSpace: false, width: w))
                    continue
                }
            }
            // Split on the bytes of space, tab and newline: they are whole
            // characters in UTF-8, so the words between stay whole too.
            let utf8 = text.utf8
            var start = utf8.startIndex
            var i = start
            func flushWord() {
                if start < i {
                    let word = String(text[start..<i])
                    tokens[tokens.count - 1].append(
                        Piece(text: word, style: run.style, isSpace: false, width: CharacterWidth.of(word)))
                }
            }
            while i < utf8.endIndex {
                let byte = utf8[i]
                if byte == 0x0A || byte == 0x20 || byte == 0x09 {
                    flushWord()
                    if byte == 0x0A {
                        tokens.append([])
                    } else {
                        tokens[tokens.count - 1].append(Piece(text: " ", style: run.style, isSpace: true, width: 1))
                    }
                    i = utf8.index(after: i)
                    start = i
                } else {
                    i = utf8.index(after: i)
                }
            }
            flushWord()
        }
        var out: [[TextRun]] = []
        for paragraph in tokens {
            out.append(
                contentsOf: wrapPieces(
                    paragraph, width: width, firstIndent: out.isEmpty ? firstIndent : restIndent, restIndent: restIndent
                ))
        }
        return out.isEmpty ? [[]] : out
    }

    /// `wrap(runs, …).count`, found by the same greedy rules without making
    /// a string or an array per word.
    public static func lineCount(_ runs: [TextRun], width: Int, firstIndent: Int = 0, restIndent: Int = 0) -> Int {
        var counter = LineCounter(width: width, firstIndent: firstIndent, restIndent: restIndent)
        for r in runs.indices {
            let text = runs[r].text
            let utf8 = text.utf8
            if runs[r].keepTogether && !utf8.contains(0x0A) {
                let w = CharacterWidth.of(text)
                if w <= max(1, width - restIndent) {
                    counter.word(run: r, utf8.startIndex..<utf8.endIndex, width: w)
                    continue
                }
            }
            // Words between space, tab and newline bytes; a word of printable
            // ASCII is as wide as it is long, anything else is measured.
            func scan(_ bytes: some Collection<UInt8>) {
                var start = 0
                var i = 0
                var printable = true
                func word() {
                    guard start < i else { return }
                    let range = utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: i)
                    counter.word(run: r, range, width: printable ? i - start : CharacterWidth.of(text[range]))
                }
                for byte in bytes {
                    if byte == 0x0A || byte == 0x20 || byte == 0x09 {
                        word()
                        if byte == 0x0A { counter.paragraphBreak(runs) } else { counter.space(runs) }
                        i += 1
                        start = i
                        printable = true
                    } else {
                        if byte < 0x20 || byte >= 0x7F { printable = false }
                        i += 1
                    }
                }
                word()
            }
            // On the bytes in place when the string has them contiguous (a native string does).
            if utf8.withContiguousStorageIfAvailable({ scan($0) }) == nil { scan(utf8) }
        }
        return counter.finish(runs)
    }

    /// `wrapPieces` keeping only the counts: rows finished, cells used on
    /// the row being filled, and the word (unit) being gathered, as ranges
    /// of the runs' text (read again only for a word wider than a line).
    private struct LineCounter {
        let width: Int
        let restIndent: Int
        var total = 0
        var linesInParagraph = 0
        var used = 0
        var budget: Int
        var hasContent = false
        var unit: [(run: Int, range: Range<String.Index>)] = []
        var unitWidth = 0

        init(width: Int, firstIndent: Int, restIndent: Int) {
            self.width = width
            self.restIndent = restIndent
            self.budget = max(1, width - firstIndent)
        }

        mutating func word(run: Int, _ range: Range<String.Index>, width: Int) {
            unit.append((run, range))
            unitWidth += width
        }

        mutating func newline() {
            total += 1
            linesInParagraph += 1
            used = 0
            hasContent = false
            budget = max(1, width - restIndent)
        }

        mutating func flushUnit(_ runs: [TextRun]) {
            guard !unit.isEmpty else { return }
            let w = unitWidth
            if used > 0 && used + w > budget { newline() }
            if w <= budget - used {
                used += w
                hasContent = true
            } else {
                for piece in unit {
                    for ch in runs[piece.run].text[piece.range] {
                        let cw = CharacterWidth.of(ch)
                        if used + cw > budget && used > 0 { newline() }
                        used += cw
                        hasContent = true
                    }
                }
            }
            unit.removeAll(keepingCapacity: true)
            unitWidth = 0
        }

        mutating func space(_ runs: [TextRun]) {
            flushUnit(runs)
            if used > 0 && used < budget {
                used += 1
                hasContent = true
            }
        }

        mutating func endParagraph(_ runs: [TextRun]) {
            flushUnit(runs)
            if hasContent || linesInParagraph == 0 { newline() }
        }

        mutating func paragraphBreak(_ runs: [TextRun]) {
            endParagraph(runs)
            // Every paragraph after the first starts at the rest indent.
            linesInParagraph = 0
            used = 0
            hasContent = false
            budget = max(1, width - restIndent)
        }

        mutating func finish(_ runs: [TextRun]) -> Int {
            endParagraph(runs)
            return max(1, total)
        }
    }

    private static func wrapPieces(_ pieces: [Piece], width: Int, firstIndent: Int, restIndent: Int) -> [[TextRun]] {
        var lines: [[TextRun]] = []
        var line: [TextRun] = []
        var used = 0
        var budget = max(1, width - firstIndent)

        func append(_ text: String, _ style: Style, width: Int) {
            if let last = line.last, last.style == style {
                line[line.count - 1].text += text
            } else {
                line.append(TextRun(text, style))
            }
            used += width
        }
        func newline() {
            // Drop trailing spaces.
            while let last = line.last, last.text.hasSuffix(" ") {
                var t = last.text
                while t.hasSuffix(" ") { t.removeLast() }
                if t.isEmpty { line.removeLast() } else { line[line.count - 1].text = t }
            }
            lines.append(line)
            line = []
            used = 0
            budget = max(1, width - restIndent)
        }

        // Glue adjacent non-space pieces (a word split across styles) into
        // units: ranges of `pieces`, so no array is made per word.
        var start = 0
        while start < pieces.count {
            var end = start + 1
            if !pieces[start].isSpace {
                while end < pieces.count, !pieces[end].isSpace { end += 1 }
            }
            let unit = pieces[start..<end]
            start = end
            if unit.first!.isSpace {
                if used > 0 && used < budget { append(" ", unit.first!.style, width: 1) }
                continue
            }
            let w = unit.reduce(0) { $0 + $1.width }
            if used > 0 && used + w > budget { newline() }
            if w <= budget - used {
                for p in unit { append(p.text, p.style, width: p.width) }
                continue
            }
            // A word longer than the line: break it by characters.
            for p in unit {
                for ch in p.text {
                    let cw = CharacterWidth.of(ch)
                    if used + cw > budget && used > 0 { newline() }
                    append(String(ch), p.style, width: cw)
                }
            }
        }
        if !line.isEmpty || lines.isEmpty { newline() }
        return lines
    }
}

extension Canvas {
    /// Draws runs wrapped to `area`'s width from row `y`, clipped at its
    /// bottom, and moves `y` below them: for screens that write text top down.
    public mutating func flow(_ runs: [TextRun], in area: Rect, y: inout Int) {
        guard y < area.maxY else { return }
        let text = WrappedText(runs)
        let h = min(text.height(for: area.width), area.maxY - y)
        text.draw(in: Rect(x: area.x, y: y, width: area.width, height: h), on: &self)
        y += h
    }
}
