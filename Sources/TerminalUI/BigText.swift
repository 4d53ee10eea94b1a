/// Text drawn large in block characters, five rows tall, for figures read
/// from the back of a room (presenter mode).
///
/// Digits and the signs around numbers (`,` `.` `%` `-` `/` `:` space) and a
/// few letters for units (`s` `m` `u` `k` `x`) have glyphs; any other
/// character is drawn as `?`. Glyphs are three columns wide (punctuation
/// fewer), one blank column apart; blank cells are drawn, in the style.
///
///     BigText("1,234").style(Style(.strong, bold: true))
public struct BigText: Widget, Sendable, Equatable {
    public var text: String
    public var style = Style(.strong, bold: true)

    public init(_ text: String) { self.text = text }

    public func style(_ style: Style) -> BigText {
        var c = self
        c.style = style
        return c
    }

    /// Rows every glyph has.
    public static let height = 5

    /// Columns the text takes, gaps included.
    public var width: Int {
        let glyphs = text.map(Self.glyph)
        return glyphs.reduce(0) { $0 + $1[0].count } + max(0, glyphs.count - 1)
    }

    /// Whether `character` has a glyph of its own (others are drawn as `?`).
    public static func draws(_ character: Character) -> Bool { glyphs[character] != nil }

    public func draw(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        var x = area.x
        for ch in text {
            let glyph = Self.glyph(ch)
            let w = glyph[0].count
            guard x + w <= area.maxX else { break }
            // Blanks are drawn too (and the gap after a glyph), so the figure
            // replaces what was under it.
            let gap = x + w < area.maxX && x + w < area.x + width ? 1 : 0
            for (row, line) in glyph.enumerated() where row < area.height {
                for (i, cell) in (line + Array(repeating: " ", count: gap)).enumerated() {
                    canvas.put(cell, x: x + i, y: area.y + row, style: style)
                }
            }
            x += w + 1
        }
    }

    static func glyph(_ ch: Character) -> [[Character]] { glyphs[ch] ?? glyphs["?"]! }

    private static let glyphs: [Character: [[Character]]] = {
        let rows: [Character: [String]] = [
            "0": ["███", "█ █", "█ █", "█ █", "███"],
            "1": [" █ ", "██ ", " █ ", " █ ", "███"],
            "2": ["███", "  █", "███", "█  ", "███"],
            "3": ["███", "  █", "███", "  █", "███"],
            "4": ["█ █", "█ █", "███", "  █", "  █"],
            "5": ["███", "█  ", "███", "  █", "███"],
            "6": ["███", "█  ", "███", "█ █", "███"],
            "7": ["███", "  █", "  █", "  █", "  █"],
            "8": ["███", "█ █", "███", "█ █", "███"],
            "9": ["███", "█ █", "███", "  █", "███"],
            ",": ["  ", "  ", "  ", " █", "█ "],
            ".": [" ", " ", " ", " ", "█"],
            ":": [" ", "█", " ", "█", " "],
            "%": ["█ █", "  █", " █ ", "█  ", "█ █"],
            "-": ["   ", "   ", "███", "   ", "   "],
            "/": ["  █", "  █", " █ ", "█  ", "█  "],
            " ": ["  ", "  ", "  ", "  ", "  "],
            "s": ["   ", " ██", "█  ", "  █", "██ "],
            "m": ["     ", "     ", "█▀█▀█", "█ █ █", "█ █ █"],
            "u": ["   ", "   ", "█ █", "█ █", "███"],
            "k": ["█  ", "█ █", "██ ", "█ █", "█ █"],
            "x": ["   ", "█ █", " █ ", "█ █", "   "],
            "?": ["███", "  █", " ██", "   ", " █ "],
        ]
        return rows.mapValues { $0.map { Array($0) } }
    }()
}
