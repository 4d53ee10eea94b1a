import Curriculum
import TerminalUI
import Testing

@testable import Labs
@testable import ptt

/// Presenter figures that follow the lab's part on screen: the deadlock's
/// cycle, then its one-lock-order run and fork pitfall; the counter against
/// its expected total, and the time per increment once measured.
@Suite("Presenter figures follow the lab")
struct PresenterPhaseTests {
    func thread(_ name: String, _ tid: Int32, holds: String, wants: String?, waited: Double) -> DeadlockThread {
        DeadlockThread(
            thread: name, tid: tid, holds: [holds], wants: wants, waitedMs: waited, kernelState: "S",
            waitChannel: "futex_do_wait")
    }

    func pair(waited: Double) -> [DeadlockThread] {
        [
            thread("T1", 5101, holds: "A", wants: "B", waited: waited),
            thread("T2", 5102, holds: "B", wants: "A", waited: waited),
        ]
    }

    func report(detectedAfterMs: Double, counter: Int = 200_000, hung: Bool = true) -> DeadlockReport {
        DeadlockReport(
            deadlocked: true, detectedAfterMs: detectedAfterMs, orderedRunCompleted: counter == 200_000,
            cycle: pair(waited: 300), childPid: 5100, childExit: "killed by SIGKILL (signal 9), no core dump",
            orderedRun: OrderedRun(
                iterationsPerThread: 100_000, counter: counter, expected: 200_000, milliseconds: 20),
            forkWithLock: ForkWithLock(
                childHung: hung, timeoutMs: 500, parentPid: 5200, holderTid: 5201, forkerTid: 5200,
                grandchildPid: 5202, grandchildState: "S", grandchildWaitChannel: "futex_do_wait",
                grandchildExit: "killed by SIGKILL (signal 9), no core dump", grandchildReaped: true,
                controlCompleted: true))
    }

    /// The screen's words in one line, so a sentence wrapped over rows reads whole.
    func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    func figures(_ m: AppModel) -> [PresenterFigure] { m.screen(DeadlockScreen.self)?.presenterFigures(m) ?? [] }
    func labels(_ m: AppModel) -> String { figures(m).map(\.label).joined(separator: "\n") }

    @Test("deadlock: after Space the figures leave the stuck threads for the ordered run, the fork, the report")
    func deadlockFiguresFollowThePhase() throws {
        var m = model(try fixtureLibrary())
        _ = m.openLab("deadlock")
        _ = m.labSays(
            .progress(
                DeadlockSnapshot(
                    phase: .deadlocked, threads: pair(waited: 1500), cycle: ["T1", "T2"], elapsedMs: 1600,
                    childPid: 5100)))
        #expect(labels(m).contains("T1 (TID 5101) holds A, waits for B"))
        #expect(labels(m).contains("T2 (TID 5102) holds B, waits for A"))
        #expect(figures(m).contains { $0.value == "1.50" && $0.unit == "s" && $0.role == .bad })

        _ = update(&m, .key(.character(" ")))
        _ = m.labSays(.progress(DeadlockSnapshot(phase: .orderedRun, elapsedMs: 1700)))
        #expect(!labels(m).contains("TID 5101"), "the stuck threads are gone: \(labels(m))")
        #expect(labels(m).contains("one lock order") && labels(m).contains("PID 5100 killed"))

        _ = m.labSays(
            .progress(
                DeadlockSnapshot(phase: .forkWithLock, elapsedMs: 1800, grandchildPid: 5202, grandchildWaitedMs: 250))
        )
        #expect(figures(m).count == 1)
        #expect(figures(m).first?.label.contains("child PID 5202") == true)
        #expect(figures(m).first?.value == "250.0" && figures(m).first?.unit == "ms")

        _ = m.labSays(.finished(report(detectedAfterMs: 61.1)))
        let done = figures(m)
        #expect(!labels(m).contains("TID 5101"))
        #expect(done[0].value == "200,000" && done[0].unit.contains("of 200,000 expected, completed"))
        #expect(done[0].role == .ok)
        #expect(done[1].label.contains("PID 5202 hung") && done[1].value == "500" && done[1].role == .bad)
        #expect(done.contains { $0.label.hasPrefix("cycle found") && $0.value == "61.1" })
        #expect(m.screen(DeadlockScreen.self)?.presenterTitle(m).contains("done") == true)
    }

