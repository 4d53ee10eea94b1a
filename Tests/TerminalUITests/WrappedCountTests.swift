import Testing

@testable import TerminalUI

/// Layout counts rows without making them (`lineCount`); drawing makes them
/// (`wrap`). The two must agree, or a lesson's scroll range and its text part.
@Suite("Wrapped text: counted rows are drawn rows")
struct WrappedCountTests {
    static let words = [
        "a", "word", "threads", " ", "  ", "\n", "\t", "进程和线程", "🧵.", "e\u{301}", "supercalifragilistic",
        "`taskset -c 0`", "👨\u{200D}👩", "•", "x\u{7}y", "—", "ｶ\u{FF9E}",
    ]

    @Test("on 2,000 random texts, at eight widths from 1 to 30 and three indents")
    func countsMatch() {
        var random = TestRandom(seed: 11)
        func next(_ n: Int) -> Int { random.next(n) }
        var differ: [String] = []
        for _ in 0..<2_000 {
            let runs = (0..<(1 + next(4))).map { _ in
                TextRun(
                    (0..<next(8)).map { _ in Self.words[next(Self.words.count)] }.joined(),
                    next(2) == 0 ? .plain : Style(.strong, bold: true), keepTogether: next(4) == 0)
            }
            for width in [1, 2, 3, 5, 8, 13, 21, 30] {
                for (first, rest) in [(0, 0), (2, 4), (3, 1)] {
                    let counted = WrappedText.lineCount(runs, width: width, firstIndent: first, restIndent: rest)
                    let drawn = WrappedText.wrap(runs, width: width, firstIndent: first, restIndent: rest).count
                    if counted != drawn { differ.append("\(runs.map(\.text)) at \(width), \(first)/\(rest)") }
                }
            }
        }
        #expect(differ.isEmpty, "\(differ.count) differ, first: \(differ.prefix(3))")
    }
}
