import Foundation
import Glibc
import Testing

@testable import Labs

@Suite("Pitfall labs: deadlock, fork with a lock held, threads overhead")
struct PitfallLabTests {
    @Test("two threads taking two locks in opposite order deadlock; one order completes")
    func deadlockDetected() throws {
        let snapshots = Mailbox(DeadlockSnapshot(phase: .starting))
        let report = try DeadlockLab.run(
            executable: pttExecutable, options: .init(observeMs: 100, orderedIterations: 20_000, forkWithLock: false),
            snapshots: snapshots)
        #expect(report.deadlocked)
        #expect(report.cycle.count == 2)
        #expect(Set(report.cycle.map(\.thread)) == ["T1", "T2"])
        // Each holds what the other wants.
        let (t1, t2) = (report.cycle[0], report.cycle[1])
        #expect(t1.wants != nil && t2.holds == [t1.wants!])
        #expect(t2.wants != nil && t1.holds == [t2.wants!])
        #expect(t1.tid != t2.tid && t1.tid > 0 && t2.tid > 0)
        #expect(report.cycle.allSatisfy { $0.waitedMs >= 100 }, "\(report.cycle)")
        // Blocked in the kernel, not spinning.
        #expect(report.cycle.allSatisfy { $0.kernelState == "S" }, "\(report.cycle)")
        #expect(report.detectedAfterMs > 0)
        #expect(report.orderedRunCompleted)
        #expect(report.orderedRun.counter == 40_000)
        #expect(report.childExit.contains("SIGKILL"))
        #expect(isReaped(report.childPid))
        #expect(snapshots.read().phase == .done)
    }

    @Test("cancelling mid-deadlock returns within a second and leaves no child")
    func cancelMidDeadlock() throws {
        let cancel = CancellationFlag()
        let snapshots = Mailbox(DeadlockSnapshot(phase: .starting))
        let job = try BackgroundJob.start(name: "deadlock") {
            try DeadlockLab.run(
                executable: pttExecutable, options: .init(observeMs: 60_000), cancel: cancel, snapshots: snapshots)
        }
        #expect(eventually { snapshots.read().phase == .deadlocked })
        let stuck = snapshots.read().threads.map(\.tid)
        let child = try #require(snapshots.read().childPid)
        let t0 = MonotonicClock.now()
        cancel.cancel()
        let result = job.wait()
        #expect(MonotonicClock.seconds(from: t0, to: MonotonicClock.now()) < 1)
        #expect(throws: DeadlockLabError.cancelled) { try result.get() }
        #expect(stuck.count == 2 && stuck.allSatisfy { isReaped($0) })
        #expect(isReaped(child), "the deadlocked child \(child) is left")
    }

    @Test("a fork while another thread holds a lock: the child hangs and is reaped; without the lock it completes")
    func forkWithLockHangs() throws {
        let report = try ForkLockPitfall.run(
            executable: pttExecutable, timeoutMs: 300, cancel: CancellationFlag()
        ) { _, _ in }
        #expect(report.childHung)
        #expect(report.grandchildState == "S", "\(report)")
        #expect(report.grandchildExit.contains("SIGKILL"))
        #expect(report.grandchildReaped && isReaped(report.grandchildPid) && isReaped(report.parentPid))
        #expect(report.holderTid != report.forkerTid && report.holderTid > 0)
        #expect(report.controlCompleted)
    }

    @Test("cancelling while the forked process hangs ends it too (its death signal follows its parent)")
    func cancelMidFork() throws {
        let cancel = CancellationFlag()
        let snapshots = Mailbox(DeadlockSnapshot(phase: .starting))
        let job = try BackgroundJob.start(name: "deadlock") {
            try DeadlockLab.run(
                executable: pttExecutable,
                options: .init(observeMs: 0, orderedIterations: 1000, forkTimeoutMs: 60_000),
                cancel: cancel, snapshots: snapshots)
        }
        #expect(eventually(within: 10) { snapshots.read().grandchildPid != nil })
        let grandchild = try #require(snapshots.read().grandchildPid)
        #expect(!ProcFiles.hasEnded(grandchild))
        let t0 = MonotonicClock.now()
        cancel.cancel()
        #expect(throws: DeadlockLabError.cancelled) { try job.wait().get() }
        #expect(MonotonicClock.seconds(from: t0, to: MonotonicClock.now()) < 1)
        // Reaped by whoever adopted it; a zombie at worst, never running.
        #expect(eventually(within: 2) { ProcFiles.hasEnded(grandchild) })
    }

    @Test("the wait-for graph finds a cycle only when there is one")
    func waitForGraph() {
        #expect(WaitForGraph(holds: [["A"], ["B"]], wants: ["B", "A"]).cycle() == [0, 1])
        #expect(WaitForGraph(holds: [["A"], ["B"]], wants: ["B", nil]).cycle() == nil)
        #expect(WaitForGraph(holds: [["A"], ["B"], ["C"]], wants: ["B", "C", "A"]).cycle() == [0, 1, 2])
        #expect(WaitForGraph(holds: [["A"], []], wants: [nil, "A"]).cycle() == nil)
    }

