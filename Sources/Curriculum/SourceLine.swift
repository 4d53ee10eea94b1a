/// One physical line of a lesson file, with its 1-based line number.
///
/// Quote and callout contents are parsed as lines too: their `>` is
/// stripped but they keep the number of the line they came from, so a
/// diagnostic deep inside a callout still names the right line.
struct SourceLine: Equatable {
    var number: Int
    /// The line as written, without its line ending. Code blocks use this.
    var raw: String
    /// The line with each tab expanded to the next tab stop (every four
    /// columns). Everything uses this for indentation; code keeps its tabs
    /// as tab stops, and tabs elsewhere are reported once per line.
    var text: String

    init(number: Int, raw: String) {
        self.number = number
        self.raw = raw
        self.text = raw.contains("\t") ? raw.widenedTabs : raw
    }

    var isBlank: Bool { text.allSatisfy { $0 == " " } }

    /// Leading spaces (a tab goes to the next multiple of four).
    var indent: Int { text.prefix { $0 == " " }.count }

    /// The text without leading and trailing spaces.
    var trimmed: String { text.trimmingSpaces }

    /// Splits a file into lines: accepts `\n` and `\r\n`, and drops a UTF-8
    /// byte order mark. A final line ending does not make an extra line.
    static func split(_ text: String) -> [SourceLine] {
        var scalars = Substring(text).unicodeScalars
        if scalars.first == "\u{FEFF}" {
            scalars = scalars.dropFirst()
        }
        // Split on scalars, not Characters: "\r\n" is a single Character.
        var pieces = scalars.split(separator: "\n", omittingEmptySubsequences: false)
        if pieces.count > 1, pieces.last?.isEmpty == true {
            pieces.removeLast()
        }
        if pieces.count == 1, pieces[0].isEmpty {
            return []
        }
        return pieces.enumerated().map { index, piece in
            var line = piece
            if line.last == "\r" {
                line = line.dropLast()
            }
            return SourceLine(number: index + 1, raw: String(String.UnicodeScalarView(line)))
        }
    }
}

extension String {
    /// The string without leading and trailing spaces (spaces only: after
    /// tab widening nothing else counts as indentation).
    var trimmingSpaces: String {
        guard let first = firstIndex(where: { $0 != " " }) else { return "" }
        let last = lastIndex(where: { $0 != " " })!
        return String(self[first...last])
    }

    /// The string without leading spaces.
    var trimmingLeadingSpaces: String {
        String(drop { $0 == " " })
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
