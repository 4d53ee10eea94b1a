import Curriculum
import Labs
import TerminalUI
import Testing

@testable import ptt

/// The lab screens driven by messages, without threads: the loop's part
/// (starting runs, sampling them) is replaced by the messages it would send.
@Suite("Lab screens")
struct LabScreenTests {
    func counterModel(_ kind: CounterKind = .race) throws -> AppModel {
        var m = model(try fixtureLibrary())
        _ = m.openLab(kind.rawValue)
        return m
    }

    func snapshot(_ done: [Int], counter: Int, finished: Bool = false) -> CounterSnapshot {
        CounterSnapshot(
            kind: .race, perThreadDone: done, incrementsPerThread: 1_000_000, counter: counter,
            expected: 2_000_000, elapsed: 1.5, finished: finished, cancelled: false,
            lostSoFar: done.reduce(0, +) - counter, cpus: 2, pinned: true)
    }

    func report(final: Int, seconds: Double = 3) -> CounterReport {
        CounterReport(
            lab: .race, threads: 2, incrementsPerThread: 1_000_000, expected: 2_000_000, final: final,
            lost: 2_000_000 - final, seconds: seconds, nsPerIncrement: seconds * 1e9 / 2e6, cpus: 2, pinned: true,
            cancelled: false, pacedSeconds: nil)
    }

    @Test("the counter lab asks for a prediction, then starts a slowed run")
    func predictThenRun() throws {
        var m = try counterModel()
        #expect(view(m).text.contains("What will the counter read at the end?"))
        for c in "1500000" { _ = update(&m, .key(.character(c))) }
        #expect(view(m).text.contains("Your prediction: 1,500,000"))
        let effects = update(&m, .key(.enter))
        #expect(
            started(effects) == [
                String(
                    describing: CounterConfig(
                        kind: .race, threads: 2, incrementsPerThread: 1_000_000, pin: true, pacing: .paced(seconds: 3)))
            ])
        #expect(m.counter?.predict.prediction(0)?.value == .number(1_500_000))
        #expect(m.needsTicks)
    }

    @Test("a running race shows a bar per thread and the lost updates counting up")
    func runningScreen() throws {
        var m = try counterModel()
        _ = update(&m, .key(.character("s")))
        _ = m.labSays(.progress(snapshot([400_000, 380_000], counter: 500_000)))
        try assertSnapshot(view(m), named: "race-running-80x24")
        let screen = view(m).text
        #expect(screen.contains("T1  ") && screen.contains("T2  "))
        #expect(screen.contains("lost updates  280,000 (35.9 %)"))
    }

    @Test(
        "after the watched run a full-speed run measures ns per increment, and the prediction shows beside the result")
    func finishShowsPrediction() throws {
        var m = try counterModel()
        for c in "2000000" { _ = update(&m, .key(.character(c))) }
        _ = update(&m, .key(.enter))
        _ = m.labSays(.progress(snapshot([1_000_000, 1_000_000], counter: 1_200_000, finished: true)))
        let next = m.labSays(.finished(report(final: 1_200_000)))
        #expect(
            started(next) == [
                String(
                    describing: CounterConfig(
                        kind: .race, threads: 2, incrementsPerThread: 1_000_000, pin: true, pacing: .fullSpeed))
            ])
        #expect(view(m).text.contains("measuring"))
        _ = m.labSays(.finished(report(final: 1_100_000, seconds: 0.02)))
        #expect(!m.needsTicks)
        let screen = view(m).text
        #expect(screen.contains("Result: counter = 1,200,000 of 2,000,000 expected"))
        #expect(screen.contains("Prediction: you predicted 2,000,000: off by 67 %"))
        #expect(screen.contains("10.00 ns per increment"))
    }

    @Test("l switches race to locked to atomic and runs again; + and - change the threads")
    func switching() throws {
        var m = try counterModel()
        _ = update(&m, .key(.character("s")))
        // Each new setting stops the run and asks again; s skips and runs.
        var effects = update(&m, .key(.character("l")))
        #expect(m.counter?.kind == .locked)
        #expect(stops(effects) == 1 && started(effects).isEmpty)
        effects = update(&m, .key(.character("s")))
        #expect(started(effects) == [String(describing: m.counter!.config(paced: true))])
        _ = update(&m, .key(.character("l")))
        _ = update(&m, .key(.character("s")))
        #expect(m.counter?.kind == .atomic)
        effects = update(&m, .key(.character("+")))
        #expect(m.counter?.threads == 3)
        #expect(view(m).text.contains("3 OS threads"))
        for _ in 0..<5 {
            _ = update(&m, .key(.character("s")))
            _ = update(&m, .key(.character("-")))
        }
        #expect(m.counter?.threads == 1)
    }

    @Test("a lab that cannot start says why")
    func failure() throws {
        var m = try counterModel()
        _ = update(&m, .key(.character("s")))
        _ = m.labSays(.failed("pthread_create failed: EAGAIN (Resource temporarily unavailable)"))
        #expect(view(m).text.contains("could not run: pthread_create failed: EAGAIN"))
        #expect(!m.needsTicks)
    }

    @Test("a lab started from a lesson returns to the same place on q")
    func returnsToLesson() throws {
        var m = model(try fixtureLibrary(), size: Size(width: 80, height: 14), [.key(.enter), .key(.tab)])
        let offset = m.reader?.offset
        #expect(m.reader?.focus == 0)
        _ = update(&m, .key(.enter))
        #expect(m.route == .counter)
        _ = update(&m, .key(.character("s")))
        let effects = update(&m, .key(.character("q")))
        #expect(stops(effects) == 1 && effects.count == 1)
        #expect(m.route == .lesson)
        #expect(m.reader?.offset == offset)
        #expect(view(m).text.contains("Live lab: race"))
    }

    @Test("q on a lab opened from the command line quits")
    func quitsFromCommandLine() throws {
        var m = model(try fixtureLibrary())
        m.stack = []
        _ = m.openLab("atomic")
        #expect(update(&m, .key(.character("q"))) == [.quit])
    }
}