    @Test(
        "threads-overhead: every thread blocks, is counted and joined; the task count comes back",
        // TSan starts a thread of its own in the child at its first pthread_create:
        // the child's task count is then one above what the lab made.
        .disabled(if: underThreadSanitizer, "TSan adds a thread of its own to the child's task count"))
    func threadsOverheadJoinsAll() throws {
        let report = try ThreadsOverheadLab.run(executable: pttExecutable, maxThreads: 100, connections: 200)
        #expect(report.steps.map(\.threads) == [10, 100])
        for step in report.steps {
            #expect(step.created == step.threads && step.error == nil)
            #expect(step.tasksWhileBlocked == step.tasksBefore + step.threads)
            #expect(step.allJoined && step.tasksAfter == step.tasksBefore)
            // Stacks are reserved, not resident. (Growth alone can be a little
            // less: glibc reuses the cached stacks of threads joined earlier.)
            #expect(step.vmSizeKiB >= step.threads * report.stackSizeBytes / 1024)
            #expect(step.rssGrowthKiB < step.vmSizeGrowthKiB / 4)
        }
        #expect(report.allThreadsJoined && report.childTasksAtEnd == report.childTasksAtStart)
        #expect(report.stackSizeBytes >= 64 * 1024)
        let epoll = try #require(report.epoll)
        #expect(epoll.connections == 200 && epoll.error == nil && epoll.serverThreads == 1)
        #expect(isReaped(report.childPid))
    }

    @Test(
        "when pthread_create fails, the errno and the count reached are the result, and those made are joined",
        // ASan and TSan reserve terabytes of address space for their shadow
        // memory: under a 512 MiB limit the child cannot start at all.
        .disabled(if: underSanitizer, "an address-space limit leaves a sanitizer no room for its shadow"))
    func threadsOverheadFailure() throws {
        // 512 MiB of address space: room for the runtime and some 8 MiB stacks, not 100.
        let report = try ThreadsOverheadLab.run(
            executable: pttExecutable, maxThreads: 100, connections: 0, addressSpaceLimit: 512 << 20)
        let step = try #require(report.steps.last)
        #expect(step.threads == 100 && step.created < 100 && step.created > 0, "\(step)")
        let error = try #require(step.error)
        #expect(error.hasPrefix("pthread_create failed: EAGAIN") || error.hasPrefix("pthread_create failed: ENOMEM"))
        #expect(step.tasksWhileBlocked == step.tasksBefore + step.created)
        #expect(step.allJoined && report.allThreadsJoined)
        #expect(report.epoll == nil)
    }

    @Test("cancelling threads-overhead mid-run returns within a second and leaves no child")
    func threadsOverheadCancel() throws {
        let cancel = CancellationFlag()
        let snapshots = Mailbox(
            ThreadsOverheadSnapshot(
                phase: .threads, threadsTarget: 0, threadsBlocked: 0, tasksInChild: 0, connectionsServed: 0,
                elapsedMs: 0))
        let job = try BackgroundJob.start(name: "overhead") {
            try ThreadsOverheadLab.run(
                executable: pttExecutable, maxThreads: 10_000, connections: 0, cancel: cancel, snapshots: snapshots)
        }
        #expect(eventually(within: 10) { snapshots.read().tasksInChild > 1 })
        let child = try #require(snapshots.read().childPid)
        let t0 = MonotonicClock.now()
        cancel.cancel()
        #expect(throws: ThreadsOverheadError.cancelled) { try job.wait().get() }
        #expect(MonotonicClock.seconds(from: t0, to: MonotonicClock.now()) < 1)
        #expect(isReaped(child))
    }

    @Test("threads-overhead counts: powers of ten up to --max, and --max itself")
    func counts() {
        #expect(ThreadsOverheadLab.counts(max: 10_000) == [10, 100, 1000, 10_000])
        #expect(ThreadsOverheadLab.counts(max: 50) == [10, 50])
        #expect(ThreadsOverheadLab.counts(max: 5) == [5])
        #expect(ThreadsOverheadLab.counts(max: 0).isEmpty)
    }

    @Test(
        "threads-overhead at full size and a default deadlock run, saved in /tmp (set PTT_MEASURE=1)",
        .enabled(if: ProcessInfo.processInfo.environment["PTT_MEASURE"] == "1"))
    func fullSize() throws {
        let report = try ThreadsOverheadLab.run(executable: pttExecutable)
        let data = try JSONEncoder().encode(report)
        try data.write(to: URL(fileURLWithPath: "/tmp/threads-overhead-report.json"))
        #expect(report.allThreadsJoined)
        let deadlock = try DeadlockLab.run(executable: pttExecutable)
        try JSONEncoder().encode(deadlock).write(to: URL(fileURLWithPath: "/tmp/deadlock-report.json"))
        #expect(deadlock.deadlocked && deadlock.orderedRunCompleted)
    }
}
