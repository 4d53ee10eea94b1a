// The inline parser as it was before it scanned bytes (it worked on
// [Character]): kept only as the oracle the byte scanner is checked against.
@testable import Curriculum

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
enum ReferenceInlineParser {
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
        let scanner = ReferenceInlineScanner(characters: Array(text))
        var spans = SpanBuilder()
        scanner.parse(0..<scanner.characters.count, outer: .plain, depth: 0, into: &spans)
        return spans.spans
    }
}

struct ReferenceInlineScanner {
    let characters: [Character]

    /// Deeper markup than this is read as literal text, so a hostile line
    /// cannot exhaust the stack.
    static let maximumDepth = 32

    private static let asciiPunctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

    func parse(_ range: Range<Int>, outer: Span.Emphasis, depth: Int, into spans: inout SpanBuilder) {
        // Where a search for a closer already failed (by delimiter), so a
        // line full of unclosed markers stays linear instead of quadratic.
        var failedFrom: [String: Int] = [:]
        var literal = ""
        func flush() {
            spans.append(literal, outer)
            literal = ""
        }

        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let character = characters[i]
            if character == "\\", i + 1 < end, Self.asciiPunctuation.contains(characters[i + 1]) {
                literal.append(characters[i + 1])
                i += 2
                continue
            }
            if character == "[" || (character == "!" && i + 1 < end && characters[i + 1] == "["),
                let link = link(at: i, end: end)
            {
                flush()
                if link.isImage {
                    let alt = String(characters[link.text]).trimmingSpaces
                    spans.append(alt.isEmpty ? "[image]" : "[image: \(alt)]", outer)
                } else {
                    parse(link.text, outer: outer, depth: depth + 1, into: &spans)
                    if !link.target.isEmpty, !link.target.hasPrefix("#"),
                        link.target != String(characters[link.text])
                    {
                        spans.append(" (\(link.target))", outer)
                    }
                }
                i = link.end
                continue
            }
            if character == "<", let close = autolink(at: i, end: end) {
                flush()
                spans.append(String(characters[i + 1..<close]), outer)
                i = close + 1
                continue
            }
            if character == "`" {
                let run = runLength(of: "`", at: i, end: end)
                let key = "`\(run)"
                if failedFrom[key].map({ $0 <= i }) != true,
                    let close = backtickRun(of: run, from: i + run, end: end)
                {
                    flush()
                    spans.append(codeText(i + run..<close), .code)
                    i = close + run
                } else {
                    failedFrom[key] = failedFrom[key] ?? i
                    literal += String(repeating: "`", count: run)
                    i += run
                }
                continue
            }
            if character == "*" || character == "_", depth < Self.maximumDepth {
                let width = i + 1 < end && characters[i + 1] == character ? 2 : 1
                let key = String(repeating: character, count: width)
                if failedFrom[key].map({ $0 <= i }) != true {
                    if let close = closer(forOpenerAt: i, width: width, end: end) {
                        flush()
                        let emphasis: Span.Emphasis = width == 2 ? .strong : .emphasis
                        parse(i + width..<close, outer: emphasis, depth: depth + 1, into: &spans)
                        i = close + width
                        continue
                    }
                    if isOpener(at: i, width: width, end: end) {
                        failedFrom[key] = i
                    }
                }
                // Not markup: one literal character; `**` may still open `*`.
                literal.append(character)
                i += 1
                continue
            }
            literal.append(character)
            i += 1
        }
        flush()
    }

    // MARK: Links

    /// Link text is at most this long, so a line of unclosed `[` stays linear.
    static let maximumLinkText = 1000

    /// `[text](target "title")` or `![alt](target)` starting at `i`.
    private func link(at i: Int, end: Int) -> (isImage: Bool, text: Range<Int>, target: String, end: Int)? {
        let isImage = characters[i] == "!"
        let open = isImage ? i + 1 : i
        var depth = 0
        var j = open
        let limit = min(end, open + Self.maximumLinkText)
        var close: Int?
        while j < limit {
            let character = characters[j]
            if character == "\\" {
                j += 2
                continue
            }
            if character == "[" { depth += 1 }
            if character == "]" {
                depth -= 1
                if depth == 0 {
                    close = j
                    break
                }
            }
            j += 1
        }
        guard let close, close + 1 < end, characters[close + 1] == "(" else { return nil }
        var k = close + 2
        var parens = 1
        let targetLimit = min(end, k + Self.maximumLinkText)
        while k < targetLimit {
            if characters[k] == "(" { parens += 1 }
            if characters[k] == ")" {
                parens -= 1
                if parens == 0 { break }
            }
            k += 1
        }
        guard k < targetLimit, characters[k] == ")" else { return nil }
        var target = String(characters[close + 2..<k]).trimmingSpaces
        if let space = target.firstIndex(of: " ") { target = String(target[..<space]) }
        if target.hasPrefix("<"), target.hasSuffix(">") { target = String(target.dropFirst().dropLast()) }
        return (isImage, open + 1..<close, target, k + 1)
    }

    /// `<https://example.com>` or `<mailto:…>`: where its `>` is.
    private func autolink(at i: Int, end: Int) -> Int? {
        var j = i + 1
        let limit = min(end, i + Self.maximumLinkText)
        while j < limit, characters[j] != ">", characters[j] != " ", characters[j] != "<" { j += 1 }
        guard j < limit, characters[j] == ">" else { return nil }
        let inside = String(characters[i + 1..<j])
        return inside.contains("://") || inside.hasPrefix("mailto:") ? j : nil
    }

    // MARK: Code spans

    private func runLength(of character: Character, at start: Int, end: Int) -> Int {
        var i = start
        while i < end, characters[i] == character { i += 1 }
        return i - start
    }

    /// The start of the next run of exactly `length` backticks.
    private func backtickRun(of length: Int, from start: Int, end: Int) -> Int? {
        var i = start
        while i < end {
            if characters[i] == "`" {
                let run = runLength(of: "`", at: i, end: end)
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
        var text = characters[range]
        if text.count >= 2, text.first == " ", text.last == " ", text.contains(where: { $0 != " " }) {
            text = text.dropFirst().dropLast()
        }
        return String(text)
    }

    // MARK: Emphasis

    private func isWhitespace(at index: Int) -> Bool {
        index < 0 || index >= characters.count || characters[index].isWhitespace
    }

    private func isWordCharacter(at index: Int) -> Bool {
        guard index >= 0, index < characters.count else { return false }
        return characters[index].isLetter || characters[index].isNumber
    }

    private func isOpener(at i: Int, width: Int, end: Int) -> Bool {
        let delimiter = characters[i]
        guard i + width < end, !isWhitespace(at: i + width) else { return false }
        if delimiter == "_" {
            // `snake_case`: an underscore inside a word is literal.
            return !isWordCharacter(at: i - 1) && characters[i + width] != "_"
                && (i == 0 || characters[i - 1] != "_")
        }
        return true
    }

    private func isCloser(at j: Int, delimiter: Character, width: Int, end: Int) -> Bool {
        guard j + width <= end, !isWhitespace(at: j - 1) else { return false }
        for k in j..<j + width where characters[k] != delimiter { return false }
        switch (delimiter, width) {
        case ("*", 2):
            return true
        case ("*", _):
            // A single star, not one of a `**` pair.
            return characters[j - 1] != "*" && (j + 1 >= end || characters[j + 1] != "*")
        default:
            return characters[j - 1] != "_" && (j + width >= characters.count || characters[j + width] != "_")
                && !isWordCharacter(at: j + width)
        }
    }

    /// Where the markup opened at `i` closes, or nil if it is not an opener
    /// or never closes. Escapes, code spans and (for `*`) nested `**` pairs
    /// are skipped over, so their characters never close it.
    private func closer(forOpenerAt i: Int, width: Int, end: Int) -> Int? {
        guard isOpener(at: i, width: width, end: end) else { return nil }
        let delimiter = characters[i]
        // Once an inner `**` finds no closer, no later one will either;
        // remembering it keeps a long line of unclosed markers linear.
        var innerStrongCloses = true
        var j = i + width + 1  // at least one character of content
        while j < end {
            let character = characters[j]
            if character == "\\", j + 1 < end, Self.asciiPunctuation.contains(characters[j + 1]) {
                j += 2
                continue
            }
            if character == "`" {
                let run = runLength(of: "`", at: j, end: end)
                if let close = backtickRun(of: run, from: j + run, end: end) {
                    j = close + run
                } else {
                    j += run
                }
                continue
            }
            if character == delimiter {
                if isCloser(at: j, delimiter: delimiter, width: width, end: end) {
                    return j
                }
                if delimiter == "*", width == 1, j + 1 < end, characters[j + 1] == "*" {
                    // `*a **b** c*`: step over the inner strong pair whole.
                    if innerStrongCloses, let inner = closer(forOpenerAt: j, width: 2, end: end) {
                        j = inner + 2
                    } else {
                        innerStrongCloses = !isOpener(at: j, width: 2, end: end) && innerStrongCloses
                        j += runLength(of: "*", at: j, end: end)
                    }
                    continue
                }
            }
            j += 1
        }
        return nil
    }
}
