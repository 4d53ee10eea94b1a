import Curriculum
import Foundation
import Synchronization
import TerminalUI
import Testing

@testable import Labs
@testable import ptt

/// A clock the test moves by hand.
final class TestClock: @unchecked Sendable {
    var now = 0.0
}

/// A lab run that says what the test gives it, when the runner next samples it.
final class ScriptedLab: RunningLab {
    private let queue = Mutex<[LabOutput]>([])
    let controls = Mutex<[String]>([])

    func send(_ outputs: LabOutput...) { queue.withLock { $0 += outputs } }

    func sample() -> [LabOutput] {
        queue.withLock { q in
            defer { q = [] }
            return q
        }
    }

    func control(_ control: LabControl) { controls.withLock { $0.append(control.description) } }

    func stop() {}
}

/// A runner on a test clock with one scripted run started and running.
func scriptedRunner(lab name: String = "deadlock") throws -> (LabRunner, TestClock, ScriptedLab, RunID) {
    let clock = TestClock()
    let runner = LabRunner(clock: { clock.now })
    let lab = ScriptedLab()
    let run = RunID(lab: name, number: 1)
    runner.start(run, LabStart("scripted") { _ in lab })
    // `make` runs on a thread of its own: wait for it.
    let deadline = Date().addingTimeInterval(5)
    while runner.status.activeRuns.contains(run), Date() < deadline {
        lab.send(.progress(DeadlockSnapshot(phase: .starting)))
        if !runner.sample().isEmpty { break }
        Thread.sleep(forTimeInterval: 0.002)
    }
    return (runner, clock, lab, run)
}

/// The snapshot at `ms` into the run (each one differs, so none is left out as a repeat).
func snap(_ ms: Double, _ phase: DeadlockSnapshot.Phase = .takingLocks) -> DeadlockSnapshot {
    DeadlockSnapshot(phase: phase, elapsedMs: ms)
}

/// The elapsed times of the deadlock snapshots among `messages`, in order.
func elapsed(_ messages: [Msg]) -> [Double] {
    messages.compactMap { msg in
        if case .lab(_, .progress(let s as DeadlockSnapshot)) = msg { s.elapsedMs } else { nil }
    }
}

func finishes(_ messages: [Msg]) -> Int {
    messages.filter { if case .lab(_, .finished) = $0 { true } else { false } }.count
}

@Suite("Playback: the runner's display clock")
struct PlaybackTests {
    @Test("paused, outputs are held while the lab runs on; . delivers exactly one; going on delivers the rest in order")
    func pauseAndStep() throws {
        let (runner, clock, lab, _) = try scriptedRunner()
        clock.now = 0.1
        lab.send(.progress(snap(100)))
        #expect(elapsed(runner.sample()) == [100])
        _ = runner.playback(.pause)
        for (i, t) in [0.2, 0.3, 0.4].enumerated() {
            clock.now = t
            lab.send(.progress(snap(Double(200 + i * 100))))
            #expect(runner.sample().isEmpty)
        }
        #expect(runner.status.paused && runner.status.held == 3)
        #expect(runner.status.text == "paused — the lab runs on, 3 events held")
        #expect(elapsed(runner.playback(.step)) == [200])
        #expect(runner.status.held == 2 && runner.status.paused)
        clock.now = 1
        #expect(runner.sample().isEmpty)
        _ = runner.playback(.pause)
        #expect(!runner.status.paused)
        // The display goes on from where it was paused: the held outputs come after their gaps.
        var seen: [Double] = []
        for _ in 0..<40 {
            clock.now += 0.05
            seen += elapsed(runner.sample())
        }
        #expect(seen == [300, 400])
        #expect(runner.status.held == 0)
    }

    @Test("slowed, an output reaches the screen later than live, and the status says how far behind")
    func slowIsLater() throws {
        func delivery(slow: Bool) throws -> (Double, String?) {
            let (runner, clock, lab, _) = try scriptedRunner()
            if slow { _ = runner.playback(.slow) }
            var text: String?
            clock.now = 0
            while clock.now < 10 {
                clock.now += 0.05
                if abs(clock.now - 1.0) < 0.01 { lab.send(.progress(snap(1000))) }
                if !elapsed(runner.sample()).isEmpty { return (clock.now, text) }
                if clock.now > 2 { text = text ?? runner.status.text }
            }
            return (.infinity, text)
        }
        let (live, liveText) = try delivery(slow: false)
        let (slowed, slowText) = try delivery(slow: true)
        #expect(live < 1.1)
        #expect(slowed > live + 1 && slowed < 5)
        #expect(liveText == nil)
        #expect(slowText?.hasPrefix("¼ speed, ") == true && slowText?.hasSuffix(" s behind the run") == true)
    }

