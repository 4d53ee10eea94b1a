/// One terminal cell: a character and its style.
///
/// A wide character (CJK, most emoji) occupies two cells: the first holds the
/// character, the second is a continuation that draws nothing.
public struct Cell: Sendable, Equatable {
    public var character: Character
    public var style: Style
    public var isContinuation: Bool

    public init(_ character: Character = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.character = character
        self.style = style
        self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}

/// A grid of styled cells that widgets draw into. Writes outside it are
/// clipped, never a crash. A canvas is a value: copy it, compare it, diff it.
public struct Canvas: Sendable, Equatable {
    public private(set) var size: Size
    public private(set) var cells: [Cell]

    public init(size: Size, fill: Cell = .blank) {
        let size = Size(width: max(0, size.width), height: max(0, size.height))
        self.size = size
        self.cells = Array(repeating: fill, count: size.width * size.height)
    }

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.init(size: Size(width: width, height: height), fill: fill)
    }

    public var width: Int { size.width }
    public var height: Int { size.height }
    public var bounds: Rect { Rect(size: size) }

    public func contains(_ p: Point) -> Bool {
        p.x >= 0 && p.y >= 0 && p.x < size.width && p.y < size.height
    }

    /// Changes every cell's style through `transform` (presenter mode's
    /// high contrast: no dim text).
    public mutating func restyle(_ transform: (Style) -> Style) {
        for i in cells.indices { cells[i].style = transform(cells[i].style) }
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { contains(Point(x: x, y: y)) ? cells[y * size.width + x] : .blank }
        set {
            guard contains(Point(x: x, y: y)) else { return }
            cells[y * size.width + x] = newValue
        }
    }

    /// Writes one character at x, y; returns the x after it. Wide characters
    /// that do not fit before `limit` (default: the canvas edge) are drawn as a
    /// space, and half-overwritten wide characters are cleared, so the grid
    /// never holds a torn glyph.
    @discardableResult
    public mutating func put(_ ch: Character, x: Int, y: Int, style: Style, limit: Int? = nil) -> Int {
        let w = CharacterWidth.of(ch)
        if w == 0 { return x }
        let edge = min(limit ?? size.width, size.width)
        guard y >= 0, y < size.height, x < edge else { return x + w }
        if x < 0 { return x + w }
        if w == 2 && x + 1 >= edge {
            setCell(Cell(" ", style: style), x: x, y: y)
            return x + w
        }
        setCell(Cell(ch, style: style), x: x, y: y)
        if w == 2 { setCell(Cell(" ", style: style, isContinuation: true), x: x + 1, y: y) }
        return x + w
    }

    private mutating func setCell(_ cell: Cell, x: Int, y: Int) {
        let i = y * size.width + x
        // Overwriting the continuation of a wide char: clear its lead.
        if cells[i].isContinuation && !cell.isContinuation && x > 0 {
            cells[i - 1] = Cell(" ", style: cells[i - 1].style)
        }
        // Overwriting a wide char's lead: clear its continuation.
        if !cells[i].isContinuation && x + 1 < size.width && cells[i + 1].isContinuation
            && !cell.isContinuation
        {
            cells[i + 1] = Cell(" ", style: cells[i + 1].style)
        }
        cells[i] = cell
    }

    /// Writes a string from x, y on one line, clipped at `limit` (default: the
    /// canvas edge). Returns the x after the last character.
    @discardableResult
    public mutating func put(_ text: some StringProtocol, x: Int, y: Int, style: Style = .plain, limit: Int? = nil)
        -> Int
    {
        var cx = x
        for ch in text {
            if ch == "\n" || ch == "\t" {
                cx = put(" ", x: cx, y: y, style: style, limit: limit)
                continue
            }
            cx = put(ch, x: cx, y: y, style: style, limit: limit)
            if cx >= min(limit ?? size.width, size.width) { break }
        }
        return cx
    }

