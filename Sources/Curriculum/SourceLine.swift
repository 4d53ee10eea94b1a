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

    init(number: Int, raw: String) {
        self.number = number
        self.raw = raw
        let text = raw.utf8.contains(0x09) ? raw.widenedTabs : raw
        self.text = text
        self.indent = text.utf8.prefix { $0 == 0x20 }.count
        self.trimmed = text.trimmingSpaces
    }

    var isBlank: Bool { trimmed.isEmpty }

    /// Splits a file into lines: accepts `\n` and `\r\n`, and drops a UTF-8
    /// byte order mark. A final line ending does not make an extra line.
    static func split(_ text: String) -> [SourceLine] {
        // Split on UTF-8 bytes, not Characters: "\r\n" is a single Character,
        // and bytes keep this linear and fast for a file of any size.
        let utf8 = text.utf8
        var start = utf8.startIndex
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) {
            start = utf8.index(start, offsetBy: 3)
        }
        var lines: [SourceLine] = []
        var lineStart = start
        var i = start
        func add(_ end: String.Index) {
            var end = end
            if end > lineStart, utf8[utf8.index(before: end)] == 0x0D {
                end = utf8.index(before: end)
            }
            lines.append(SourceLine(number: lines.count + 1, raw: String(text[lineStart..<end])))
        }
        while i < utf8.endIndex {
            if utf8[i] == 0x0A {
                add(i)
                i = utf8.index(after: i)
                lineStart = i
            } else {
                i = utf8.index(after: i)
            }
        }
        // A final line ending does not make an extra line.
        if lineStart < utf8.endIndex { add(utf8.endIndex) }
        // A file of one empty line is empty, as is the empty file.
        if lines.count == 1, lines[0].raw.isEmpty { return [] }
        return lines
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
func counted(_ count: Int, _ noun: String) -> String {
    count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
}
