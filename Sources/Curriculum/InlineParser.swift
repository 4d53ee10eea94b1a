/// Parses inline markup into spans: `**strong**` (or `__strong__`),
/// `*emphasis*`, `_emphasis_`
/// and `` `code` ``. Links keep their text and show where they go:
/// `[text](https://x)` is `text (https://x)`, `<https://x>` is the address,
/// `![alt](file.png)` is `[image: alt]` (a terminal shows no pictures).
///
/// Anything else is literal text, and so is a marker that never closes:
/// `2 * 3`, `snake_case_name` and a lone `` ` `` come out as written. A
/// backslash before ASCII punctuation (`\*`, `\_`, `` \` ``) makes it literal,
/// as on GitHub.
///
/// Spans are flat, so nesting keeps the innermost emphasis:
/// `**a *b* c**` is strong `a `, emphasis `b`, strong ` c`; code is always code.
///
///     InlineParser.parse("a **b** `c`")
///     // [Span("a "), Span("b", .strong), Span(" "), Span("c", .code)]
enum InlineParser {
    static func parse(_ text: String) -> RichText {
        // Most text has no markup at all: no need to look at its characters.
        let hasMarkup = text.utf8.contains { byte in
            switch byte {
            case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "\\"), UInt8(ascii: "["),
                UInt8(ascii: "<"), UInt8(ascii: "!"):
                true
            default: false
            }
        }
        if !hasMarkup { return text.isEmpty ? [] : [Span(text)] }
        let scanner = InlineScanner(text)
        var spans = SpanBuilder()
        scanner.parse(0..<scanner.count, outer: .plain, depth: 0, into: &spans)
        return spans.spans
    }
}

/// Collects spans, merging neighbours with the same emphasis and dropping
/// empty text.
struct SpanBuilder {
    var spans: RichText = []

    mutating func append(_ text: String, _ emphasis: Span.Emphasis) {
        guard !text.isEmpty else { return }
        if let last = spans.last, last.emphasis == emphasis {
            spans[spans.count - 1].text += text
        } else {
            spans.append(Span(text, emphasis))
        }
    }
}

/// The text as one entry per Character: its byte if the Character is one
/// ASCII scalar, else `other`, and where it starts in the UTF-8 bytes. Every
/// marker is ASCII, so the scanner compares bytes where it would compare
/// Characters, gives the same answers (a `*` with a combining mark on it is
/// no marker), and copies literal text out in whole runs.
private struct InlineScanner {
    /// Per Character: its ASCII byte, or `other`.
    let codes: [UInt8]
    /// Per Character and one past the end: its first byte in `bytes`; empty
    /// when every Character is one byte (offsets are then the indices).
    let offsets: [Int]
    let bytes: [UInt8]

    static let other: UInt8 = 0x80

    var count: Int { codes.count }

