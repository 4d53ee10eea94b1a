import Curriculum
import Foundation
import Labs
import TerminalUI
import Testing

@testable import ptt

/// The built `ptt`, beside this test bundle: the labs start it as their children.
let recordingChildBinary: ChildExecutable = {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return ChildExecutable(
        path: URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("ptt").path)
}()

/// The app's loop without a terminal: effects carried out on a real runner,
/// a frame every 10 ms, the runner's status copied into the model.
struct TestLoop {
    var model: AppModel
    let runner: LabRunner

    init(_ model: AppModel, record: String? = nil, replay: LabReplay? = nil, lab: String) {
        self.model = model
        runner = LabRunner()
        runner.executable = recordingChildBinary
        runner.replay = replay
        runner.reducedMotion = model.reducedMotion
        if let record { runner.recorder = SessionRecorder(lab: lab, file: record, payloads: LabPayloads(lab: lab)) }
        self.model.playback = runner.status
    }

    mutating func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .startLab(let run, let start): runner.start(run, start)
            case .controlLab(let run, let control): runner.control(run, control)
            case .stopLab(let run): runner.stop(run)
            case .playback(let key):
                for msg in runner.playback(key) { perform(update(&model, msg)) }
            default: break
            }
        }
        model.playback = runner.status
    }

    mutating func key(_ key: Key) { perform(update(&model, .key(key))) }

    /// Frames until `done` holds and the runner is idle, `each` after every
    /// frame (to press a key); false after `timeout` seconds.
    mutating func run(
        timeout: Double = 30, each: (inout TestLoop) -> Void = { _ in }, until done: (AppModel) -> Bool
    ) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            for msg in runner.sample() + [.tick] { perform(update(&model, msg)) }
            model.playback = runner.status
            each(&self)
            if done(model) && runner.status.activeRuns.isEmpty { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    /// The screen in front as it draws itself (without the replay banner).
    var screen: Canvas {
        var canvas = Canvas(size: model.size)
        model.front?.base.view(model, on: &canvas)
        return canvas
    }
}

func temporaryFile(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("ptt-\(getpid())-\(UUID().uuidString)-\(name)").path
}

@Suite("Record and replay on the lab's own screen", .serialized)
struct RecordReplayTests {
    /// Records one session of `lab` (driven by `drive`), replays it, and returns both final screens.
    func recordThenReplay(
        _ lab: String, open: (inout AppModel) -> [Effect], drive: (inout TestLoop) -> Bool
    ) throws -> (live: Canvas, replay: Canvas, banner: String, file: String) {
        let file = temporaryFile("\(lab).json")
        var live = TestLoop(model(try fixtureLibrary()), record: file, lab: lab)
        live.perform(navigate(&live.model, open(&live.model)))
        let liveEnded = drive(&live)
        #expect(liveEnded, "the live \(lab) run did not end")
        live.runner.stopAll()
        #expect(live.runner.recorder?.lastError == nil)
        let replay = try LabReplay.load(file, lab: lab, payloads: LabPayloads(lab: lab))
        #expect(!replay.runs.isEmpty && replay.runs.allSatisfy { !$0.outputs.isEmpty })
        var played = TestLoop(model(try fixtureLibrary()), replay: replay, lab: lab)
        played.perform(navigate(&played.model, open(&played.model)))
        let replayEnded = drive(&played)
        #expect(replayEnded, "the replay of \(lab) did not end")
        let banner = String(view(played.model).text.split(separator: "\n").first ?? "")
        return (live.screen, played.screen, banner, file)
    }

    /// Every row but the status bar (its notices and elapsed time are the loop's, not the run's).
    func body(_ canvas: Canvas) -> [Substring] {
        Array(canvas.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast())
    }

