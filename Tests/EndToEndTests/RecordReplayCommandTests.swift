import Foundation
import Testing

@testable import ptt

/// `--record`, `--replay` and `--plain` of every lab, from the built binary.
@Suite("Recording, replay and plain output of every lab", .serialized)
struct RecordReplayCommandTests {
    let ptt = shellQuote(pttBinary)
    let lessonsDir = shellQuote(packageRoot.appendingPathComponent("lessons").path)

    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-rr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Small, fast options for each lab's `--plain` run (from `ptt demo NAME --help`).
    static let quickOptions: [String: [String]] = [
        "race": ["--increments", "100000", "--seconds", "0.2"],
        "locked": ["--increments", "100000", "--seconds", "0.2"],
        "atomic": ["--increments", "100000", "--seconds", "0.2"],
        "interleave": ["--scenario", "lost-update"],
        "ipc": ["--seconds", "0.3"],
        "memory": ["--threads", "1"],
        "switch": ["--rounds", "1000", "--repetitions", "2"],
        "spawn": ["--count", "10", "--touch-mib", "1"],
        "scaling": ["--max-workers", "2", "--no-python"],
        "threads-overhead": ["--max", "100", "--connections", "100"],
    ]

    /// Whether `text` has a box-drawing or block character (U+2500–U+259F).
    static func hasBoxDrawing(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x2500...0x259F).contains($0.value) }
    }

    @Test(
        "every lab's --plain run exits 0 with no escape sequence and no box drawing",
        arguments: LabRegistry.standard.names)
    func plain(_ lab: String) throws {
        let r = try runCommand(pttBinary, ["demo", lab, "--plain"] + (Self.quickOptions[lab] ?? []))
        #expect(r.status == 0, "ptt demo \(lab) --plain: \(r.stderr)")
        #expect(!r.stdout.isEmpty, "ptt demo \(lab) --plain said nothing")
        #expect(!r.stdout.contains("\u{1b}"), "ptt demo \(lab) --plain wrote an escape sequence")
        #expect(!Self.hasBoxDrawing(r.stdout), "ptt demo \(lab) --plain drew boxes or blocks:\n\(r.stdout)")
    }

    @Test("a recorded race replays in tmux with its label and the same counter and lost updates")
    func raceRecordReplay() throws {
        guard hasTmux else { return }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = shellQuote(dir.appendingPathComponent("race.json").path)
        let options = "--increments 200000 --seconds 1 --lessons \(lessonsDir)"
        func figures(_ screen: String) -> [String] {
            screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                $0.hasPrefix("counter ") || $0.hasPrefix("lost updates ") || $0.hasPrefix("Result: ")
            }
        }
        let live = try TmuxSession(command: "\(ptt) demo race --record \(file) \(options); echo EXIT=$?; sleep 30")
        try live.waitFor("s skip")
        try live.sendKeys("s")  // skip the prediction: the run starts
        let done = try live.waitFor(timeout: 20, settled: true) { $0.contains("Result: counter = ") }
        try live.sendKeys("q")
        try live.waitFor("EXIT=0")
        #expect(figures(done).count == 3, "\(done)")
        // Only --replay: the lab's options (--increments, --seconds) come from the recording.
        let replay = try TmuxSession(
            command: "\(ptt) demo race --replay \(file) --lessons \(lessonsDir); echo EXIT=$?; sleep 30")
        try replay.waitFor("s skip")
        try replay.sendKeys("s")
        let again = try replay.waitFor(timeout: 20, settled: true) { $0.contains("Result: counter = ") }
        #expect(again.contains("replay of a run recorded on "), "\(again)")
        #expect(figures(again) == figures(done), "replay:\n\(again)\nrecorded:\n\(done)")
        try replay.sendKeys("q")
        try replay.waitFor("EXIT=0")
    }

    @Test("--replay --plain tells the recorded lines after the label; --replay --json prints the recorded report")
    func replayPlainAndJSON() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("deadlock.json").path
        let told = try runCommand(pttBinary, ["demo", "deadlock", "--plain", "--record", file])
        #expect(told.status == 0, "\(told.stderr)")
        let replayed = try runCommand(pttBinary, ["demo", "deadlock", "--plain", "--replay", file])
        #expect(replayed.status == 0, "\(replayed.stderr)")
        let lines = replayed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("replay of a run recorded on ") == true)
        #expect(Array(lines.dropFirst()) == told.stdout.split(separator: "\n").map(String.init))
        let report = try demoJSON(["deadlock", "--replay", file])
        #expect(report["lab"] as? String == "deadlock" && report["orderedRunCompleted"] as? Bool == true)
        // The plain run's report, as recorded: the same cycle found after the same time.
        #expect(told.stdout.contains("cycle found after"))
    }

    @Test("a recording of another lab, of a newer ptt or broken is refused at parse time, naming the file (exit 2)")
    func refused() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("deadlock.json").path
        #expect(try runCommand(pttBinary, ["demo", "deadlock", "--json", "--record", file]).status == 0)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let newer = dir.appendingPathComponent("newer.json").path
        try text.replacingOccurrences(of: "\"version\":2", with: "\"version\":3").write(
            toFile: newer, atomically: true, encoding: .utf8)
        let broken = dir.appendingPathComponent("broken.json").path
        try "{\"format\": \"ptt-lab-recording\", \"version\": 2".write(
            toFile: broken, atomically: true, encoding: .utf8)
        for (args, problem) in [
            (["race", "--replay", file], "\(file): is a recording of lab 'deadlock', not 'race'"),
            (["deadlock", "--replay", newer], "\(newer): was written by a newer ptt (version 3"),
            (["deadlock", "--replay", broken], "\(broken): is not a ptt recording"),
            (["deadlock", "--replay=\(dir.path)/none.json"], "\(dir.path)/none.json: does not exist"),
        ] {
            let r = try runCommand(pttBinary, ["demo"] + args)
            #expect(r.status == 2, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains(problem), "\(args): \(r.stderr)")
        }
    }

    @Test("a recording that cannot be written: said on stderr, exit 1, no temporary file left")
    func failedWrite() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A directory where the file should go: the final rename fails.
        let file = dir.appendingPathComponent("run.json")
        try FileManager.default.createDirectory(
            at: file.appendingPathComponent("inside"), withIntermediateDirectories: true)
        for mode in ["--plain", "--json"] {
            let r = try runCommand(pttBinary, ["demo", "deadlock", mode, "--record", file.path])
            #expect(r.status == 1, "\(mode): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("recording not saved: \(file.path): cannot be written"), "\(mode): \(r.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["run.json"])
        }
    }
}
