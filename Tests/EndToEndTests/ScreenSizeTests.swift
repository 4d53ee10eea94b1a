import Foundation
import Testing

/// The real binary in tmux at 80×24 and 200×60: keys tmux sends that the
/// terminfo entry lacks, the wide home screen, resizes and Ctrl-Z.
@Suite("Screens at 80×24 and 200×60", .serialized, .enabled(if: hasTmux, "tmux is not installed"))
struct ScreenSizeTests {
    let ptt = shellQuote(pttBinary)
    let lessonsDir = shellQuote(packageRoot.appendingPathComponent("lessons").path)

    @Test(
        "End (ESC [4~, unknown to xterm-256color) in lesson 9 keeps the lesson in front",
        arguments: [(80, 24), (200, 60)])
    func endKeepsTheLesson(width: Int, height: Int) throws {
        let s = try TmuxSession(command: "\(ptt) --lessons \(lessonsDir)", width: width, height: height)
        try s.waitFor("Key Takeaways")
        try s.sendKeys("9")
        try s.waitFor("lesson 9/10")
        try s.sendKeys("End")
        let end = try s.waitFor(what: "lesson 9 at 100%") { $0.contains("lesson 9/10") && $0.contains("100%") }
        #expect(!end.contains("lesson 4/10"))
        try s.sendKeys("Home")
        let top = try s.waitFor(what: "lesson 9 at 0%") { $0.contains("lesson 9/10") && $0.contains(" 0%") }
        #expect(top.contains("lesson 9/10"))
    }

    @Test("at 200×60 the home screen lists every lab, one line each, with whether it has been run")
    func wideHomeListsEveryLab() throws {
        let names = try runCommand(pttBinary, ["demo", "--help"]).stdout
        let s = try TmuxSession(command: "\(ptt) --lessons \(lessonsDir)", width: 200, height: 60)
        let screen = try s.waitFor("Labs")
        let labs = [
            "race", "locked", "atomic", "interleave", "ipc", "crash", "fork", "memory", "switch", "spawn",
            "scaling", "deadlock", "threads-overhead",
        ].filter { names.contains($0) }
        #expect(labs.count >= 10, "ptt demo --help lists the labs:\n\(names)")
        for lab in labs {
            #expect(
                screen.split(separator: "\n").contains { $0.contains("· \(lab) ") && $0.contains("not run") },
                "\(lab) in:\n\(screen)")
        }
        #expect(screen.contains("Interview quiz"))
    }

    @Test("a resize is drawn without a key even when SIGWINCH does not reach the main thread")
    func resizeSeenWithoutTheSignal() throws {
        let s = try TmuxSession(
            command: "PTT_DEBUG_BLOCK_SIGWINCH=1 \(ptt) --lessons \(lessonsDir)", width: 80, height: 24)
        try s.waitFor("Key Takeaways")
        try s.resize(width: 200, height: 60)
        // No key is sent: the read wakes on its own and asks the terminal its size.
        let wide = try s.waitFor(settled: true, what: "200 columns") {
            ($0.split(separator: "\n").first.map { $0.count > 100 } ?? false) && $0.contains("Key Takeaways")
        }
        #expect(wide.split(separator: "\n").count > 30, "\(wide)")
        try s.resize(width: 80, height: 24)
        try s.waitFor(settled: true, what: "80 columns") {
            ($0.split(separator: "\n").first.map { $0.count <= 80 } ?? false) && $0.contains("Key Takeaways")
        }
    }

    @Test("resizes 200×60 ↔ 80×24 keep the reading position, and the end stays the end")
    func resizesKeepThePlace() throws {
        let s = try TmuxSession(command: "\(ptt) --lessons \(lessonsDir)", width: 200, height: 60)
        try s.waitFor("Key Takeaways")
        try s.sendKeys("3")
        try s.waitFor("lesson 3/10")
        try s.sendKeys("PgDn", "PgDn")
        Thread.sleep(forTimeInterval: 0.3)
        let before = try s.waitFor(settled: true, what: "scrolled") { $0.contains("lesson 3/10") }
        let top = before.split(separator: "\n", omittingEmptySubsequences: false)[2]
        for _ in 0..<4 {
            try s.resize(width: 80, height: 24)
            try s.waitFor(settled: true, what: "80 columns") {
                $0.split(separator: "\n").first.map { $0.count <= 80 } ?? false
            }
            try s.resize(width: 200, height: 60)
            try s.waitFor(settled: true, what: "200 columns") {
                $0.split(separator: "\n").first.map { $0.count > 100 } ?? false
            }
        }
        let screen = try s.waitFor(settled: true, what: "the last resize") { $0.contains("lesson 3/10") }
        let after = screen.split(separator: "\n", omittingEmptySubsequences: false)[2]
        #expect(after == top, "before:\n\(before)\nafter:\n\(screen)")
        try s.sendKeys("G")
        try s.waitFor("100%")
        for _ in 0..<3 {
            try s.resize(width: 80, height: 24)
            try s.waitFor(settled: true, what: "80 columns") {
                $0.split(separator: "\n").first.map { $0.count <= 80 } ?? false
            }
            try s.resize(width: 200, height: 60)
            try s.waitFor(settled: true, what: "200 columns") {
                $0.split(separator: "\n").first.map { $0.count > 100 } ?? false
            }
        }
        #expect(try s.capture().contains("100%"))
    }

    @Test("a resize while suspended (Ctrl-Z) is drawn at once on fg")
    func resizeWhileSuspended() throws {
        let s = try TmuxSession(command: "exec bash --norc -i", width: 80, height: 24)
        Thread.sleep(forTimeInterval: 0.5)
        try s.sendKeys("\(pttBinary) --lessons \(lessonsDir)", "Enter")
        try s.waitFor("Key Takeaways")
        try s.sendKeys("C-z")
        try s.waitFor("Stopped")
        try s.resize(width: 200, height: 60)
        try s.sendKeys("fg", "Enter")
        let wide = try s.waitFor(what: "the home screen at 200 columns") { screen in
            screen.split(separator: "\n").contains { $0.contains("a terminal course") && $0.count > 150 }
        }
        #expect(wide.contains("Labs"), "the wide home screen, without a key pressed:\n\(wide)")
        try s.sendKeys("q")
        try s.waitFor(what: "the shell back") { !$0.contains("a terminal course") }
    }
}