    /// Fills a rect with one cell.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { setCell(cell, x: x, y: y) }
        }
    }

    /// Applies a style change to every cell in a rect, keeping the characters.
    public mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { change(&cells[y * size.width + x].style) }
        }
    }

    /// Copies `source` (or the part of it in `from`) so its top-left lands at `at`.
    public mutating func blit(_ source: Canvas, from: Rect? = nil, at: Point) {
        let src = (from ?? source.bounds).intersection(source.bounds)
        guard !src.isEmpty else { return }
        for sy in src.y..<src.maxY {
            let dy = at.y + sy - src.y
            guard dy >= 0, dy < size.height else { continue }
            for sx in src.x..<src.maxX {
                let dx = at.x + sx - src.x
                guard dx >= 0, dx < size.width else { continue }
                let cell = source.cells[sy * source.size.width + sx]
                if cell.isContinuation {
                    // Only copy a continuation whose lead was copied too.
                    if sx > src.x && dx > 0 {
                        cells[dy * size.width + dx] = cell
                    } else {
                        setCell(Cell(" ", style: cell.style), x: dx, y: dy)
                    }
                } else if CharacterWidth.of(cell.character) == 2
                    && (sx + 1 >= src.maxX || dx + 1 >= size.width)
                {
                    setCell(Cell(" ", style: cell.style), x: dx, y: dy)
                } else {
                    setCell(cell, x: dx, y: dy)
                }
            }
        }
    }

    /// The text of one row, wide characters once each, trailing spaces kept.
    public func line(_ y: Int) -> String {
        guard y >= 0, y < size.height else { return "" }
        var s = ""
        s.reserveCapacity(size.width)
        for x in 0..<size.width {
            let c = cells[y * size.width + x]
            if !c.isContinuation { s.append(c.character) }
        }
        return s
    }

    /// Every row as text, trailing spaces trimmed: what a person would read.
    public var lines: [String] {
        (0..<size.height).map { y in
            // Trailing blank cells are never copied (a plain lesson is mostly
            // short lines on a wide canvas), then the string is trimmed as before.
            let row = y * size.width
            var end = size.width
            while end > 0, cells[row + end - 1].isContinuation || cells[row + end - 1].character == " " { end -= 1 }
            var l = ""
            l.reserveCapacity(end)
            for x in 0..<end where !cells[row + x].isContinuation { l.append(cells[row + x].character) }
            while l.last == " " { l.removeLast() }
            return l
        }
    }

    /// The whole canvas as text, one line a row, trailing spaces trimmed.
    public var text: String { lines.joined(separator: "\n") }
}

/// One cell that differs between two canvases.
public struct CellChange: Sendable, Equatable {
    public var x: Int
    public var y: Int
    public var cell: Cell
}

extension Canvas {
    /// The cells of `next` that differ from `previous`, in row order, lead cells
    /// only (a wide character's continuation is drawn with its lead). When the
    /// sizes differ, every cell of `next` is a change.
    public static func diff(from previous: Canvas?, to next: Canvas) -> [CellChange] {
        var out: [CellChange] = []
        let sameSize = previous?.size == next.size
        for y in 0..<next.height {
            for x in 0..<next.width {
                let i = y * next.width + x
                let cell = next.cells[i]
                if sameSize, let previous, previous.cells[i] == cell { continue }
                if cell.isContinuation {
                    // Drawn by its lead; but if only the continuation changed
                    // (the lead is unchanged), redraw the lead.
                    if sameSize, let previous, x > 0, previous.cells[i - 1] == next.cells[i - 1],
                        out.last != CellChange(x: x - 1, y: y, cell: next.cells[i - 1])
                    {
                        out.append(CellChange(x: x - 1, y: y, cell: next.cells[i - 1]))
                    }
                    continue
                }
                out.append(CellChange(x: x, y: y, cell: cell))
            }
        }
        return out
    }
}
