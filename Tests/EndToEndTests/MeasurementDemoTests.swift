import Foundation
import Testing

/// The threads of a process, counted in /proc/PID/task.
private func taskCount(_ pid: Int32) -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task").count) ?? 0
}

/// Polls `condition` for up to `seconds`.
private func eventually(_ seconds: Double = 10, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.05)
    }
    return condition()
}

/// The CPUs this machine has, and whether it is quiet enough for a speed-up to mean something.
private var cpusAndQuiet: (cpus: Int, quiet: Bool) {
    let cpus = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first
        .flatMap { Double($0) }
    return (cpus, (load ?? Double(cpus)) < Double(cpus) * 0.5)
}

/// `ptt demo switch|spawn|scaling|claims`: their JSON reports with small
/// settings, their bad options, and a cancel that leaves nothing running.
@Suite("ptt demo switch, spawn, scaling and claims")
struct MeasurementDemoTests {
    @Test("switch: the keys, figures above 0, and at least one counted switch per task per round when pinned")
    func switchJSON() throws {
        let r = try demoJSON(["switch", "--rounds", "2000", "--repetitions", "2"])
        for key in [
            "lab", "rounds", "pinned", "threadSwitchMicros", "processSwitchMicros", "rawThreadSwitchMicros",
            "rawProcessSwitchMicros", "threadCountedSwitches", "processCountedSwitches", "syscallPairMicros",
        ] {
            #expect(r[key] != nil, "missing \(key)")
        }
        #expect(r["lab"] as? String == "switch")
        #expect(r["rounds"] as? Int == 2000)
        #expect(try #require(r["rawThreadSwitchMicros"] as? Double) > 0)
        #expect(try #require(r["rawProcessSwitchMicros"] as? Double) > 0)
        #expect(try #require(r["threadSwitchMicros"] as? Double) >= 0)
        #expect(try #require(r["processSwitchMicros"] as? Double) >= 0)
        guard r["pinned"] as? Bool == true else { return }
        for key in ["threadCountedSwitches", "processCountedSwitches"] {
            let tasks = try #require(r[key] as? [[String: Any]])
            #expect(tasks.count == 2, "\(key): \(tasks)")
            for task in tasks {
                let switches = (task["voluntary"] as? Int ?? 0) + (task["involuntary"] as? Int ?? 0)
                #expect(switches >= 2000 * 2, "\(key): \(task)")
            }
        }
    }

    @Test("spawn: the keys, and a fork after touching 64 MiB slower than a small one")
    func spawnJSON() throws {
        let r = try demoJSON(["spawn", "--count", "50", "--touch-mib", "64"])
        for key in [
            "lab", "count", "threadCreateMicros", "processSpawnMicros", "forkMicros", "spawnExecMicros", "touched",
        ] {
            #expect(r[key] != nil, "missing \(key)")
        }
        #expect(r["count"] as? Int == 50)
        for key in ["threadCreateMicros", "processSpawnMicros", "forkMicros", "spawnExecMicros"] {
            #expect((r[key] as? Double ?? 0) > 0, "\(key)")
        }
        let touched = try #require(r["touched"] as? [[String: Any]])
        let big = try #require(touched.first { $0["touchedMiB"] as? Int == 64 })
        #expect(big["mappedMiB"] as? Int != nil)
        #expect(try #require(big["forkMicros"] as? Double) > (r["forkMicros"] as? Double ?? .infinity))
        #expect(touched.contains { $0["touchedMiB"] as? Int == 0 && ($0["mappedMiB"] as? Int ?? 0) > 0 })
    }

