/// One physical line of a lesson file, with its 1-based line number.
///
/// Quote and callout contents are parsed as lines too: their `>` is
/// stripped but they keep the number of the line they came from, so a
/// diagnostic deep inside a callout still names the right line.
struct SourceLine: Equatable {
    let number: Int
    /// The line as written, without its line ending. Code blocks use this.
    let raw: String
    /// The line with each tab expanded to the next tab stop (every four
    /// columns). Everything uses this for indentation; code keeps its tabs
    /// as tab stops, and tabs elsewhere are reported once per line.
    let text: String
    /// Leading spaces (a tab goes to the next multiple of four).
    let indent: Int
    /// The text without leading and trailing spaces. Measured once: every
    /// line syntax test asks for it.
    let trimmed: String
    /// The line as written holds a tab.
    let hasTab: Bool

    init(number: Int, raw: String) {
        self.number = number
        self.raw = raw
        hasTab = raw.utf8.contains(0x09)
        let text = hasTab ? raw.widenedTabs : raw
        self.text = text
        self.indent = text.utf8.prefix { $0 == 0x20 }.count
        self.trimmed = text.trimmingSpaces
    }

    var isBlank: Bool { trimmed.isEmpty }

    /// Splits a file into lines: accepts `\n` and `\r\n`, and drops a UTF-8
    /// byte order mark. A final line ending does not make an extra line.
    static func split(_ text: String, parts perform: LessonParts = .oneAfterAnother) -> [SourceLine] {
        // Split on UTF-8 bytes, not Characters: "\r\n" is a single Character,
        // and bytes keep this linear and fast for a file of any size.
        let utf8 = text.utf8
        var start = utf8.startIndex
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) {
            start = utf8.index(start, offsetBy: 3)
        }
        let lines = split(text, from: start, parts: utf8.count >= bytesForParts ? perform.count : 1, perform: perform)
        // A file of one empty line is empty, as is the empty file.
        if lines.count == 1, lines[0].raw.isEmpty { return [] }
        return lines
    }

    /// Files this long are split into lines in parts (see ``LessonParts``).
    static let bytesForParts = 1 << 20

    /// The lines of `text[start...]`, found in `parts` parts run by
    /// `perform`, each on a share of the bytes that ends just after a line
    /// feed (the lines are the same for any number of parts).
    static func split(
        _ text: String, from start: String.Index, parts: Int, perform: LessonParts = .oneAfterAnother
    ) -> [SourceLine] {
        var text = text
        text.makeContiguousUTF8()  // in place already for text read from a file
        let first = text.utf8.distance(from: text.utf8.startIndex, to: start)
        return text.utf8.withContiguousStorageIfAvailable { bytes in
            lines(of: text, bytes, from: first, parts: parts, perform: perform)
        } ?? []
    }

    private static func lines(
        of text: String, _ bytes: UnsafeBufferPointer<UInt8>, from first: Int, parts: Int, perform: LessonParts
    ) -> [SourceLine] {
        let n = bytes.count
        // Where each part starts: the byte after the first line feed at or
        // after an equal share (a part may be empty).
        var starts = [first]
        for k in 1..<max(1, parts) {
            var i = max(starts[starts.count - 1], first + k * (n - first) / parts)
            while i < n, bytes[i] != 0x0A { i += 1 }
            starts.append(min(n, i + 1))
        }
        starts.append(n)
        let bounds = starts
        let count = bounds.count - 1
        nonisolated(unsafe) let bytes = bytes
        /// Calls `line` with the start and end (line ending left out) of each line in bytes `range`.
        @Sendable func eachLine(_ range: Range<Int>, _ line: (Int, Int) -> Void) {
            var lineStart = range.lowerBound
            func add(_ end: Int) {
                line(lineStart, end > lineStart && bytes[end - 1] == 0x0D ? end - 1 : end)
            }
            for i in range where bytes[i] == 0x0A {
                add(i)
                lineStart = i + 1
            }
            // A final line ending does not make an extra line.
            if lineStart < range.upperBound { add(range.upperBound) }
        }
        let utf8 = text.utf8
        @Sendable func string(_ start: Int, _ end: Int) -> String {
            String(text[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)])
        }
        if count == 1 {
            var lines: [SourceLine] = []
            eachLine(bounds[0]..<bounds[1]) { lines.append(SourceLine(number: lines.count + 1, raw: string($0, $1))) }
            return lines
        }
        // Each part's lines are counted first, so each knows its first line's number.
        let sizes = (0..<count).map { k in
            let range = bounds[k]..<bounds[k + 1]
            let feeds = bytes[range].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            return feeds + (!range.isEmpty && bytes[range.upperBound - 1] != 0x0A ? 1 : 0)
        }
        let total = sizes.reduce(0, +)
        return [SourceLine](unsafeUninitializedCapacity: total) { buffer, initialized in
            nonisolated(unsafe) let base = buffer.baseAddress!
            perform.perform(count) { k in
                let firstLine = sizes[..<k].reduce(0, +)
                var made = 0
                eachLine(bounds[k]..<bounds[k + 1]) { start, end in
                    precondition(made < sizes[k], "lines miscounted")
                    (base + firstLine + made).initialize(
                        to: SourceLine(number: firstLine + made + 1, raw: string(start, end)))
                    made += 1
                }
                precondition(made == sizes[k], "lines miscounted")
            }
            initialized = total
        }
    }
}

extension String {
    /// The string without leading and trailing spaces (spaces only: after
    /// tab widening nothing else counts as indentation).
    var trimmingSpaces: String {
        // On bytes: a space is one byte in UTF-8 and never part of another character.
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { $0 != 0x20 }) else { return "" }
        if first == bytes.startIndex, bytes.last != 0x20 { return self }
        let last = bytes.lastIndex(where: { $0 != 0x20 })!
        return String(self[first...last])
    }

    /// The string without leading spaces.
    var trimmingLeadingSpaces: String {
        guard let first = utf8.firstIndex(where: { $0 != 0x20 }) else { return "" }
        return first == utf8.startIndex ? self : String(self[first...])
    }

    /// The string with each tab replaced by spaces up to the next tab stop
    /// (`"\tx"` and `"  \tx"` both give `"    x"` at width 4), counting
    /// columns in characters as a code host's monospace view does.
    func expandingTabs(width: Int = 4) -> String {
        let width = max(1, width)
        var result = ""
        var column = 0
        for character in self {
            if character == "\t" {
                let spaces = width - column % width
                result += String(repeating: " ", count: spaces)
                column += spaces
            } else {
                result.append(character)
                column += 1
            }
        }
        return result
    }

    var widenedTabs: String { expandingTabs() }

    /// The string with each line break turned into a space.
    var replacingNewlines: String {
        String(map { $0 == "\n" ? " " : $0 })
    }

    /// Drops up to `count` leading spaces.
    func droppingSpaces(upTo count: Int) -> String {
        var dropped = 0
        return String(
            drop { character in
                guard dropped < count, character == " " else { return false }
                dropped += 1
                return true
            })
    }
}

/// "1 cell", "3 cells".
public func counted(_ count: Int, _ noun: String) -> String {
    count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
}
