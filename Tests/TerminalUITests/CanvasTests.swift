import Testing

@testable import TerminalUI

/// Renders a widget into a canvas pre-filled with `x`, so untouched cells show.
func render(_ widget: some Widget, width: Int, height: Int, at area: Rect? = nil) -> [String] {
    var canvas = Canvas(width: width, height: height, fill: Cell("x"))
    widget.draw(in: area ?? canvas.bounds, on: &canvas)
    return (0..<height).map { canvas.line($0) }
}

/// Compares line by line and names each differing cell (x,y expected/actual).
func expectLines(_ actual: [String], _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    var problems: [String] = []
    for y in 0..<max(actual.count, expected.count) {
        let a = y < actual.count ? Array(actual[y]) : []
        let e = y < expected.count ? Array(expected[y]) : []
        for x in 0..<max(a.count, e.count) {
            let ac = x < a.count ? String(a[x]) : "∅"
            let ec = x < e.count ? String(e[x]) : "∅"
            if ac != ec { problems.append("(\(x),\(y)) expected '\(ec)' got '\(ac)'") }
        }
    }
    #expect(
        problems.isEmpty,
        "\(problems.prefix(8).joined(separator: "; "))\nactual:\n\(actual.joined(separator: "\n"))",
        sourceLocation: sourceLocation)
}

@Suite("Canvas")
struct CanvasTests {
    @Test("writes outside the canvas are clipped, never a crash")
    func clipping() {
        var c = Canvas(width: 4, height: 2, fill: Cell("."))
        c.put("abcdef", x: 2, y: 0)
        c.put("zz", x: -1, y: 1)
        c.put("q", x: 0, y: 5)
        c.fill(Rect(x: 3, y: 1, width: 10, height: 10), with: Cell("#"))
        expectLines(c.lines, ["..ab", "z..#"])
    }

    @Test("a wide character takes two cells and prints once")
    func wideCharacters() {
        var c = Canvas(width: 6, height: 1, fill: Cell("."))
        let end = c.put("线程", x: 1, y: 0)
        #expect(end == 5)
        #expect(c[2, 0].isContinuation)
        #expect(c.line(0) == ".线程.")
    }

    @Test("a wide character that does not fit at the edge becomes a space")
    func wideAtEdge() {
        var c = Canvas(width: 3, height: 1, fill: Cell("."))
        c.put("a线", x: 1, y: 0)
        #expect(c.line(0) == ".a ")
    }

    @Test("overwriting half of a wide character clears the other half")
    func tornWide() {
        var c = Canvas(width: 4, height: 1, fill: Cell("."))
        c.put("线", x: 0, y: 0)
        c.put("b", x: 1, y: 0)
        #expect(c.line(0) == " b..")
        #expect(!c[1, 0].isContinuation)
    }

    @Test("diff reports only the changed cells, in row order")
    func diffOnlyChanges() {
        var a = Canvas(width: 5, height: 2)
        a.put("hello", x: 0, y: 0)
        var b = a
        b.put("J", x: 0, y: 0)
        b.put("!", x: 4, y: 1)
        let changes = Canvas.diff(from: a, to: b)
        #expect(changes.map { "\($0.x),\($0.y),\($0.cell.character)" } == ["0,0,J", "4,1,!"])
    }

    @Test("diff from nothing, or from another size, redraws everything")
    func diffFullRedraw() {
        let b = Canvas(width: 3, height: 2)
        #expect(Canvas.diff(from: nil, to: b).count == 6)
        #expect(Canvas.diff(from: Canvas(width: 2, height: 2), to: b).count == 6)
    }

    @Test("diff draws a wide character through its lead cell only")
    func diffWide() {
        let a = Canvas(width: 4, height: 1)
        var b = a
        b.put("线", x: 1, y: 0)
        let changes = Canvas.diff(from: a, to: b)
        #expect(changes.count == 1)
        #expect(changes.first?.x == 1)
        #expect(changes.first?.cell.character == "线")
    }

    @Test("a style change alone is a change")
    func diffStyle() {
        var a = Canvas(width: 2, height: 1)
        a.put("ab", x: 0, y: 0)
        var b = a
        b.restyle(Rect(x: 1, y: 0, width: 1, height: 1)) { $0.bold = true }
        #expect(Canvas.diff(from: a, to: b).map(\.x) == [1])
    }

    @Test("blit copies a window of another canvas")
    func blit() {
        var src = Canvas(width: 3, height: 3)
        for y in 0..<3 { src.put("\(y)\(y)\(y)", x: 0, y: y) }
        var dst = Canvas(width: 4, height: 2, fill: Cell("."))
        dst.blit(src, from: Rect(x: 1, y: 1, width: 2, height: 2), at: Point(x: 1, y: 0))
        expectLines(dst.lines, [".11.", ".22."])
    }

    @Test("character widths follow wcwidth for ASCII, box drawing, CJK and combining marks")
    func widths() {
        #expect(CharacterWidth.of("a") == 1)
        #expect(CharacterWidth.of("│") == 1)
        #expect(CharacterWidth.of("线") == 2)
        #expect(CharacterWidth.of("ｱ") == 1)  // halfwidth katakana
        #expect(CharacterWidth.of("Ａ") == 2)  // fullwidth latin
        #expect(CharacterWidth.of("e\u{301}") == 1)
        #expect(CharacterWidth.of("進程與線程") == 10)
    }
}
