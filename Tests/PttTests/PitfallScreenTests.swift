import Curriculum
import Foundation
import TerminalUI
import Testing

@testable import Labs
@testable import ptt

/// The deadlock and threads-overhead screens driven by messages, without
/// threads: the loop's part (starting the run, sampling it) is replaced by
/// what it would send.
@Suite("Pitfall lab screens")
struct PitfallScreenTests {
    func thread(_ name: String, _ tid: Int32, holds: String, wants: String?, waited: Double) -> DeadlockThread {
        DeadlockThread(
            thread: name, tid: tid, holds: [holds], wants: wants, waitedMs: waited, kernelState: "S",
            waitChannel: "futex_do_wait")
    }

    func stuck(waited: Double) -> DeadlockSnapshot {
        DeadlockSnapshot(
            phase: .deadlocked,
            threads: [
                thread("T1", 5101, holds: "A", wants: "B", waited: waited),
                thread("T2", 5102, holds: "B", wants: "A", waited: waited - 1),
            ], cycle: ["T1", "T2"], elapsedMs: 40 + waited, childPid: 5100)
    }

    func deadlockReport() -> DeadlockReport {
        DeadlockReport(
            deadlocked: true, detectedAfterMs: 12.5, orderedRunCompleted: true,
            cycle: stuck(waited: 300).threads, childPid: 5100, childExit: "killed by SIGKILL (signal 9), no core dump",
            orderedRun: OrderedRun(iterationsPerThread: 100_000, counter: 200_000, expected: 200_000, milliseconds: 20),
            forkWithLock: ForkWithLock(
                childHung: true, timeoutMs: 500, parentPid: 5200, holderTid: 5201, forkerTid: 5200,
                grandchildPid: 5202, grandchildState: "S", grandchildWaitChannel: "futex_do_wait",
                grandchildExit: "killed by SIGKILL (signal 9), no core dump", grandchildReaped: true,
                controlCompleted: true))
    }

    @Test("opening the deadlock lab starts one run; the cycle is drawn with TIDs, state and waits that grow")
    func deadlockCycle() throws {
        var m = model(try fixtureLibrary())
        let effects = m.openLab("deadlock")
        #expect(m.screenName == "lab deadlock")
        #expect(started(effects).count == 1)
        #expect(m.needsTicks)
        _ = m.labSays(.progress(DeadlockSnapshot(phase: .takingLocks, childPid: 5100)))
        _ = m.labSays(.progress(stuck(waited: 1200)))
        let first = view(m).text
        _ = m.labSays(.progress(stuck(waited: 2500)))
        let screen = view(m)
        for text in ["T1 · TID 5101", "T2 · TID 5102", "holds  A", "wants  B", "wants A", "[2 deadlocked]", "PID 5100"]
        {
            #expect(screen.text.contains(text), "no '\(text)':\n\(screen.text)")
        }
        #expect(first.contains("waited 1.20 s") && screen.text.contains("waited 2.50 s"))
        try assertSnapshot(screen, named: "deadlock-cycle-80x24")
    }

    @Test("Space asks the run to go on, once; the finished screen shows the ordered run and the fork pitfall")
    func deadlockProceeds() throws {
        var m = model(try fixtureLibrary())
        _ = m.openLab("deadlock")
        #expect(controlsSent(update(&m, .key(.character(" ")))).isEmpty, "nothing to go on from before the cycle")
        _ = m.labSays(.progress(stuck(waited: 500)))
        #expect(controlsSent(update(&m, .key(.character(" ")))) == ["proceed"])
        #expect(controlsSent(update(&m, .key(.character(" ")))).isEmpty, "asked twice")
        _ = m.labSays(.progress(DeadlockSnapshot(phase: .orderedRun, elapsedMs: 600)))
        _ = m.labSays(.finished(deadlockReport()))
        let screen = view(m)
        for text in ["200,000 of 200,000", "completed", "PID 5202", "hung", "[done]", "exited 0", "waited 0.30 s"] {
            #expect(screen.text.contains(text), "no '\(text)':\n\(screen.text)")
        }
        #expect(m.progress.labs["deadlock"]?.runs == 1)
        try assertSnapshot(screen, named: "deadlock-done-80x24")
    }

