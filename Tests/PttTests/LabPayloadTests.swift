import ArgumentParser
import Curriculum
import Foundation
import Labs
import TerminalUI
import Testing

@testable import ptt

/// Every value a lab run sends its screen survives JSON exactly (so a
/// recording can hold it), and `--plain` tells it in plain lines.
@Suite("Lab payloads and plain mode", .serialized)
struct LabPayloadTests {
    func roundTrip<T: Codable & Equatable>(_ value: T) throws -> Bool {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let decoded = try JSONDecoder().decode(T.self, from: try encoder.encode(value))
        return decoded == value
    }

    /// No escape byte, no other control character, no box drawing or block glyph.
    func isPlain(_ line: String) -> Bool {
        line.unicodeScalars.allSatisfy { s in
            s.value >= 0x20 && s.value != 0x7F && !(0x80...0x9F).contains(s.value)
                && !(0x2500...0x259F).contains(s.value)
        }
    }

    /// What `PlainRun` says for `start`, with the lab's registered payloads.
    func plainLines(_ start: LabStart, lab: String) throws -> [String] {
        let payloads = try #require(LabRegistry.standard.entry(named: lab)?.payloads)
        var lines: [String] = []
        try PlainRun.run(start, payloads: payloads, lab: lab) { lines.append($0) }
        return lines
    }

    static let ipcSnapshot = IPCSnapshot(
        config: IPCConfig(transport: .pipe, items: 1000, itemSize: 64, maxSeconds: 5), parentPid: 100,
        producer: IPCSideSnapshot(pid: 101, phase: .finished, count: 1000, exit: WaitStatus(raw: 0)),
        consumer: IPCSideSnapshot(pid: 102, phase: .running, count: 400, processState: "S", waitChannel: "pipe_read"),
        outOfOrder: 0, capacity: 1024, elapsed: 0.5, time: 123_456, paused: false, delayNanos: 0, finished: false)

    static let ipcReport = IPCReport(
        transport: .pipe, items: 1000, size: 64, produced: 1000, consumed: 1000, lost: 0, outOfOrder: 0,
        parentPid: 100, producerPid: 101, consumerPid: 102, seconds: 0.25, completed: true,
        producerEnded: "finished", consumerEnded: "finished", producerExit: "exited with code 0",
        consumerExit: "exited with code 0")

    @Test("every lab of this set lists its payload types, and each is a LabPayload of its run's values")
    func registered() throws {
        let expected: [String: [String]] = [
            "race": ["CounterSnapshot", "CounterReport"], "locked": ["CounterSnapshot", "CounterReport"],
            "atomic": ["CounterSnapshot", "CounterReport"], "ipc": ["IPCSnapshot", "IPCReport"],
            "crash": ["CrashReport"], "fork": ["ForkReport"], "memory": ["MemoryReport"],
        ]
        for (lab, tags) in expected {
            let entry = try #require(LabRegistry.standard.entry(named: lab))
            #expect(entry.payloads.map { $0.recordingTag } == tags, "\(lab)")
        }
    }

    @Test("a real counter run's snapshots and report round-trip through JSON, and tell its measured figures")
    func counter() throws {
        let config = CounterConfig(kind: .race, threads: 2, incrementsPerThread: 200_000, pacing: .paced(seconds: 0.3))
        let run = try CounterRun.start(config)
        let snapshot = run.snapshot
        let report = run.wait()
        #expect(try roundTrip(snapshot))
        #expect(try roundTrip(run.snapshot))
        #expect(try roundTrip(report))

        let lines = try plainLines(LabStart(config) { _ in try CounterRunning(CounterRun.start(config)) }, lab: "race")
        #expect(lines.allSatisfy(isPlain))
        #expect(lines.first?.hasPrefix("race: 2 OS threads × 200,000 increments") == true)
        let tenths = lines.filter { $0.hasPrefix("t=") }
        #expect((1...10).contains(tenths.count), "one line per tenth at most, never one per sample: \(lines)")
        let last = try #require(lines.last)
        #expect(last.contains("of 400,000 expected"))
        #expect(last.contains("ns per increment"))
        #expect(last.contains(" lost") || last.contains("no update lost"))
    }

