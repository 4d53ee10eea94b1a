import Foundation
import Testing

/// A Swift runtime trap inside the running tutor (the debug build's hidden
/// PTT_DEBUG_TRAP) must leave a sane terminal and the signal's exit status.
@Suite("The terminal after a crash", .serialized)
struct CrashRestoreTests {
    @Test(
        "a trap in the running tutor restores the terminal (icanon, echo) and exits with the signal's status",
        .enabled(if: hasTmux, "tmux is not installed"))
    func trapRestoresTerminal() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-trap-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: out) }
        let lessons = shellQuote(packageRoot.appendingPathComponent("lessons").path)
        let s = try TmuxSession(
            command:
                "PTT_DEBUG_TRAP=1 \(shellQuote(pttBinary)) --lessons \(lessons); echo \"status $?\" > \(shellQuote(out.path)); "
                + "stty -a >> \(shellQuote(out.path)); sleep 30")
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            if text.contains("speed") { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let screen = try s.capture()
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init)
        // A Swift trap is SIGILL (4) on x86-64 and SIGTRAP (5) on ARM64: 128 + the signal.
        #expect(text.hasPrefix("status 132") || text.hasPrefix("status 133"), "\(text)\n\(screen)")
        #expect(words.contains("icanon") && !words.contains("-icanon"), "\(text)")
        #expect(words.contains("echo") && !words.contains("-echo"), "\(text)")
    }
}
