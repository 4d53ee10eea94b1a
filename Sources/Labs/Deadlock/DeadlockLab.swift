import Glibc
import Synchronization

/// The deadlock lab. Two real threads take locks A and B in opposite order
/// and hang, in a sacrificial child process (so ptt can quit at once: it kills
/// and reaps the child). ptt reads what each thread holds and wants from the
/// child's shared-memory board, builds the wait-for graph and finds the
/// cycle. Then the same work with one global lock order completes, here in
/// ptt. Last, the fork pitfall: a thread holds a lock while another forks,
/// and the forked process hangs on its copy of the lock.
///
/// ```swift
/// let snapshots = Mailbox(DeadlockSnapshot(phase: .starting))
/// let report = try DeadlockLab.run(snapshots: snapshots)
/// report.deadlocked                   // true
/// report.cycle.map(\.tid)             // the two stuck threads
/// report.forkWithLock?.childHung      // true
/// ```
///
/// Cancelling (`cancel.cancel()`) makes `run` kill and reap its children and
/// throw `DeadlockLabError.cancelled` within a few milliseconds.
public enum DeadlockLab {
    public struct Options: Sendable, Equatable {
        /// How long to watch the threads wait once the cycle is found, so the
        /// report's `waitedMs` says something (a live screen watches longer).
        public var observeMs: Int
        /// Lock-protected increments per thread in the ordered run.
        public var orderedIterations: Int
        /// Whether to run the fork pitfall, and how long its grandchild may try for the lock.
        public var forkWithLock: Bool
        public var forkTimeoutMs: Int

        public init(
            observeMs: Int = 300, orderedIterations: Int = 100_000, forkWithLock: Bool = true, forkTimeoutMs: Int = 500
        ) {
            self.observeMs = observeMs
            self.orderedIterations = orderedIterations
            self.forkWithLock = forkWithLock
            self.forkTimeoutMs = forkTimeoutMs
        }
    }

    /// Runs the three parts; posts to `snapshots` about every 10 ms. Once the
    /// cycle is found it watches for `observeMs`, or until `proceed` is raised
    /// (a live screen: observe with a long time, raise on a key). Throws
    /// `SystemCallError` when a child cannot start, `DeadlockLabError` when
    /// one misbehaves or on cancellation.
    public static func run(
        executable: ChildExecutable = .current, options: Options = Options(),
        cancel: CancellationFlag = CancellationFlag(), proceed: CancellationFlag? = nil,
        snapshots: Mailbox<DeadlockSnapshot>? = nil
    ) throws -> DeadlockReport {
        let start = MonotonicClock.now()
        func elapsed() -> Double { Double(MonotonicClock.now() &- start) / 1e6 }
        func cancelled() throws(DeadlockLabError) {
            if cancel.isCancelled {
                snapshots?.post(DeadlockSnapshot(phase: .cancelled, elapsedMs: elapsed()))
                throw .cancelled
            }
        }

        // 1. Opposite order, in a child.
        snapshots?.post(DeadlockSnapshot(phase: .starting))
        let board = try SharedMemory.create(name: "ptt-deadlock-board", size: DeadlockBoard.size)
        let child = try ChildProcess.spawn(
            executable, role: DeadlockChild.pairRole, arguments: [], descriptors: [board.descriptor])
        defer { child.kill() }
        board.closeDescriptor()
        var cycle: [Int]?
        var threads: [DeadlockThread] = []
        let deadline = MonotonicClock.now() + 10_000_000_000
        while cycle == nil {
            try cancelled()
            if let status = child.poll() { throw DeadlockLabError.childEnded(status.description) }
            if MonotonicClock.now() > deadline { throw DeadlockLabError.noDeadlock }
            threads = readThreads(board, pid: child.pid)
            cycle = graph(threads).cycle()
            snapshots?.post(
                DeadlockSnapshot(phase: .takingLocks, threads: threads, elapsedMs: elapsed(), childPid: child.pid))
            if cycle == nil { MonotonicClock.sleep(nanoseconds: 1_000_000) }
        }
        let detectedAfterMs = elapsed()
        let names = cycle!.map { threads[$0].thread }
        let watchUntil = MonotonicClock.now() &+ UInt64(max(0, min(options.observeMs, 86_400_000))) * 1_000_000
        repeat {
            try cancelled()
            MonotonicClock.sleep(nanoseconds: 10_000_000)
            threads = readThreads(board, pid: child.pid)
            snapshots?.post(
                DeadlockSnapshot(
                    phase: .deadlocked, threads: threads, cycle: names, elapsedMs: elapsed(), childPid: child.pid))
        } while MonotonicClock.now() < watchUntil && proceed?.isCancelled != true
        let childExit = child.kill().description

        // 2. One global order, here.
        try cancelled()
        snapshots?.post(DeadlockSnapshot(phase: .orderedRun, elapsedMs: elapsed()))
        let ordered = try orderedRun(iterations: options.orderedIterations, cancel: cancel)
        try cancelled()

        // 3. The fork pitfall.
        var fork: ForkWithLock?
        if options.forkWithLock {
            fork = try ForkLockPitfall.run(
                executable: executable, timeoutMs: options.forkTimeoutMs, cancel: cancel
            ) { pid, waited in
                snapshots?.post(
                    DeadlockSnapshot(
                        phase: .forkWithLock, elapsedMs: elapsed(), grandchildPid: pid, grandchildWaitedMs: waited))
            }
        }
        snapshots?.post(DeadlockSnapshot(phase: .done, threads: threads, cycle: names, elapsedMs: elapsed()))
        return DeadlockReport(
            deadlocked: true, detectedAfterMs: detectedAfterMs,
            orderedRunCompleted: ordered.counter == ordered.expected,
            cycle: cycle!.map { threads[$0] }, childPid: child.pid, childExit: childExit,
            orderedRun: ordered, forkWithLock: fork)
    }

