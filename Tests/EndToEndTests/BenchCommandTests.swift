import Foundation
import Testing

/// `ptt bench`, run tiny: shapes, invariants and errors, never timings.
@Suite("ptt bench")
struct BenchCommandTests {
    let tiny = ["bench", "--threads", "1,2", "--increments", "20000", "--repetitions", "1"]

    /// The `--json` output as a dictionary, or a test failure.
    func report(_ result: CommandResult) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(object as? [String: Any], "not a JSON object: \(result.stdout)")
    }

    func rows(_ report: [String: Any]) throws -> [[String: Any]] {
        try #require(report["rows"] as? [[String: Any]])
    }

    @Test("--json gives one row per lab and thread count, and locked and atomic lose nothing")
    func jsonRows() throws {
        let r = try runCommand(pttBinary, tiny + ["--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try report(r)
        let rows = try rows(report)
        #expect(rows.count == 6)
        let keys = rows.map { "\($0["lab"] ?? "?") \($0["threads"] ?? "?")" }
        #expect(keys == ["race 1", "race 2", "locked 1", "locked 2", "atomic 1", "atomic 2"])
        for row in rows {
            let threads = try #require(row["threads"] as? Int)
            #expect(row["expected"] as? Int == threads * 20000)
            #expect(row["swiftNsPerIncrement"] is Double)
            for key in ["cNsPerIncrement", "ratio"] { #expect(row.keys.contains(key), "missing \(key)") }
            if row["lab"] as? String != "race" { #expect(row["lost"] as? Int == 0, "\(row)") }
        }
        let machine = try #require(report["machine"] as? [String: Any])
        #expect((machine["cpus"] as? Int ?? 0) >= 1)
        #expect(!(machine["kernel"] as? String ?? "").isEmpty)
        #expect(["debug", "release"].contains(machine["build"] as? String ?? ""))
    }

    static let baselinesAvailable: Bool =
        FileManager.default.fileExists(
            atPath: packageRoot.deletingLastPathComponent().appendingPathComponent("shared/baselines/counter.c").path)
        && ["/usr/bin/cc", "/usr/local/bin/cc", "/bin/cc"].contains(where: FileManager.default.isExecutableFile)

    @Test(
        "with the C baselines beside the package, every row has a C number and the race has no ratio",
        .enabled(if: baselinesAvailable, "no ../shared/baselines/counter.c beside the package, or no cc"))
    func jsonWithBaselines() throws {
        let r = try runCommand(pttBinary, tiny + ["--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try report(r)
        #expect(report["baselinesNote"] is NSNull, "\(report["baselinesNote"] ?? "")")
        for row in try rows(report) {
            #expect(row["cNsPerIncrement"] is Double, "\(row)")
            if row["lab"] as? String == "race" {
                #expect(row["ratio"] is NSNull)
            } else {
                #expect(row["ratio"] is Double, "\(row)")
                #expect(row["cLost"] as? Int == 0)
            }
        }
    }

    @Test("--no-baselines gives null C numbers and says why")
    func noBaselines() throws {
        let r = try runCommand(pttBinary, tiny + ["--no-baselines", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try report(r)
        #expect((report["baselinesNote"] as? String ?? "").contains("--no-baselines"))
        let rows = try rows(report)
        #expect(rows.count == 6)
        for row in rows {
            #expect(row["cNsPerIncrement"] is NSNull)
            #expect(row["ratio"] is NSNull)
        }
    }

    @Test("the table starts with the machine and says in one line why there is no C column")
    func tableWithoutC() throws {
        // A baselines folder of its own, so the test does not depend on ../shared being there.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "int main(void) { return 0; }\n".write(
            to: dir.appendingPathComponent("counter.c"), atomically: true, encoding: .utf8)
        let r = try runCommand(
            pttBinary,
            ["bench", "--threads", "2", "--increments", "1000", "--repetitions", "1", "--baselines", dir.path],
            environment: ["PATH": "/nonexistent", "CC": ""])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("machine: ") && $0.contains("CPU") && $0.contains("kernel") })
        #expect(lines.contains { $0.hasPrefix("lab") && $0.contains("threads") && $0.contains("Swift ns/inc") })
        for lab in ["race", "locked", "atomic"] { #expect(lines.contains { $0.hasPrefix(lab) }) }
        #expect(lines.contains("no C column: no C compiler: 'cc' not found on PATH"), "\(r.stdout)")
        #expect(!r.stdout.contains("C ns/inc"))
        #if DEBUG
            #expect(lines.contains { $0.hasPrefix("warning: debug build") && $0.contains("-c release") })
        #endif
    }

    @Test("a baselines folder without counter.c is a note, not a failure")
    func missingBaselines() throws {
        let r = try runCommand(
            pttBinary, tiny + ["--baselines", "/nonexistent/baselines", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect((try report(r)["baselinesNote"] as? String ?? "").contains("/nonexistent/baselines/counter.c"))
    }

    @Test(
        "bad values exit 2 and name the option",
        arguments: [
            (["--threads", "0"], "--threads"), (["--threads", "1,x"], "--threads"), (["--threads", "65"], "--threads"),
            (["--increments", "0"], "--increments"), (["--increments", "1000000001"], "--increments"),
            (["--repetitions", "0"], "--repetitions"), (["--repetitions", "21"], "--repetitions"),
        ])
    func badValues(arguments: [String], option: String) throws {
        let r = try runCommand(pttBinary, ["bench"] + arguments)
        #expect(r.status == 2)
        #expect(r.stderr.contains(option), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test(
        "bench lesson --write-lesson writes the benchmark's lesson (what scripts/bench-lesson.sh times): clean, of the size asked"
    )
    func writesTheLesson() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-benchlesson-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("01-big.md")
        let w = try runCommand(pttBinary, ["bench", "lesson", "--sizes", "0.2", "--write-lesson", file.path])
        #expect(w.status == 0, "\(w.stderr)")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
        #expect(size >= 200_000 && size < 202_000, "\(size) bytes")
        let check = try runCommand(pttBinary, ["check", dir.path])
        #expect(check.stdout.contains("1 file, 1 lesson, no problems"), "\(check.stdout)")
    }
}
