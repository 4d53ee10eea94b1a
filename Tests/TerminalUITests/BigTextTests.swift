import Testing

@testable import TerminalUI

@Suite("BigText")
struct BigTextTests {
    @Test("a grouped number is drawn in block glyphs, one column apart")
    func groupedNumber() {
        let big = BigText("1,234")
        #expect(big.width == 18)
        let lines = render(big, width: 18, height: 5)
        expectLines(
            lines,
            [
                " █     ███ ███ █ █",
                "██       █   █ █ █",
                " █     ███ ███ ███",
                " █   █ █     █   █",
                "███ █  ███ ███   █",
            ])
    }

    @Test("a decimal with a spaced percent sign")
    func percent() {
        let big = BigText("42.5 %")
        let lines = render(big, width: big.width, height: 5)
        expectLines(
            lines,
            [
                "█ █ ███   ███    █ █",
                "█ █   █   █        █",
                "███ ███   ███     █ ",
                "  █ █       █    █  ",
                "  █ ███ █ ███    █ █",
            ])
    }

    @Test("text wider than the area stops at the last whole glyph")
    func clips() {
        let lines = render(BigText("88"), width: 5, height: 5)
        expectLines(lines, ["███ x", "█ █ x", "███ x", "█ █ x", "███ x"])
    }

    @Test("characters without a glyph are drawn as a question mark, never dropped")
    func unknown() {
        #expect(!BigText.draws("Q"))
        #expect(BigText("Q").width == BigText("?").width)
        #expect(render(BigText("Q"), width: 3, height: 5) == render(BigText("?"), width: 3, height: 5))
    }

    @Test("at scale 2 each cell is a 2×2 block and the gap two columns")
    func scaled() {
        let big = BigText("1.").scale(2)
        #expect(big.width == 2 * BigText("1.").width && big.rows == 10)
        let lines = render(big, width: big.width, height: big.rows)
        expectLines(
            lines,
            [
                "  ██      ", "  ██      ", "████      ", "████      ", "  ██      ", "  ██      ", "  ██      ",
                "  ██      ", "██████  ██", "██████  ██",
            ])
    }
}