    init(_ text: String) {
        let bytes = Array(text.utf8)
        self.bytes = bytes
        // ASCII without CR LF (one Character of two bytes): one Character a byte.
        var simple = true
        for (k, byte) in bytes.enumerated()
        where byte >= 0x80 || (byte == 0x0D && k + 1 < bytes.count && bytes[k + 1] == 0x0A) {
            simple = false
            break
        }
        if simple {
            codes = bytes
            offsets = []
            return
        }
        var codes: [UInt8] = []
        var offsets: [Int] = []
        codes.reserveCapacity(bytes.count)
        offsets.reserveCapacity(bytes.count + 1)
        let utf8 = text.utf8
        var offset = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            // An ASCII byte followed by another (CR LF aside) or by nothing is
            // a whole Character: only a non-ASCII scalar (a combining mark, a
            // joiner) can join onto it. Everything else asks the String.
            if byte < 0x80,
                offset + 1 == bytes.count
                    || (bytes[offset + 1] < 0x80 && !(byte == 0x0D && bytes[offset + 1] == 0x0A))
            {
                codes.append(byte)
                offsets.append(offset)
                offset += 1
                continue
            }
            let next = text.index(after: utf8.index(utf8.startIndex, offsetBy: offset))
            let nextOffset = utf8.distance(from: utf8.startIndex, to: next)
            codes.append(nextOffset - offset == 1 && byte < 0x80 ? byte : Self.other)
            offsets.append(offset)
            offset = nextOffset
        }
        offsets.append(offset)
        self.codes = codes
        self.offsets = offsets
    }

    /// Where Character `i` starts in `bytes` (`count` gives the end).
    @inline(__always)
    private func byteOffset(_ i: Int) -> Int { offsets.isEmpty ? i : offsets[i] }

    /// Characters `range` as a string.
    private func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[byteOffset(range.lowerBound)..<byteOffset(range.upperBound)], as: UTF8.self)
    }

    /// Character `i` itself (for the Unicode questions on non-ASCII ones).
    private func character(_ i: Int) -> Character { string(i..<i + 1).first ?? " " }

    /// Deeper markup than this is read as literal text, so a hostile line
    /// cannot exhaust the stack.
    static let maximumDepth = 32

    /// ASCII punctuation, and the ASCII answers of `Character.isWhitespace`
    /// and `isLetter || isNumber`, by byte.
    private static let asciiPunctuation: [Bool] = (0..<128).map {
        "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".utf8.contains(UInt8($0))
    }
    private static let asciiWhitespace: [Bool] = (0..<128).map { Character(Unicode.Scalar(UInt8($0))).isWhitespace }
    private static let asciiWord: [Bool] = (0..<128).map {
        let c = Character(Unicode.Scalar(UInt8($0)))
        return c.isLetter || c.isNumber
    }

    @inline(__always)
    private func isPunctuation(_ i: Int) -> Bool { codes[i] < 0x80 && Self.asciiPunctuation[Int(codes[i])] }

    @inline(__always)
    private func `is`(_ i: Int, _ ascii: Unicode.Scalar) -> Bool { codes[i] == UInt8(ascii: ascii) }

    /// A key for `failedFrom`: the delimiter and its run length.
    private static func key(_ delimiter: UInt8, _ run: Int) -> Int { run << 8 | Int(delimiter) }

    func parse(_ range: Range<Int>, outer: Span.Emphasis, depth: Int, into spans: inout SpanBuilder) {
        // Where a search for a closer already failed (by delimiter), so a
        // line full of unclosed markers stays linear instead of quadratic.
        var failedFrom: [Int: Int] = [:]
        var literal = ""
        // Literal Characters from here up to `i` not yet copied into `literal`.
        var pending = range.lowerBound
        var i = range.lowerBound
        func take() {
            if pending < i { literal += string(pending..<i) }
            pending = i
        }
        func flush() {
            take()
            spans.append(literal, outer)
            literal = ""
        }

        let end = range.upperBound
        while i < end {
            let code = codes[i]
            if code == UInt8(ascii: "\\"), i + 1 < end, isPunctuation(i + 1) {
                take()
                literal += string(i + 1..<i + 2)
                i += 2
                pending = i
                continue
            }
            if code == UInt8(ascii: "[") || (code == UInt8(ascii: "!") && i + 1 < end && `is`(i + 1, "[")),
                let link = link(at: i, end: end)
            {
                flush()
                if link.isImage {
                    let alt = string(link.text).trimmingSpaces
                    spans.append(alt.isEmpty ? "[image]" : "[image: \(alt)]", outer)
                } else {
                    parse(link.text, outer: outer, depth: depth + 1, into: &spans)
                    if !link.target.isEmpty, !link.target.hasPrefix("#"), link.target != string(link.text) {
                        spans.append(" (\(link.target))", outer)
                    }
                }
                i = link.end
                pending = i
                continue
            }
            if code == UInt8(ascii: "<"), let close = autolink(at: i, end: end) {
                flush()
                spans.append(string(i + 1..<close), outer)
                i = close + 1
                pending = i
                continue
            }
            if code == UInt8(ascii: "`") {
                let run = runLength(of: code, at: i, end: end)
                let key = Self.key(code, run)
                if failedFrom[key].map({ $0 <= i }) != true,
                    let close = backtickRun(of: run, from: i + run, end: end)
                {
                    flush()
                    spans.append(codeText(i + run..<close), .code)
                    i = close + run
                    pending = i
                } else {
                    failedFrom[key] = failedFrom[key] ?? i
                    // The run stays literal text, as written.
                    i += run
                }
                continue
            }
            if code == UInt8(ascii: "*") || code == UInt8(ascii: "_"), depth < Self.maximumDepth {
                let width = i + 1 < end && codes[i + 1] == code ? 2 : 1
                let key = Self.key(code, width)
                if failedFrom[key].map({ $0 <= i }) != true {
                    if let close = closer(forOpenerAt: i, width: width, end: end) {
                        flush()
                        let emphasis: Span.Emphasis = width == 2 ? .strong : .emphasis
                        parse(i + width..<close, outer: emphasis, depth: depth + 1, into: &spans)
                        i = close + width
                        pending = i
                        continue
                    }
                    if isOpener(at: i, width: width, end: end) {
                        failedFrom[key] = i
                    }
                }
                // Not markup: one literal character; `**` may still open `*`.
                i += 1
                continue
            }
            i += 1
        }
        flush()
    }

    // MARK: Links

    /// Link text is at most this long (in Characters), so a line of unclosed `[` stays linear.
    static let maximumLinkText = 1000

    /// `[text](target "title")` or `![alt](target)` starting at `i`.
    private func link(at i: Int, end: Int) -> (isImage: Bool, text: Range<Int>, target: String, end: Int)? {
        let isImage = `is`(i, "!")
        let open = isImage ? i + 1 : i
        var depth = 0
        var j = open
        let limit = min(end, open + Self.maximumLinkText)
        var close: Int?
        while j < limit {
            let code = codes[j]
            if code == UInt8(ascii: "\\") {
                j += 2
                continue
            }
            if code == UInt8(ascii: "[") { depth += 1 }
            if code == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 {
                    close = j
                    break
                }
            }
            j += 1
        }
        guard let close, close + 1 < end, `is`(close + 1, "(") else { return nil }
        var k = close + 2
        var parens = 1
        let targetLimit = min(end, k + Self.maximumLinkText)
        while k < targetLimit {
            if `is`(k, "(") { parens += 1 }
            if `is`(k, ")") {
                parens -= 1
                if parens == 0 { break }
            }
            k += 1
        }
        guard k < targetLimit, `is`(k, ")") else { return nil }
        var target = string(close + 2..<k).trimmingSpaces
        if let space = target.firstIndex(of: " ") { target = String(target[..<space]) }
        if target.hasPrefix("<"), target.hasSuffix(">") { target = String(target.dropFirst().dropLast()) }
        return (isImage, open + 1..<close, target, k + 1)
    }

    /// `<https://example.com>` or `<mailto:…>`: where its `>` is.
    private func autolink(at i: Int, end: Int) -> Int? {
        var j = i + 1
        let limit = min(end, i + Self.maximumLinkText)
        while j < limit, !`is`(j, ">"), !`is`(j, " "), !`is`(j, "<") { j += 1 }
        guard j < limit, `is`(j, ">") else { return nil }
        let inside = string(i + 1..<j)
        return inside.contains("://") || inside.hasPrefix("mailto:") ? j : nil
    }

    // MARK: Code spans

    private func runLength(of code: UInt8, at start: Int, end: Int) -> Int {
        var i = start
        while i < end, codes[i] == code { i += 1 }
        return i - start
    }

    /// The start of the next run of exactly `length` backticks.
    private func backtickRun(of length: Int, from start: Int, end: Int) -> Int? {
        var i = start
        while i < end {
            if `is`(i, "`") {
                let run = runLength(of: UInt8(ascii: "`"), at: i, end: end)
                if run == length { return i }
                i += run
            } else {
                i += 1
            }
        }
        return nil
    }

    /// CommonMark: one space on each side is dropped when both are there,
    /// so `` ` `x` ` `` can show backticks.
    private func codeText(_ range: Range<Int>) -> String {
        var range = range
        if range.count >= 2, `is`(range.lowerBound, " "), `is`(range.upperBound - 1, " "),
            range.contains(where: { !`is`($0, " ") })
        {
            range = range.lowerBound + 1..<range.upperBound - 1
        }
        return string(range)
    }

    // MARK: Emphasis

    private func isWhitespace(at index: Int) -> Bool {
        guard index >= 0, index < count else { return true }
        let code = codes[index]
        return code < 0x80 ? Self.asciiWhitespace[Int(code)] : character(index).isWhitespace
    }

    private func isWordCharacter(at index: Int) -> Bool {
        guard index >= 0, index < count else { return false }
        let code = codes[index]
        if code < 0x80 { return Self.asciiWord[Int(code)] }
        let c = character(index)
        return c.isLetter || c.isNumber
    }

    private func isOpener(at i: Int, width: Int, end: Int) -> Bool {
        let delimiter = codes[i]
        guard i + width < end, !isWhitespace(at: i + width) else { return false }
        if delimiter == UInt8(ascii: "_") {
            // `snake_case`: an underscore inside a word is literal.
            return !isWordCharacter(at: i - 1) && !`is`(i + width, "_") && (i == 0 || !`is`(i - 1, "_"))
        }
        return true
    }

    private func isCloser(at j: Int, delimiter: UInt8, width: Int, end: Int) -> Bool {
        guard j + width <= end, !isWhitespace(at: j - 1) else { return false }
        for k in j..<j + width where codes[k] != delimiter { return false }
        switch (delimiter, width) {
        case (UInt8(ascii: "*"), 2):
            return true
        case (UInt8(ascii: "*"), _):
            // A single star, not one of a `**` pair.
            return !`is`(j - 1, "*") && (j + 1 >= end || !`is`(j + 1, "*"))
        default:
            return !`is`(j - 1, "_") && (j + width >= count || !`is`(j + width, "_"))
                && !isWordCharacter(at: j + width)
        }
    }

    /// Where the markup opened at `i` closes, or nil if it is not an opener
    /// or never closes. Escapes, code spans and (for `*`) nested `**` pairs
    /// are skipped over, so their characters never close it.
    private func closer(forOpenerAt i: Int, width: Int, end: Int) -> Int? {
        guard isOpener(at: i, width: width, end: end) else { return nil }
        let delimiter = codes[i]
        // Once an inner `**` finds no closer, no later one will either;
        // remembering it keeps a long line of unclosed markers linear.
        var innerStrongCloses = true
        var j = i + width + 1  // at least one character of content
        while j < end {
            let code = codes[j]
            if code == UInt8(ascii: "\\"), j + 1 < end, isPunctuation(j + 1) {
                j += 2
                continue
            }
            if code == UInt8(ascii: "`") {
                let run = runLength(of: code, at: j, end: end)
                if let close = backtickRun(of: run, from: j + run, end: end) {
                    j = close + run
                } else {
                    j += run
                }
                continue
            }
            if code == delimiter {
                if isCloser(at: j, delimiter: delimiter, width: width, end: end) {
                    return j
                }
                if delimiter == UInt8(ascii: "*"), width == 1, j + 1 < end, `is`(j + 1, "*") {
                    // `*a **b** c*`: step over the inner strong pair whole.
                    if innerStrongCloses, let inner = closer(forOpenerAt: j, width: 2, end: end) {
                        j = inner + 2
                    } else {
                        innerStrongCloses = !isOpener(at: j, width: 2, end: end) && innerStrongCloses
                        j += runLength(of: UInt8(ascii: "*"), at: j, end: end)
                    }
                    continue
                }
            }
            j += 1
        }
        return nil
    }
}
