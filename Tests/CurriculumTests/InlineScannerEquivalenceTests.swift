import Testing

@testable import Curriculum

/// The byte scanner must give exactly what the Character scanner gave
/// (`ReferenceInlineParser`), on markup, Unicode edge cases (a combining mark
/// on a marker, CR LF, wide and zero-width characters) and their mixtures.
@Suite("Inline markup: the byte scanner matches the Character scanner")
struct InlineScannerEquivalenceTests {
    static let fragments = [
        "*", "**", "_", "__", "`", "``", "\\", "[", "]", "(", ")", "!", "<", ">", "https://x", "mailto:y", " ",
        "  ", "a", "b", "word", "é", "e\u{301}", "*\u{301}", "_\u{301}", "`\u{301}", "进程", "🧵", "\u{A0}",
        "\u{3000}", "1", "\r\n", "\n", "\u{600}", "\u{200D}", "#", "x_y", "\u{1F1E9}\u{1F1EA}", "\t",
    ]

    /// A small deterministic generator (SplitMix64), so a failure repeats.
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    @Test("20,000 random mixtures of markers and Unicode parse the same")
    func randomMixtures() {
        var random = Random(state: 14)
        var mismatches: [String] = []
        for _ in 0..<20_000 {
            let length = random.next(30)
            let text = (0..<length).map { _ in Self.fragments[random.next(Self.fragments.count)] }.joined()
            if InlineParser.parse(text) != ReferenceInlineParser.parse(text) { mismatches.append(text) }
        }
        #expect(
            mismatches.isEmpty, "\(mismatches.count) differ, first: \(mismatches.prefix(3).map { $0.debugDescription })"
        )
    }

    @Test(
        "hand-picked cases parse the same",
        arguments: [
            "a **b** *c* _d_ `e`", "*\u{301}a*", "**进程** and _线程_", "[link *x*](https://x \"t\") after",
            "![alt 🧵](p.png)", "<https://例え.jp/パス>", "\\*x\\* \\é", "`` a ` b ``", "e\u{301}_x_", "_x_e\u{301}",
            "a\r\nb *c*", "\u{600}*x*", "**a *b* c**", "*a **b** c*", "snake_case_name", "` `x` `",
        ])
    func handPicked(text: String) {
        #expect(InlineParser.parse(text) == ReferenceInlineParser.parse(text))
    }
}
