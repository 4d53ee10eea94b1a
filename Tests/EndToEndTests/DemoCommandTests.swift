import Foundation
import Testing

/// `ptt demo` as scripts use it (--json) and as a person watches it (tmux).
@Suite("ptt demo")
struct DemoCommandTests {
    @Test(
        "race, locked and atomic reports carry the design's keys, and final + lost = expected",
        arguments: ["race", "locked", "atomic"])
    func reportKeys(lab: String) throws {
        let report = try demoJSON([lab, "--threads", "2", "--increments", "100000"])
        for key in ["lab", "threads", "incrementsPerThread", "expected", "final", "lost", "seconds", "nsPerIncrement"] {
            #expect(report[key] != nil, "missing \(key)")
        }
        #expect(report["lab"] as? String == lab)
        let expected = try #require(report["expected"] as? Int)
        let final = try #require(report["final"] as? Int)
        let lost = try #require(report["lost"] as? Int)
        #expect(expected == 200_000)
        #expect(final + lost == expected)
        if lab != "race" { #expect(lost == 0) }
    }

    @Test("locked and atomic are exact with 4 threads of 250,000", arguments: ["locked", "atomic"])
    func exact(lab: String) throws {
        let report = try demoJSON([lab, "--threads", "4", "--increments", "250000"])
        #expect(report["final"] as? Int == 1_000_000)
        #expect(report["lost"] as? Int == 0)
    }

    @Test("without a terminal, demo prints the JSON report and nothing else on stdout")
    func noTerminalMeansJSON() throws {
        let r = try runCommand(pttBinary, ["demo", "atomic", "--increments", "1000"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("{") && r.stdout.hasSuffix("}\n"))
    }

    @Test("the stepper's JSON plays a losing order by default, or the given one")
    func interleaveJSON() throws {
        let losing = try demoJSON(["interleave"])
        #expect(losing["lab"] as? String == "interleave")
        #expect(losing["lostUpdates"] as? Int == 1)
        #expect(losing["steps"] as? Int == 6)
        let sequential = try demoJSON(["interleave", "--order", "1,1,1,2,2,2"])
        #expect(sequential["lostUpdates"] as? Int == 0)
    }

    @Test(
        "bad values exit 2 and name the option",
        arguments: [
            (["race", "--threads", "0"], "--threads"), (["race", "--threads", "65"], "--threads"),
            (["race", "--threads", "-3"], "threads"), (["race", "--increments", "abc"], "--increments"),
            (["race", "--increments", "1000000001"], "--increments"), (["race", "--seconds", "0"], "--seconds"),
            (["interleave", "--order", "1,3"], "--order"), (["racee"], "racee"),
        ])
    func badValues(args: [String], option: String) throws {
        let r = try runCommand(pttBinary, ["demo"] + args + ["--json"])
        #expect(r.status == 2)
        #expect(r.stderr.contains(option), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test(
        "the live race shows a bar per thread and the lost updates, and q returns to the lesson",
        .enabled(if: hasTmux, "tmux is not installed"))
    func liveFromLesson() throws {
        let lessons = shellQuote(packageRoot.appendingPathComponent("lessons").path)
        let s = try TmuxSession(command: "\(shellQuote(pttBinary)) lesson thread --lessons \(lessons)")
        try s.waitFor("lesson 3/10")
        try s.sendKeys("Tab")
        let focused = try s.waitFor(settled: true) { $0.contains("▶╭─ Live lab: race") }
        try s.sendKeys("Enter")
        try s.waitFor("What will the counter read")
        try s.sendKeys("s")
        let running = try s.waitFor { $0.contains("T1 ") && $0.contains("T2 ") && $0.contains("█") }
        #expect(running.contains("lost updates"), "no lost updates line:\n\(running)")
        let done = try s.waitFor(timeout: 30) { $0.contains("Result: counter =") }
        #expect(done.contains("ns per increment"))
        try s.sendKeys("q")
        // The same screen as before the lab, but for the status bar's message.
        func withoutStatus(_ screen: String) -> [Substring] { screen.split(separator: "\n").dropLast() }
        let back = try s.waitFor(settled: true) { withoutStatus($0) == withoutStatus(focused) }
        #expect(withoutStatus(back) == withoutStatus(focused), "not back at the same place:\n\(back)")
    }

    @Test(
        "ptt demo interleave in a terminal: step the losing order and see the loss",
        .enabled(if: hasTmux, "tmux is not installed"))
    func liveStepper() throws {
        let s = try TmuxSession(command: "\(shellQuote(pttBinary)) demo interleave; echo EXIT=$?; sleep 30")
        try s.waitFor("you are the scheduler")
        try s.sendKeys("1", "2", "1", "2", "1", "2")
        let screen = try s.waitFor("LOST UPDATE")
        #expect(screen.contains("T2 stores 1"))
        #expect(screen.contains("not a measurement"))
        try s.sendKeys("q")
        #expect(try s.waitFor("EXIT=").contains("EXIT=0"))
    }
}
