import Foundation
import Testing

/// `--present` and `P` in the real binary.
@Suite("Presenter mode in a terminal", .serialized, .enabled(if: hasTmux, "tmux is not installed"))
struct PresenterModeTests {
    let ptt = shellQuote(pttBinary)
    let lessonsDir = shellQuote(packageRoot.appendingPathComponent("lessons").path)

    @Test("ptt --present starts presenting with the large legend, and P leaves it")
    func startsPresenting() throws {
        let s = try TmuxSession(command: "\(ptt) --present --lessons \(lessonsDir)")
        let home = try s.waitFor("leave presenter")
        #expect(home.contains("Key Takeaways"))
        try s.sendKeys("P")
        let plain = try s.waitFor("q quit")
        #expect(!plain.contains("leave presenter"))
    }

    @Test("ptt demo race --present shows the counter in block digits at 80×24")
    func raceBigDigits() throws {
        let s = try TmuxSession(command: "\(ptt) demo race --present --lessons \(lessonsDir)")
        try s.waitFor("skip")
        try s.sendKeys("s")
        let screen = try s.waitFor("presenter · P leaves")
        #expect(screen.contains("lost updates"))
        #expect(screen.contains("███"), "no block digits in:\n\(screen)")
    }
}
