import Testing

@testable import Curriculum

/// Splitting a row on bytes must give what the Character loop gives.
@Suite("Table rows: the byte split matches the Character split")
struct TableSyntaxEquivalenceTests {
    static let fragments = [
        "|", "||", " ", "a", "cell", "\\|", "\\", "`x|y`", "é", "e\u{301}", "|\u{301}", "\u{600}|", "进程", "🧵", ":--",
        "---", "\r", "\t",
    ]

    @Test("20,000 random rows split the same")
    func randomRows() {
        var state: UInt64 = 3
        func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        var mismatches: [String] = []
        for _ in 0..<20_000 {
            let row = (0..<next(16)).map { _ in Self.fragments[next(Self.fragments.count)] }.joined()
            if TableSyntax.cells(row) != TableSyntax.cellsByCharacters(row.trimmingSpaces) { mismatches.append(row) }
        }
        #expect(
            mismatches.isEmpty, "\(mismatches.count) differ, first: \(mismatches.prefix(3).map(\.debugDescription))")
    }
}