    @Test("a counter run and an ipc run fit the recording format: written and read back equal")
    func recordings() throws {
        let config = CounterConfig(kind: .atomic, threads: 2, incrementsPerThread: 10_000)
        let run = try CounterRun.start(config)
        let report = run.wait()
        let machine = MachineInfo.current()
        let date = Date(timeIntervalSince1970: 2_000_000)
        let counter = LabRecording(
            lab: "atomic", date: date, machine: machine,
            events: [RecordedEvent(tSeconds: 0, snapshot: run.snapshot)], report: report)
        let ipc = LabRecording(
            lab: "ipc", date: date, machine: machine,
            events: [RecordedEvent(tSeconds: 0.5, snapshot: Self.ipcSnapshot)], report: Self.ipcReport)
        let file = NSTemporaryDirectory() + "ptt-payload-\(getpid()).json"
        defer { unlink(file) }
        try counter.write(to: file)
        #expect(try LabRecording<CounterSnapshot, CounterReport>.read(from: file, lab: "atomic") == counter)
        try ipc.write(to: file)
        #expect(try LabRecording<IPCSnapshot, IPCReport>.read(from: file, lab: "ipc") == ipc)
    }

    @Test("plainRuns makes the watched run and the full-speed one; --no-animation only the full-speed one")
    func counterRuns() throws {
        let both = try RaceCommand.parse(["--threads", "2", "--increments", "1000"]).plainRuns()
        #expect(both.count == 2)
        #expect(both[0].detail.contains("paced") && !both[1].detail.contains("paced"))
        let reduced = try RaceCommand.parse(["--increments", "1000", "--no-animation"]).plainRuns()
        #expect(reduced.count == 1 && !reduced[0].detail.contains("paced"))
        #expect(try LockedCommand.parse(["--threads", "3"]).plainRuns()[0].detail.contains("threads: 3"))
    }

    @Test("a real fork run round-trips and its lines give both PIDs and both values")
    func fork() throws {
        let report = try ForkLab.run()
        #expect(try roundTrip(report))
        let lines = try plainLines(try ForkCommand.parse([]).plainRuns()[0], lab: "fork")
        #expect(lines.allSatisfy(isPlain))
        let text = lines.joined(separator: "\n")
        #expect(text.contains("parent ptt PID \(getpid())"))
        #expect(text.contains("wrote \(ForkLab.childValue)"))
        #expect(text.contains("reads \(ForkLab.initialValue) at 0x"))
        #expect(text.contains("forked child PID "))
    }

    @Test("a real memory report round-trips and its lines name the regions read from /proc")
    func memory() throws {
        let lab = try MemoryLab.start(MemoryConfig(threads: 1))
        let report = lab.report()
        lab.stop()
        #expect(try roundTrip(report))
        let lines = report.plainLines(after: nil)
        #expect(lines.allSatisfy(isPlain))
        #expect(lines[0].contains("\(report.regions.count) regions read from /proc/\(report.pid)/maps"))
        #expect(lines.contains { $0.hasPrefix("heap 0x") })
        #expect(lines.contains { $0.hasPrefix("thread TID \(report.threadStacks[0].tid): stack 0x") })
        #expect(lines.contains { $0.contains("forked child PID \(report.child.pid)") })
        #expect(lines.count < report.regions.count, "libraries are summed, not listed one by one")
    }

    @Test("ipc snapshots and reports round-trip; the lines say what each PID produced and consumed")
    func ipc() throws {
        #expect(try roundTrip(Self.ipcSnapshot))
        #expect(try roundTrip(Self.ipcReport))
        let first = Self.ipcSnapshot.plainLines(after: nil)
        #expect(first[0].contains("producer PID 101 and consumer PID 102"))
        #expect(first.contains("t=0.5 s producer PID 101 exited with code 0, reaped"))
        #expect(first.contains { $0.contains("consumer PID 102 received 400, 600 in flight") })
        #expect(Self.ipcSnapshot.plainLines(after: Self.ipcSnapshot).isEmpty, "nothing new, nothing said")
        let end = Self.ipcReport.plainLines(after: nil)
        #expect(
            end[0].contains("producer PID 101 produced 1,000 items")
                && end[0].contains("consumer PID 102 consumed 1,000"))
        #expect(end[1].contains("4000 items/s"))
        #expect((first + end).allSatisfy(isPlain))
    }

    @Test("a crash report round-trips; its lines say which PID died by which signal and who survived")
    func crash() throws {
        let report = ProcessLabScreenTests.crashReport
        #expect(try roundTrip(report))
        let lines = report.plainLines(after: nil)
        #expect(lines.allSatisfy(isPlain))
        #expect(lines.contains { $0.hasPrefix("child PID 102") && $0.contains("killed by SIGSEGV (signal 11)") })
        #expect(lines.contains { $0.hasPrefix("sibling PID 101 survived") })
        #expect(lines.contains { $0.hasPrefix("ptt PID 100 survived") })
        #expect(lines.contains { $0.contains("all 4 threads died") })
    }
}