    /// The two threads as the board shows them, with their kernel state
    /// (`/proc/TID/stat` works for any thread ID, not only a process's).
    static func readThreads(_ board: SharedMemory, pid: pid_t) -> [DeadlockThread] {
        let now = MonotonicClock.now()
        return (0..<2).map { t in
            let base = DeadlockBoard.thread(t)
            let tid = pid_t(truncatingIfNeeded: board.load(at: base + DeadlockBoard.tid))
            let wants = DeadlockBoard.lockName(board.load(at: base + DeadlockBoard.wants))
            let since = board.load(at: base + DeadlockBoard.waitingSince)
            return DeadlockThread(
                thread: "T\(t + 1)", tid: tid,
                holds: DeadlockBoard.lockName(board.load(at: base + DeadlockBoard.holds)).map { [$0] } ?? [],
                wants: wants,
                waitedMs: wants != nil && since > 0 && now > since ? Double(now - since) / 1e6 : 0,
                kernelState: tid > 0 ? ProcFiles.state(of: tid) : nil,
                waitChannel: tid > 0 ? ProcFiles.waitChannel(of: tid) : nil)
        }
    }

    static func graph(_ threads: [DeadlockThread]) -> WaitForGraph {
        WaitForGraph(holds: threads.map(\.holds), wants: threads.map(\.wants))
    }

    /// Two threads, each `iterations` times: lock A, lock B, count, unlock B, unlock A.
    static func orderedRun(iterations: Int, cancel: CancellationFlag) throws(SystemCallError) -> OrderedRun {
        let a = PthreadMutex()
        let b = PthreadMutex()
        let counter = Counter()
        let t0 = MonotonicClock.now()
        let group = try OSThreadGroup.start(count: 2, name: "ordered") { _ in
            for i in 0..<iterations {
                if i % 4096 == 0 && cancel.isCancelled { return }
                a.lock()
                b.lock()
                counter.value += 1
                b.unlock()
                a.unlock()
            }
        }
        group.join()
        return OrderedRun(
            iterationsPerThread: iterations, counter: counter.value, expected: 2 * iterations,
            milliseconds: Double(MonotonicClock.now() - t0) / 1e6)
    }

    /// A plain integer the ordered run guards with its own pthread mutexes.
    private final class Counter: @unchecked Sendable {
        // @unchecked: only touched while holding both locks.
        var value = 0
    }
}

/// A deadlock-lab child that misbehaved, or a cancelled run.
public enum DeadlockLabError: Error, Equatable, Sendable, CustomStringConvertible {
    case cancelled
    case childEnded(String)
    case noDeadlock
    case notReady(String)

    public var description: String {
        switch self {
        case .cancelled: "cancelled"
        case .childEnded(let how): "the deadlock child \(how) before it deadlocked"
        case .noDeadlock: "no wait-for cycle appeared on the child's board in 10 s"
        case .notReady(let what): what
        }
    }
}
