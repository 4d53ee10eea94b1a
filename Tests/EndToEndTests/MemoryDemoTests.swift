import Foundation
import Testing

@Suite("ptt demo memory", .serialized)
struct MemoryDemoTests {
    @Test("--json carries the design's keys, one thread stack per thread, and copy-on-write values that differ")
    func json() throws {
        let r = try runCommand(pttBinary, ["demo", "memory", "--threads", "3", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(report["lab"] as? String == "memory")
        let pid = try #require(report["pid"] as? Int)
        #expect((report["threadStacks"] as? [Any])?.count == 3)
        let child = try #require(report["child"] as? [String: Any])
        let childPid = try #require(child["pid"] as? Int)
        #expect(childPid != pid)
        #expect(((child["regions"] as? [Any])?.count ?? 0) > 10)
        let cow = try #require(report["copyOnWrite"] as? [String: Any])
        #expect(cow["parentValue"] as? Int != cow["childValue"] as? Int)
        #expect((cow["address"] as? String)?.hasPrefix("0x") == true)
        let kinds = Set(((report["regions"] as? [[String: Any]]) ?? []).compactMap { $0["kind"] as? String })
        #expect(kinds.isSuperset(of: ["code", "heap", "stack", "threadStack", "sharedLibrary"]))
        // The child was reaped before ptt exited.
        #expect(!FileManager.default.fileExists(atPath: "/proc/\(childPid)"))
    }

    @Test("bad thread counts exit 2 naming the option", arguments: ["17", "-1", "x"])
    func badThreads(value: String) throws {
        let r = try runCommand(pttBinary, ["demo", "memory", "--threads", value, "--json"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--threads") || r.stderr.contains("threads"))
    }

    @Test(
        "from the Thread lesson: the drawing, then Enter shows the real map with thread stacks",
        .enabled(if: hasTmux, "tmux is not installed"))
    func fromThreadLesson() throws {
        let lessons = shellQuote(packageRoot.appendingPathComponent("lessons").path)
        let s = try TmuxSession(
            command: "\(shellQuote(pttBinary)) lesson thread --lessons \(lessons)", width: 100, height: 40)
        try s.waitFor("lesson 3/10")
        var drawing = ""
        for _ in 0..<80 where !drawing.contains("Thread 1 stack") {
            try s.sendKeys("j")
            drawing = try s.capture()
        }
        #expect(drawing.contains("Drawn by ptt") || drawing.contains("Shared heap"), "\(drawing)")
        #expect(drawing.contains("Thread 1 stack"))
        var focused = ""
        for _ in 0..<4 where !focused.contains("▶╭─ Live lab: memory") {
            try s.sendKeys("Tab")
            focused = try s.waitFor(timeout: 2, required: false) { $0.contains("▶╭─ Live lab: memory") }
        }
        #expect(focused.contains("▶╭─ Live lab: memory"))
        try s.sendKeys("Enter")
        // The lab asks for a prediction first; s skips it and starts the lab.
        try s.waitFor("Before it runs, predict")
        try s.sendKeys("s")
        // The map comes with the first reading, the facts under it with the report.
        let map = try s.waitFor(what: "the map and its facts") {
            $0.contains("thread stack (thread") && $0.contains("Copy-on-write")
        }
        #expect(map.contains("0x"))
        #expect(map.contains("heap") || map.contains("stack"))
        try s.sendKeys("q")
        try s.waitFor("lesson 3/10")
    }
}