    @Test("reduced motion: no intermediate snapshot; the latest comes with the report")
    func reducedMotion() throws {
        let (runner, clock, lab, _) = try scriptedRunner()
        runner.reducedMotion = true
        var messages: [Msg] = []
        for i in 1...5 {
            clock.now = Double(i) * 0.1
            lab.send(.progress(snap(Double(i) * 100)))
            messages += runner.sample()
        }
        #expect(elapsed(messages).isEmpty)
        lab.send(.progress(snap(600, .done)), .finished(DeadlockPitfallFixture.report))
        clock.now = 0.7
        messages = runner.sample()
        #expect(elapsed(messages) == [600])
        #expect(finishes(messages) == 1)
    }

    @Test("reduced motion: a run that waits shows its latest snapshot at most once a second")
    func reducedMotionWaits() throws {
        let (runner, clock, lab, _) = try scriptedRunner()
        runner.reducedMotion = true
        var shown: [(Double, Double)] = []
        for i in 1...80 {
            clock.now = Double(i) * 0.05
            lab.send(.progress(snap(Double(i) * 50)))
            for ms in elapsed(runner.sample()) { shown.append((clock.now, ms)) }
        }
        #expect(shown.count >= 2 && shown.count <= 4)
        #expect(shown.allSatisfy { $0.0 >= 1 })
        #expect(zip(shown, shown.dropFirst()).allSatisfy { $1.0 - $0.0 >= 0.99 })
        // Each is the latest there was.
        #expect(shown.allSatisfy { abs($0.1 - $0.0 * 1000) < 1 })
    }

    @Test("the same snapshot again is no event; a run outside the labs (the tour) ignores pause")
    func repeatsAndPassThrough() throws {
        let (runner, clock, lab, _) = try scriptedRunner()
        clock.now = 0.1
        lab.send(.progress(snap(1)), .progress(snap(1)), .progress(snap(2)))
        #expect(elapsed(runner.sample()) == [1, 2])
        _ = runner.playback(.pause)
        let tour = ScriptedLab()
        let run = RunID(lab: "tour", number: 9)
        runner.start(run, LabStart("tour") { _ in tour })
        var got = 0
        for _ in 0..<500 where got == 0 {
            tour.send(.progress("line"))
            got = runner.sample().count
            Thread.sleep(forTimeInterval: 0.002)
        }
        #expect(got > 0)
        #expect(!runner.status.activeRuns.contains(run))
    }

    @Test("a replay plays at the recorded times from its own start; a control skips to the next recorded one")
    func replayTimes() throws {
        let clock = TestClock()
        let runner = LabRunner(clock: { clock.now })
        let recording = LabSessionRecording(lab: "deadlock", date: Date(), machine: .current())
        runner.replay = LabReplay(
            file: "r.json", recording: recording,
            runs: [
                LabReplay.Run(
                    detail: "scripted",
                    outputs: [
                        (0.5, .progress(snap(500))), (1.0, .progress(snap(1000))), (2.0, .progress(snap(2000))),
                        (2.5, .finished(DeadlockPitfallFixture.report)),
                    ],
                    controls: [1.2])
            ])
        clock.now = 10  // ptt sat idle before the run was asked for
        let run = RunID(lab: "deadlock", number: 1)
        runner.start(run, LabStart("scripted") { _ in ScriptedLab() })
        clock.now = 10.1
        #expect(elapsed(runner.sample()).isEmpty)
        clock.now = 10.6
        #expect(elapsed(runner.sample()) == [500])
        // Skipped to the recorded control, 1.2 s in: what came before it shows at once.
        runner.control(run, LabControl("go on"))
        #expect(elapsed(runner.sample()) == [1000])
        #expect(runner.status.text == nil && runner.status.held == 2)
        _ = runner.playback(.pause)
        #expect(runner.status.text == "replay paused — 2 events to come")
        clock.now = 20
        #expect(runner.sample().isEmpty)
        _ = runner.playback(.pause)
        clock.now = 20.79
        #expect(elapsed(runner.sample()) == [])
        clock.now = 20.81
        #expect(elapsed(runner.sample()) == [2000])
        // A start the recording lacks fails.
        let other = RunID(lab: "deadlock", number: 2)
        runner.start(other, LabStart("other") { _ in ScriptedLab() })
        let failed = runner.sample().compactMap { msg -> String? in
            if case .lab(other, .failed(let m)) = msg { m } else { nil }
        }
        #expect(failed == ["not in the recording: other"])
    }

