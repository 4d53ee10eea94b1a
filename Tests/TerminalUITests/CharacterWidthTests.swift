import Testing

@testable import TerminalUI

/// Cell widths as a UTF-8 terminal draws them, so CJK and emoji lessons line up.
@Suite("Character widths")
struct CharacterWidthTests {
    @Test("CJK, emoji, flags and ZWJ sequences take two cells; combining marks none")
    func widths() {
        #expect(CharacterWidth.of("进程") == 4)
        #expect(CharacterWidth.of("🧵") == 2)
        #expect(CharacterWidth.of("🇩🇪") == 2)
        #expect(CharacterWidth.of("👩‍💻") == 2)
        #expect(CharacterWidth.of("👍🏽") == 2)
        #expect(CharacterWidth.of("e\u{301}") == 1)
        #expect(CharacterWidth.of("ｱ") == 1)
        #expect(CharacterWidth.of("Ａ") == 2)
    }

    @Test("wrapped CJK text never runs past the width")
    func wrapsCJK() {
        let text = WrappedText(String(repeating: "进程和线程共享内存。", count: 20) + " 🧵🧵🧵")
        for width in [7, 10, 31, 80] {
            let lines = text.lines(width: width)
            #expect(lines.allSatisfy { $0.width <= width }, "width \(width)")
            #expect(lines.map { $0.map(\.text).joined() }.joined().filter { $0 != " " }.count == 203)
        }
    }
}