    @Test("q leaves the deadlock lab at once and stops its run (the lab kills and reaps the stuck child)")
    func deadlockQuit() throws {
        var m = model(try fixtureLibrary())
        _ = m.openLab("deadlock")
        _ = m.labSays(.progress(stuck(waited: 100)))
        let leaving = update(&m, .key(.character("q")))
        #expect(stops(leaving) == 1)
        #expect(m.route == .home)
    }

    func step(_ n: Int, createdMs: Double) -> ThreadStep {
        ThreadStep(
            threads: n, created: n, error: nil, createNs: Int(createdMs * 1e6), vmSizeBeforeKiB: 10_000,
            vmSizeKiB: 10_000 + n * 8196, rssBeforeKiB: 2_000, rssKiB: 2_000 + n * 8, tasksBefore: 1,
            tasksWhileBlocked: n + 1, tasksAfter: 1, joinNs: 1_000_000)
    }

    func overheadReport() -> ThreadsOverheadReport {
        ThreadsOverheadReport(
            childPid: 6100, stackSizeBytes: 8 << 20, limits: limits(),
            steps: [
                step(10, createdMs: 0.5), step(100, createdMs: 4), step(1000, createdMs: 40),
                step(10_000, createdMs: 400),
            ],
            allThreadsJoined: true, childTasksAtStart: 1, childTasksAtEnd: 1,
            epoll: EpollReport(
                requested: 10_000, connections: 10_000, fdSoftBefore: 1024, fdSoft: 65_536, fdHard: 65_536,
                fdsBefore: 3, setupNs: 50_000_000, exchangeNs: 200_000_000, rssBeforeKiB: 4_000, rssKiB: 4_100,
                vmSizeBeforeKiB: 20_000, vmSizeKiB: 20_100, error: nil))
    }

    func limits() -> ThreadLimits {
        ThreadLimits(
            nprocSoft: 63_000, nprocHard: 63_000, nprocEnforced: true, threadsMax: 126_000, pidMax: 4_194_304,
            cgroupPidsMax: 4_915, cgroupPidsFile: "/sys/fs/cgroup/user.slice/pids.max", maxMapCount: 65_530,
            overcommitMemory: 0, stackLimitBytes: 8 << 20)
    }

    @Test("threads-overhead: the step in progress, then a row per step with units, the epoll row and the limits")
    func overheadRows() throws {
        var m = model(try fixtureLibrary())
        let effects = m.openLab("threads-overhead")
        #expect(m.screenName == "lab threads-overhead")
        #expect(started(effects) == ["max 10000, connections 10000"])
        let live = ThreadsOverheadSnapshot(
            phase: .threads, threadsTarget: 1000, threadsBlocked: 420, tasksInChild: 421, connectionsServed: 0,
            elapsedMs: 300, childPid: 6100)
        _ = m.labSays(.progress(ThreadsOverheadProgress(snapshot: live, limits: limits())))
        let running = view(m).text
        #expect(running.contains("420 blocked") && running.contains("starting…"), "\(running)")
        #expect(running.contains("pids.max 4,915"), "\(running)")
        _ = m.labSays(.finished(overheadReport()))
        let screen = view(m)
        for text in ["10,000", "400.0 ms", "78.2 GiB", "78.1 MiB", "1 → 10,001 → 1 ✓", "10,000 connections", "µs"] {
            #expect(screen.text.contains(text), "no '\(text)':\n\(screen.text)")
        }
        #expect(m.progress.labs["threads-overhead"]?.runs == 1)
        try assertSnapshot(screen, named: "threads-overhead-80x24")
        let leaving = update(&m, .key(.character("q")))
        #expect(stops(leaving) == 0, "a finished run has nothing left to stop")
        #expect(m.route == .home)
    }

    @Test("q during a threads-overhead run stops it")
    func overheadQuit() throws {
        var m = model(try fixtureLibrary())
        _ = m.openLab("threads-overhead")
        let leaving = update(&m, .key(.character("q")))
        #expect(stops(leaving) == 1)
        #expect(m.route == .home)
    }
}
