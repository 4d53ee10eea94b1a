/// Verbatim lines (source code, the article's drawings) behind a gutter rule,
/// never re-flowed. A line wider than the space is continued on the next row
/// after a `↪` mark, so nothing is cut off silently; it breaks after a space
/// or punctuation, never inside an identifier (unless one fills the row).
///
///     CodeBlock(lines: ["import os"], label: "python")
public struct CodeBlock: FlowWidget, Sendable, Equatable {
    public var lines: [String]
    public var label: String?
    public var style = Style(.code)
    public var gutterStyle = Style(.border)

    public init(lines: [String], label: String? = nil) {
        self.lines = lines
        self.label = label
    }

    public func style(_ style: Style) -> CodeBlock {
        var c = self
        c.style = style
        return c
    }

    static let gutter = "│ "
    static let continuation = "↪ "

    /// The rows drawn for a width: (is continuation, text).
    func rows(width: Int) -> [(Bool, String)] {
        let room = max(4, width - 2)
        var out: [(Bool, String)] = []
        for line in lines {
            var rest = Substring(line)
            var first = true
            repeat {
                let budget = first ? room : max(2, room - 2)
                var taken = ""
                var w = 0
                while let ch = rest.first {
                    let cw = CharacterWidth.of(ch)
                    if w + cw > budget { break }
                    taken.append(ch)
                    w += cw
                    rest.removeFirst()
                }
                if taken.isEmpty, let ch = rest.first {  // never loop forever
                    taken.append(ch)
                    rest.removeFirst()
                }
                // Never mid-identifier: break after the last space or punctuation,
                // unless the whole row is one word.
                if let next = rest.first, let last = taken.last, Self.isWordCharacter(last),
                    Self.isWordCharacter(next),
                    let cut = taken.lastIndex(where: { !Self.isWordCharacter($0) })
                {
                    let after = taken.index(after: cut)
                    rest = Substring(taken[after...]) + rest
                    taken = String(taken[..<after])
                }
                out.append((!first, taken))
                first = false
            } while !rest.isEmpty
        }
        return out
    }

    /// Letters, digits and `_`: the characters of an identifier.
    static func isWordCharacter(_ c: Character) -> Bool { c == "_" || c.isLetter || c.isNumber }

    public func height(for width: Int) -> Int {
        // A line that fits is one row (`rows` takes it whole); only longer ones are broken to count.
        let room = max(4, width - 2)
        var count = 0
        for line in lines {
            count += CharacterWidth.of(line) <= room ? 1 : CodeBlock(lines: [line]).rows(width: width).count
        }
        return count + (label == nil ? 0 : 1)
    }

    public func draw(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        var y = area.y
        if let label {
            canvas.put("╭ " + label, x: area.x, y: y, style: Style(.codeLabel), limit: area.maxX)
            y += 1
        }
        for (isContinuation, text) in rows(width: area.width) {
            guard y < area.maxY else { break }
            var x = canvas.put(Self.gutter, x: area.x, y: y, style: gutterStyle, limit: area.maxX)
            if isContinuation { x = canvas.put(Self.continuation, x: x, y: y, style: Style(.dim), limit: area.maxX) }
            canvas.put(text, x: x, y: y, style: style, limit: area.maxX)
            y += 1
        }
    }
}