/// The scheduler game's plain mode, random schedule and recordings.
@Suite("Scheduler game: plain, random, recorded")
struct InterleavePlainTests {
    func scenario(_ id: String) throws -> Scenario {
        var m = model(try fixtureLibrary())
        _ = m.openLab("interleave")
        return try #require(m.interleave?.scenarios.first { $0.id == id })
    }

    @Test("an order is told step by step: thread, instruction, shared values, then the outcome")
    func steps() throws {
        let lost = try scenario("lost-update")
        let lines = try InterleavePlain.steps(lost, [0, 1, 0, 0, 1, 1])
        #expect(lines.count == 8)
        #expect(lines[1] == "step 1, thread 1: load r counter: T1 loads 0 from counter into r; now counter = 0")
        #expect(lines[6].hasSuffix("now counter = 1"))
        #expect(lines[7].contains("was reached") && lines[7].contains("1 update lost"))
        #expect(throws: OrderError.self) { try InterleavePlain.steps(lost, [0, 0, 0, 0]) }
    }

    @Test("the same seed gives the same random schedule; other seeds give other ones; each is a valid order")
    func random() throws {
        let machine = try scenario("lost-update").machine
        let a = RandomSchedule.play(machine, seed: 42)
        #expect(a == RandomSchedule.play(machine, seed: 42))
        let orders = Set((0..<20).map { RandomSchedule.play(machine, seed: UInt64($0)).order })
        #expect(orders.count > 1)
        for order in orders {
            let replay = try machine.replay(threads: order)
            #expect(replay.finished && replay.steps == 6)
        }
        // A program that can loop is cut at the limit, not run forever.
        let peterson = RandomSchedule.play(try scenario("peterson").machine, seed: 1, limit: 3)
        #expect(peterson.order.count <= 3)
    }

    @Test("--random --json adds seed and order to the --order report's keys")
    func randomJSON() throws {
        let lost = try scenario("lost-update")
        let schedule = RandomSchedule.play(lost.machine, seed: 9)
        let report = RandomScheduleReport(
            scenario: lost, schedule: schedule, replay: try lost.machine.replay(threads: schedule.order))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let object = try #require(
            try JSONSerialization.jsonObject(with: try encoder.encode(report)) as? [String: Any])
        #expect(
            Set(object.keys)
                == [
                    "lab", "scenario", "goal", "steps", "values", "goalReached", "finished", "lostUpdates", "seed",
                    "order",
                ])
        #expect(object["seed"] as? Int == 9)
        #expect(object["order"] as? [Int] == schedule.order.map { $0 + 1 })
    }

    @Test("R plays a random schedule from --seed N (then N + 1), shown with its seed")
    func randomKey() throws {
        var m = try InterleaveScreenTests().game("lost-update")
        m.seed = 5
        _ = update(&m, .key(.character("R")))
        let machine = try scenario("lost-update").machine
        #expect(m.interleave?.playing == RandomSchedule.play(machine, seed: 5).order)
        #expect(view(m).text.contains("seed 5"))
        for _ in 0..<(7 * (InterleaveLabState.playDelay + 1)) { _ = update(&m, .tick) }
        #expect(m.interleave?.game?.order == RandomSchedule.play(machine, seed: 5).order)
        _ = update(&m, .key(.character("R")))
        #expect(m.interleave?.randomSeed == 6)
        #expect(view(m).text.contains("seed 6"))
    }

    @Test("a recorded game is saved, read back equal, and replayed to the same order under its label")
    func recording() throws {
        var m = try InterleaveScreenTests().game("lost-update")
        let start = Date(timeIntervalSince1970: 1_000_000)
        m.clock = { start }
        let recorder = InterleaveRecorder(path: NSTemporaryDirectory() + "ptt-interleave-\(getpid()).json", date: start)
        defer { unlink(recorder.path) }
        m.updateInterleave { $0.lab.recorder = recorder }
        for (i, key) in "121122".enumerated() {
            m.clock = { start.addingTimeInterval(Double(i + 1)) }
            _ = update(&m, .key(.character(key)))
        }
        _ = update(&m, .key(.character("u")))
        _ = update(&m, .key(.character("2")))
        try recorder.write()
        let read = try InterleaveRecording.read(from: recorder.path, lab: "interleave")
        #expect(read == recorder.recording(machine: read.machine))
        let report = try #require(read.report)
        #expect(report.order == [1, 2, 1, 1, 2, 2] && report.goalReached && report.lostUpdates == 1)
        #expect(read.events.count == 8, "six steps, the undo, the step again")
        #expect(read.events.map(\.tSeconds) == read.events.map(\.tSeconds).sorted())

        var replay = try InterleaveScreenTests().game("lost-update")
        let app = replay
        replay.updateInterleave { $0.playRecording(read, app) }
        #expect(view(replay).text.contains("replay of a run recorded on 1970-01-12"))
        for _ in 0..<(7 * (InterleaveLabState.playDelay + 1)) { _ = update(&replay, .tick) }
        #expect(replay.interleave?.game?.order == [0, 1, 0, 0, 1, 1])
    }
}

