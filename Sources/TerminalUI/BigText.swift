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
    /// Each glyph cell drawn as a scale × scale block (2 on a large terminal).
    public var scale = 1

    public init(_ text: String) { self.text = text }

    public func scale(_ scale: Int) -> BigText {
        var c = self
        c.scale = max(1, scale)
        return c
    }

    /// Rows the text takes at its scale.
    public var rows: Int { Self.height * scale }

    public func style(_ style: Style) -> BigText {
        var c = self
        c.style = style
        return c
    }

    /// Rows every glyph has at scale 1.
    public static let height = 5

    /// Columns the text takes, gaps included.
    public var width: Int {
        let glyphs = text.map(Self.glyph)
        return (glyphs.reduce(0) { $0 + $1[0].count } + max(0, glyphs.count - 1)) * scale
    }

    /// Whether `character` has a glyph of its own (others are drawn as `?`).
    public static func draws(_ character: Character) -> Bool { glyphs[character] != nil }

    public func draw(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        var x = area.x
        let end = min(area.maxX, area.x + width)
        for ch in text {
            let glyph = Self.glyph(ch)
            let w = glyph[0].count * scale
            guard x + w <= area.maxX else { break }
            // Blanks are drawn too (and the gap after a glyph), so the figure
            // replaces what was under it.
            let gap = x + w < end ? scale : 0
            for (row, line) in glyph.enumerated() {
                let cells = line.flatMap { Array(repeating: $0, count: scale) } + Array(repeating: " ", count: gap)
                for dy in 0..<scale where row * scale + dy < area.height {
                    for (i, cell) in cells.enumerated() {
                        canvas.put(cell, x: x + i, y: area.y + row * scale + dy, style: style, limit: area.maxX)
                    }
                }
            }
            x += w + gap
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