    @Test("a recorded deadlock session replays to the same final screen, labelled as a replay")
    func deadlock() throws {
        func drive(_ loop: inout TestLoop) -> Bool {
            loop.run(
                each: { loop in
                    // Space goes on from the stuck pair (in a replay: to the moment it did when recorded).
                    if let lab = loop.model.screen(DeadlockScreen.self)?.lab, lab.isDeadlocked, !lab.proceeded {
                        loop.key(.character(" "))
                    }
                },
                until: { $0.screen(DeadlockScreen.self)?.lab.phase == .finished })
        }
        let result = try recordThenReplay("deadlock", open: { $0.openLab("deadlock") }, drive: drive)
        defer { unlink(result.file) }
        #expect(body(result.replay) == body(result.live), "live:\n\(result.live.text)\nreplay:\n\(result.replay.text)")
        #expect(result.live.text.contains("[done]") && result.live.text.contains("exited 0"))
        #expect(result.banner.contains("replay of a run recorded on "), "\(result.banner)")
        let recording = try LabSessionRecording.read(from: result.file)
        #expect(recording.runs.count == 1 && recording.runs[0].controls.map(\.control) == ["proceed"])
        #expect(recording.runs[0].events.last?.tag == "DeadlockReport")
    }

    @Test("a recorded race (the watched run, then the full-speed one) replays to the same final figures")
    func race() throws {
        let command = try RaceCommand.parse(["--increments", "200000", "--seconds", "0.5"])
        func drive(_ loop: inout TestLoop) -> Bool {
            loop.key(.character("s"))  // skip the prediction: the watched run starts
            return loop.run { $0.counter?.phase == .finished && $0.counter?.measured != nil }
        }
        let result = try recordThenReplay("race", open: { command.open(&$0) }, drive: drive)
        defer { unlink(result.file) }
        #expect(body(result.replay) == body(result.live), "live:\n\(result.live.text)\nreplay:\n\(result.replay.text)")
        #expect(result.live.text.contains("lost updates"))
        #expect(result.banner.contains("replay of a run recorded on "), "\(result.banner)")
        let recording = try LabSessionRecording.read(from: result.file)
        #expect(recording.runs.count == 2)
    }

    @Test("a recording keeps the lab's own options, not how it was shown or the global ones")
    func keptArguments() {
        let argv = [
            "/x/ptt", "--present", "demo", "race", "--threads", "4", "--record", "f.json", "--seconds=2", "--plain",
            "--state", "s.json", "--replay=g.json", "--seed", "7", "--no-color",
        ]
        #expect(SessionRecorder.labArguments(argv) == ["--threads", "4", "--seconds=2"])
        #expect(SessionRecorder.labArguments(["/x/ptt", "demo", "race"]) == [])
        #expect(SessionRecorder.labArguments(["/x/ptt", "quiz"]) == nil)
    }

    @Test("a start the recording lacks fails on the screen: not in the recording")
    func notRecorded() throws {
        let file = temporaryFile("empty.json")
        defer { unlink(file) }
        try LabSessionRecording(lab: "deadlock", date: Date(), machine: .current()).write(to: file)
        let replay = try LabReplay.load(file, lab: "deadlock", payloads: LabPayloads(lab: "deadlock"))
        var loop = TestLoop(model(try fixtureLibrary()), replay: replay, lab: "deadlock")
        loop.perform(loop.model.openLab("deadlock"))
        #expect(loop.run { if case .failed = $0.screen(DeadlockScreen.self)?.lab.phase { true } else { false } })
        guard case .failed(let message) = loop.model.screen(DeadlockScreen.self)?.lab.phase else { return }
        #expect(message.hasPrefix("not in the recording: Options("))
    }

    @Test("a recording that cannot be written says so, and leaves no temporary file")
    func failedWrite() throws {
        let dir = temporaryFile("dir")
        try FileManager.default.createDirectory(atPath: dir + "/run.json", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (runner, clock, lab, run) = try scriptedRunner()
        runner.recorder = SessionRecorder(
            lab: "deadlock", file: dir + "/run.json", payloads: LabPayloads(lab: "deadlock"))
        runner.start(run, LabStart("again") { _ in lab })
        Thread.sleep(forTimeInterval: 0.05)
        clock.now = 1
        lab.send(.finished(DeadlockPitfallFixture.report))
        for _ in 0..<100 where runner.recorder?.lastError == nil {
            _ = runner.sample()
            Thread.sleep(forTimeInterval: 0.005)
        }
        let error = try #require(runner.recorder?.lastError)
        #expect(error.hasPrefix("recording not saved: \(dir)/run.json: cannot be written"), "\(error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["run.json"])
    }
}