    @Test("deadlock: an incomplete ordered run and a child that did not hang are not shown as success or a hang")
    func deadlockReportOutcomes() throws {
        var m = model(try fixtureLibrary())
        _ = m.openLab("deadlock")
        _ = m.labSays(.finished(report(detectedAfterMs: 20, counter: 199_000, hung: false)))
        let done = figures(m)
        #expect(done[0].unit.contains("incomplete") && done[0].role == .bad)
        #expect(done[1].label.contains("did not hang") && !done[1].label.contains("hung"))
    }

    @Test("deadlock: one detection time, the one the lab stamped as it found the cycle, not a later snapshot's")
    func oneDetectionTime() throws {
        var m = model(try fixtureLibrary(), size: Size(width: 120, height: 40))
        _ = m.openLab("deadlock")
        _ = m.labSays(
            .progress(
                DeadlockSnapshot(phase: .takingLocks, threads: pair(waited: 0.2), elapsedMs: 61.1, childPid: 5100))
        )
        _ = m.labSays(
            .progress(
                DeadlockSnapshot(
                    phase: .deadlocked, threads: pair(waited: 10), cycle: ["T1", "T2"], elapsedMs: 71.6,
                    childPid: 5100)))
        let live = words(view(m).text)
        #expect(live.contains("61.1 ms") && !live.contains("71.6"), "\(live)")
        #expect(
            live.contains("after the lab started (timed from just before the child's spawn)"), "what it is timed from")
        m.presenting = true
        #expect(figures(m).contains { $0.label.hasPrefix("cycle found") && $0.value == "61.1" })
        m.presenting = false
        _ = m.labSays(.finished(report(detectedAfterMs: 61.2)))
        let done = words(view(m).text)
        #expect(done.contains("61.2 ms") && !done.contains("61.1") && !done.contains("71.6"), "\(done)")
    }

    @Test("deadlock: a snapshot of threads not yet in a cycle sets no detection time")
    func noCycleNoTime() throws {
        var m = model(try fixtureLibrary(), size: Size(width: 120, height: 40))
        _ = m.openLab("deadlock")
        let half = [
            thread("T1", 5101, holds: "A", wants: "B", waited: 0.1),
            thread("T2", 5102, holds: "B", wants: nil, waited: 0),
        ]
        _ = m.labSays(.progress(DeadlockSnapshot(phase: .takingLocks, threads: half, elapsedMs: 30, childPid: 5100)))
        _ = m.labSays(
            .progress(
                DeadlockSnapshot(
                    phase: .deadlocked, threads: pair(waited: 10), cycle: ["T1", "T2"], elapsedMs: 45,
                    childPid: 5100)))
        #expect(m.screen(DeadlockScreen.self)?.lab.detectedAfterMs == nil)
        #expect(!view(m).text.contains("30.0 ms") && !view(m).text.contains("45.0 ms"))
    }

    func finishedCounter(_ kind: String, size: Size, lost: Int = 0, ns: Double) throws -> AppModel {
        var m = model(try fixtureLibrary(), size: size)
        _ = m.openLab(kind)
        _ = update(&m, .key(.character("s")))
        let report = CounterReport(
            lab: CounterKind(rawValue: kind)!, threads: 2, incrementsPerThread: 1_000_000, expected: 2_000_000,
            final: 2_000_000 - lost, lost: lost, seconds: 1, nsPerIncrement: ns, cpus: 2, pinned: true,
            cancelled: false, pacedSeconds: nil)
        _ = m.labSays(.finished(report))  // the watched run
        _ = m.labSays(.finished(report))  // the full-speed run
        m.presenting = true
        return m
    }

    @Test("locked, finished, at 80×24: the counter with its expected total and the time per increment both show")
    func lockedAt80x24() throws {
        let m = try finishedCounter("locked", size: Size(width: 80, height: 24), ns: 37.25)
        let canvas = view(m)
        #expect(canvas.text.contains("of 2,000,000 expected"))
        #expect(PresenterTests().showsBig("2,000,000", canvas) && PresenterTests().showsBig("37.25", canvas))
        #expect(canvas.text.contains("time per increment"))
    }

    @Test("race, finished, at 80×24: counter with its expected total, then lost updates; at 200×60 also ns")
    func raceFinished() throws {
        let small = view(try finishedCounter("race", size: Size(width: 80, height: 24), lost: 812_345, ns: 4.5))
        #expect(small.text.contains("of 2,000,000 expected") && small.text.contains("lost updates"))
        #expect(PresenterTests().showsBig("1,187,655", small) && PresenterTests().showsBig("812,345", small))
        let large = view(try finishedCounter("race", size: Size(width: 200, height: 60), lost: 812_345, ns: 4.5))
        #expect(PresenterTests().showsBig("4.50", large, scale: 2) && large.text.contains("OS threads"))
    }
}