    @Test("the playback keys: Space pauses, s slows (S where the lab's s comes first), . steps; the bar says so")
    func keys() throws {
        var m = model(try fixtureLibrary())
        _ = m.openLab("deadlock")
        let run = try #require(m.frontRun)
        // No run held by the runner: the keys are neither shown nor taken.
        #expect(update(&m, .key(.character("."))).isEmpty)
        m.playback.activeRuns = [run]
        #expect(update(&m, .key(.character(" "))) == [.playback(.pause)])
        #expect(update(&m, .key(.character("s"))) == [.playback(.slow)])
        #expect(update(&m, .key(.character("."))) == [.playback(.step)])
        let bar = view(m).text.split(separator: "\n").last ?? ""
        #expect(bar.contains("Space pause") && bar.contains("s slow") && bar.contains(". step"), "\(bar)")
        m.playback.paused = true
        m.playback.held = 12
        let paused = view(m).text.split(separator: "\n").last ?? ""
        #expect(paused.contains("Space go on") && paused.contains("paused — the lab runs on, 12 events held"))
        // Presenter mode's legend shows them, and the banner the pause.
        m.presenting = true
        let presented = view(m).text
        #expect(presented.contains("Space ") && presented.contains(" go on") && presented.contains(" step"))
        #expect(presented.split(separator: "\n").first?.contains("paused — the lab runs on, 12 events held") == true)
        // The race's own s sets the run length; S slows there.
        var race = model(try fixtureLibrary())
        _ = race.openLab("race")
        _ = update(&race, .key(.character("s")))  // skip the prediction: the run starts
        race.playback.activeRuns = Set(race.front?.base.runs ?? [])
        #expect(update(&race, .key(.character("S"))) == [.playback(.slow)])
        #expect(update(&race, .key(.character("s"))).isEmpty)
        #expect(race.notice?.hasPrefix("next runs last") == true)
        // However many keys the lab has, the bar says what the display does.
        race.notice = nil  // a notice (the next key clears it) would come first
        race.playback.paused = true
        race.playback.held = 120
        let raceBar = view(race).text.split(separator: "\n").last ?? ""
        #expect(raceBar.contains("paused — the lab runs on, 120 events held") && raceBar.contains("Space go on"))
        #expect(raceBar.contains("? help") && raceBar.contains("q back"), "\(raceBar)")
        race.playback.paused = false
        race.playback.held = 0
        let help = try #require(race.front?.base.helpSections(race))
        #expect(help.contains { $0.title == "Playback" && $0.keys.contains { $0.0 == "s  S" } })
        // The memory lab pages with Space: pause is not offered there.
        var memory = model(try fixtureLibrary())
        _ = memory.openLab("memory")
        _ = update(&memory, .key(.character("s")))  // skip the prediction: the map is read
        memory.playback.activeRuns = Set(memory.front?.base.runs ?? [])
        let memoryHelp = try #require(memory.front?.base.helpSections(memory)).flatMap(\.keys)
        #expect(!memoryHelp.contains { $0.0 == "Space" && $0.1.hasPrefix("pause") })
        #expect(memoryHelp.contains { $0.0 == "." })
    }
}

/// A deadlock report for the runner tests.
enum DeadlockPitfallFixture {
    static let report = DeadlockReport(
        deadlocked: true, detectedAfterMs: 12.5, orderedRunCompleted: true, cycle: [], childPid: 5100,
        childExit: "killed by SIGKILL (signal 9), no core dump",
        orderedRun: OrderedRun(iterationsPerThread: 10, counter: 20, expected: 20, milliseconds: 1), forkWithLock: nil)
}
