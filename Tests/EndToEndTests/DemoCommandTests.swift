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

    @Test("the interleave JSON replays the lost update's shortest failing order by default, or the given one")
    func interleaveJSON() throws {
        let losing = try demoJSON(["interleave"])
        #expect(losing["lab"] as? String == "interleave")
        #expect(losing["scenario"] as? String == "lost-update")
        #expect(losing["lostUpdates"] as? Int == 1)
        #expect(losing["steps"] as? Int == 6)
        #expect(losing["goalReached"] as? Bool == true)
        let sequential = try demoJSON(["interleave", "--order", "1,1,1,2,2,2"])
        #expect(sequential["lostUpdates"] as? Int == 0)
        #expect(sequential["goalReached"] as? Bool == false)
        #expect((sequential["values"] as? [String: Int])?["counter"] == 2)
    }

    @Test(
        "--explore proves the lost update: 20 orders, 18 lose an update; its shortest order replayed reaches the goal")
    func interleaveExplore() throws {
        let report = try demoJSON(["interleave", "--scenario", "lost-update", "--explore"])
        for key in [
            "lab", "scenario", "states", "goalReachable", "orders", "failingOrders", "shortestFailing", "preemptions",
        ] {
            #expect(report[key] != nil, "missing \(key)")
        }
        #expect(report["orders"] as? Int == 20)
        #expect(report["failingOrders"] as? Int == 18)
        #expect(report["goalReachable"] as? Bool == true)
        let shortest = try #require(report["shortestFailing"] as? [Int])
        #expect(!shortest.isEmpty)
        let order = shortest.map(String.init).joined(separator: ",")
        let replay = try demoJSON(["interleave", "--scenario", "lost-update", "--order", order])
        #expect(replay["goalReached"] as? Bool == true)
        #expect(replay["steps"] as? Int == shortest.count)
        // With the lock: unreachable, and no order to replay.
        let locked = try demoJSON(["interleave", "--scenario", "with-lock", "--explore"])
        #expect(locked["goalReachable"] as? Bool == false)
        #expect((locked["shortestFailing"] as? [Int])?.isEmpty == true)
        #expect(locked["failingOrders"] as? Int == 0)
    }

    @Test(
        "a bad --order exits 2 naming the step",
        arguments: [("", "empty"), (",", "step 1"), ("1,,2", "step 2"), ("1,1,1,1", "step 4"), ("1,x", "step 2")])
    func badOrder(order: String, says: String) throws {
        let r = try runCommand(
            pttBinary, ["demo", "interleave", "--scenario", "lost-update", "--order", order, "--json"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--order"), "\(r.stderr)")
        #expect(r.stderr.contains(says), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test("a 16,000-step order is read only as far as it can run")
    func longOrder() throws {
        let order = Array(repeating: "1", count: 16_000).joined(separator: ",")
        let r = try runCommand(pttBinary, ["demo", "interleave", "--order", order, "--json"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("step 4"), "\(r.stderr)")
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
        let running = try s.waitFor { $0.contains("TID ") && $0.contains("cpu1") && $0.contains("█") }
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
        "ptt demo interleave in a terminal: w asks, plays a losing order step by step, and the list marks it shown",
        .enabled(if: hasTmux, "tmux is not installed"))
    func liveShow() throws {
        let s = try TmuxSession(
            command: "\(shellQuote(pttBinary)) demo interleave --scenario lost-update; echo EXIT=$?; sleep 30")
        try s.waitFor("Goal: final counter != 2")
        try s.sendKeys("w")
        try s.waitFor("y / n")
        try s.sendKeys("y")
        let played = try s.waitFor(timeout: 20, what: "the order played to the goal") {
            $0.contains("shown, not done")
        }
        #expect(played.contains("counter = 1"), "\(played)")
        try s.sendKeys("s")
        // Settled: a capture between two writes held the list's first rows over the game's last ones.
        let list = try s.waitFor(settled: true, what: "the scenario list") {
            $0.contains("Scenarios, easy to hard") && !$0.contains("shown, not done")
        }
        #expect(list.contains("◐ shown"), "\(list)")
        #expect(!list.contains("✓ done"))
        try s.sendKeys("q")
        #expect(try s.waitFor("EXIT=").contains("EXIT=0"))
    }

    @Test(
        "ptt demo interleave in a terminal: pick, play by keys, undo, the tree, a hint, the proof",
        .enabled(if: hasTmux, "tmux is not installed"))
    func liveGame() throws {
        let s = try TmuxSession(command: "\(shellQuote(pttBinary)) demo interleave; echo EXIT=$?; sleep 30")
        try s.waitFor("Scenarios, easy to hard")
        try s.sendKeys("Down", "Enter")
        try s.waitFor("Goal: final counter != 2")
        try s.sendKeys("1", "u", "2")
        try s.waitFor("step 1: T2 loads")
        try s.sendKeys("t")
        let tree = try s.waitFor("Orders tried")
        #expect(tree.contains("T1 loads 0") && tree.contains("T2 loads 0"), "\(tree)")
        try s.sendKeys("t", "h")
        try s.waitFor("Hint 1:")
        try s.sendKeys("1", "1", "1", "2", "2")
        let solved = try s.waitFor("SOLVED")
        #expect(solved.contains("counter = 1"))
        try s.sendKeys("e")
        try s.waitFor("18 of 20 orders")
        try s.sendKeys("q")
        #expect(try s.waitFor("EXIT=").contains("EXIT=0"))
    }
}
