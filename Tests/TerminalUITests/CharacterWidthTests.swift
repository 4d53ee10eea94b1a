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

    @Test("every scalar taken as a Character of its own is one next to each of its kind (no grapheme joins it)")
    func standAloneScalars() {
        let neighbours: [Unicode.Scalar] = ["a", "你", "🧵", "•", "│", "é"]
        var joined: [String] = []
        for v in UInt32(0x20)...0x1FFFF where CharacterWidth.standsAlone(v) {
            guard let s = Unicode.Scalar(v) else { continue }
            for n in neighbours + [s] {
                var a = String.UnicodeScalarView()
                a.append(s)
                a.append(n)
                var b = String.UnicodeScalarView()
                b.append(n)
                b.append(s)
                if String(a).count != 2 || String(b).count != 2 { joined.append(String(v, radix: 16)) }
            }
        }
        #expect(joined.isEmpty, "join a neighbour: \(joined.prefix(10))")
    }

    @Test("a string's width is the sum of its Characters' widths, on 20,000 random mixtures")
    func stringWidthMatchesCharacters() {
        let pool: [String] = [
            "a", " ", "~", "进", "程", "🧵", "•", "│", "é", "e\u{301}", "\u{301}", "👨\u{200D}👩", "\u{1F1E9}\u{1F1EA}",
            "\u{1100}\u{1161}", "\u{A0}", "\u{AD}", "\u{200B}", "❤\u{FE0F}", "👍\u{1F3FD}", "\u{0915}\u{094D}\u{0937}",
            "カ\u{3099}", "\u{7}", "\u{9B}", "─", "…", "µ", "ｶ", "\u{FF9E}", "\u{302A}", "\r\n",
        ]
        var random = TestRandom(seed: 3)
        func next(_ n: Int) -> Int { random.next(n) }
        var differ: [String] = []
        for _ in 0..<20_000 {
            let text = (0..<next(12)).map { _ in pool[next(pool.count)] }.joined()
            if CharacterWidth.of(text) != CharacterWidth.ofCharacters(text) { differ.append(text) }
        }
        #expect(differ.isEmpty, "\(differ.count) differ, first: \(differ.prefix(3).map(\.debugDescription))")
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