/// Presenter mode's big figures on the screens of this set.
@Suite("Presenter figures: crash, fork, memory, interleave", .serialized)
struct LabPresenterTests {
    let big = PresenterTests()

    @Test("crash: the signal and the survivors' PIDs in big digits")
    func crash() throws {
        var m = model(try fixtureLibrary())
        _ = m.openLab("crash")
        _ = update(&m, .key(.character("s")))
        _ = update(&m, .key(.character("s")))
        _ = m.labSays(.finished(ProcessLabScreenTests.crashReport))
        m.presenting = true
        let canvas = view(m)
        #expect(big.showsBig("11", canvas) && big.showsBig("101", canvas))
        #expect(canvas.text.contains("SIGSEGV") && canvas.text.contains("survived: the sibling"))
    }

    @Test("fork: the parent's value against the child's")
    func fork() throws {
        var m = model(try fixtureLibrary(), size: Size(width: 200, height: 60))
        _ = m.openLab("fork")
        _ = update(&m, .key(.character("s")))
        _ = m.labSays(
            .finished(
                ForkReport(
                    parentPid: 100, childPid: 101, initialValue: 42, parentValue: 42, childValue: 99,
                    parentAddress: 0x1000, childAddress: 0x1000, childExit: "exited with code 0")))
        m.presenting = true
        let canvas = view(m)
        #expect(big.showsBig("42", canvas, scale: 2) && big.showsBig("99", canvas, scale: 2))
        #expect(canvas.text.contains("parent PID 100 reads"))
    }

    @Test("memory: the region count and a thread stack's size")
    func memory() throws {
        var m = model(try fixtureLibrary())
        _ = m.openLab("memory")
        _ = update(&m, .key(.character("s")))
        let lab = try MemoryLab.start(MemoryConfig(threads: 1))
        defer { lab.stop() }
        let report = lab.report()
        _ = m.labSays(.progress(report))
        m.presenting = true
        let canvas = view(m)
        #expect(big.showsBig(grouped(report.regions.count), canvas))
        #expect(canvas.text.contains("regions in /proc/\(report.pid)/maps"))
    }

    @Test("interleave: the shared value and the lost update, after a losing order")
    func interleave() throws {
        var m = try InterleaveScreenTests().game("lost-update")
        for key in "121122" { _ = update(&m, .key(.character(key))) }
        m.presenting = true
        let canvas = view(m)
        #expect(canvas.text.contains("counter") && canvas.text.contains("lost updates"))
        #expect(big.showsBig("1", canvas))
        #expect(canvas.line(0).contains("Two threads, one counter"))
    }
}

extension AppModel {
    /// Changes the scheduler game screen on top of the stack.
    mutating func updateInterleave(_ change: (inout InterleaveScreen) -> Void) {
        guard let i = stack.lastIndex(where: { $0.base is InterleaveScreen }),
            var screen = stack[i].base as? InterleaveScreen
        else { return }
        change(&screen)
        stack[i] = AnyScreen(screen)
    }
}