    @Test("scaling: rows for 1…N as threads and processes; on a quiet machine with 2 CPUs threads speed up")
    func scalingJSON() throws {
        let r = try demoJSON(["scaling", "--max-workers", "2", "--no-python"])
        #expect(r["lab"] as? String == "scaling")
        #expect(r["python"] == nil)
        for key in ["cpuBound", "ioBound"] {
            let rows = try #require(r[key] as? [[String: Any]])
            #expect(rows.map { $0["workers"] as? Int } == [1, 2], "\(key)")
            for row in rows {
                #expect((row["threadsSeconds"] as? Double ?? 0) > 0)
                #expect((row["processesSeconds"] as? Double ?? 0) > 0)
            }
        }
        // Blocking waits overlap whatever the CPUs do.
        let io = try #require((r["ioBound"] as? [[String: Any]])?.last)
        #expect((io["threadsSpeedup"] as? Double ?? 0) > 1.5)
        let (cpus, _) = cpusAndQuiet
        guard cpus >= 2 else { return }
        // The machine is shared (and the other tests run meanwhile): a busy
        // neighbour can take a CPU for a while, so the best of up to three runs.
        func speedup(_ report: [String: Any]) -> Double {
            ((report["cpuBound"] as? [[String: Any]])?.last?["threadsSpeedup"] as? Double) ?? 0
        }
        var best = speedup(r)
        for _ in 0..<2 where best <= 1.5 {
            best = max(best, speedup(try demoJSON(["scaling", "--max-workers", "2", "--no-python"])))
        }
        if cpusAndQuiet.1 { #expect(best > 1.5, "best CPU-bound speed-up of 2 threads: \(best)") }
    }

    @Test(
        "bad values exit 2 and name the option",
        arguments: [
            (["switch", "--rounds", "5"], "--rounds"), (["switch", "--repetitions", "0"], "--repetitions"),
            (["spawn", "--touch-mib", "64,,1"], "--touch-mib"), (["spawn", "--count", "1"], "--count"),
            (["scaling", "--max-workers", "0"], "--max-workers"),
        ])
    func badValues(args: [String], option: String) throws {
        let r = try runCommand(pttBinary, ["demo"] + args + ["--json"])
        #expect(r.status == 2)
        #expect(r.stderr.contains(option), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test(
        "cancelled with c, then left with q: no child and no extra thread is left, checked by PID",
        .enabled(if: hasTmux, "tmux is not installed"))
    func cancelLeavesNothing() throws {
        let s = try TmuxSession(command: "exec \(shellQuote(pttBinary)) demo claims")
        try s.waitFor("The article says / your machine")
        let ptt = try s.panePID()
        let idle = try #require(eventually { taskCount(ptt) > 0 } ? taskCount(ptt) : nil)
        // From the claims screen, the switch lab: skip its predictions, then cancel with c.
        try s.sendKeys("Enter")
        try s.waitFor("Before it runs, predict")
        try s.sendKeys("s")
        try s.sendKeys("s")
        try s.waitFor("Measuring on this machine")
        #expect(eventually { taskCount(ptt) > idle || !childPIDs(of: ptt).isEmpty }, "nothing ran")
        try s.sendKeys("c")
        try s.waitFor("Cancelled.")
        #expect(childPIDs(of: ptt).isEmpty)
        #expect(eventually { taskCount(ptt) == idle }, "\(taskCount(ptt)) threads, \(idle) when idle")
        // Again, and this time q: back on the claims screen with nothing running.
        try s.sendKeys("r")
        try s.waitFor("Before it runs, predict")
        try s.sendKeys("s")
        try s.sendKeys("s")
        try s.waitFor("Measuring on this machine")
        try s.sendKeys("q")
        try s.waitFor("8 claims")
        #expect(childPIDs(of: ptt).isEmpty)
        #expect(eventually { taskCount(ptt) == idle }, "\(taskCount(ptt)) threads, \(idle) when idle")
        // The claims screen's own run of all three, then q: ptt ends, and so does every child it had.
        try s.sendKeys("r")
        try s.waitFor("Measuring: switch (1 of 3)")
        var seen = Set<Int32>()
        _ = eventually(1.5) {
            seen.formUnion(childPIDs(of: ptt))
            return false
        }
        try s.sendKeys("q")
        #expect(eventually { kill(ptt, 0) != 0 }, "ptt is still running")
        #expect(
            eventually { seen.allSatisfy { kill($0, 0) != 0 } }, "children left: \(seen.filter { kill($0, 0) == 0 })")
    }
}

@Suite("ptt demo claims --json")
struct ClaimsDemoTests {
    @Test("runs the three measurements and gives every claim a verdict, with the seconds each took")
    func claimsJSON() throws {
        let r = try demoJSON(["claims"])
        #expect(r["lab"] as? String == "claims")
        let claims = try #require(r["claims"] as? [[String: Any]])
        #expect(claims.count == 8)
        for claim in claims {
            for key in ["id", "says", "lab", "measured", "verdict", "reason"] {
                #expect(claim[key] != nil, "missing \(key) in \(claim)")
            }
            #expect(["holds", "doesNotHold", "dependsOn"].contains(claim["verdict"] as? String ?? ""), "\(claim)")
        }
        let seconds = try #require(r["seconds"] as? [String: Double])
        #expect(Set(seconds.keys) == ["switch", "spawn", "scaling"])
        #expect(seconds.values.allSatisfy { $0 > 0 })
    }
}
