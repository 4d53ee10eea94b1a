/// One thread on the deadlock cycle: what it holds, what it wants, how long
/// it has waited.
public struct DeadlockThread: Codable, Sendable, Equatable {
    /// "T1", "T2".
    public var thread: String
    /// Its kernel thread ID (in the sacrificial child).
    public var tid: Int32
    public var holds: [String]
    /// The lock it waits for, or nil when it waits for none.
    public var wants: String?
    /// How long it has waited for `wants`, in milliseconds (0 when not waiting).
    public var waitedMs: Double
    /// Its state in `/proc/PID/task/TID/stat` (`S`: asleep, here in a futex wait).
    public var kernelState: String?
    /// The kernel function it sleeps in (`/proc/…/wchan`), when the kernel says.
    public var waitChannel: String?

    public init(
        thread: String, tid: Int32, holds: [String], wants: String?, waitedMs: Double,
        kernelState: String? = nil, waitChannel: String? = nil
    ) {
        self.thread = thread
        self.tid = tid
        self.holds = holds
        self.wants = wants
        self.waitedMs = waitedMs
        self.kernelState = kernelState
        self.waitChannel = waitChannel
    }
}

/// The same two threads taking A then B, both in that one order.
public struct OrderedRun: Codable, Sendable, Equatable {
    public var iterationsPerThread: Int
    /// What the two threads counted under both locks; `expected` when complete.
    public var counter: Int
    public var expected: Int
    public var milliseconds: Double
}

/// The fork pitfall: a thread holds a lock while another thread forks.
public struct ForkWithLock: Codable, Sendable, Equatable {
    /// The grandchild had not got the lock when the timeout ran out, and was still alive.
    public var childHung: Bool
    public var timeoutMs: Int
    /// The sacrificial child that forked, and the thread in it that held the lock.
    public var parentPid: Int32
    public var holderTid: Int32
    public var forkerTid: Int32
    /// The forked process, stuck in `pthread_mutex_lock`.
    public var grandchildPid: Int32
    /// Its state and wait channel while stuck (`S`, a futex wait).
    public var grandchildState: String?
    public var grandchildWaitChannel: String?
    /// How it ended ("killed by SIGKILL …"), and that its PID is gone.
    public var grandchildExit: String
    public var grandchildReaped: Bool
    /// The control: the same fork with nobody holding the lock; the
    /// grandchild took it and exited 0.
    public var controlCompleted: Bool
}

/// The deadlock lab's report: keys `lab, deadlocked, detectedAfterMs,
/// orderedRunCompleted` (DESIGN.md), then `cycle[{thread, tid, holds,
/// wants, waitedMs, kernelState, waitChannel}]`, `childPid`,
/// `orderedRun{iterationsPerThread, counter, expected, milliseconds}`, and
/// `forkWithLock{childHung, timeoutMs, grandchildPid, …}` (nil when skipped).
public struct DeadlockReport: Codable, Sendable, Equatable {
    public var lab = "deadlock"
    /// A wait-for cycle was found between the two threads.
    public var deadlocked: Bool
    /// From starting the child to seeing the cycle on its board.
    public var detectedAfterMs: Double
    public var orderedRunCompleted: Bool
    public var cycle: [DeadlockThread]
    /// The sacrificial process the stuck threads lived in (killed and reaped).
    public var childPid: Int32
    public var childExit: String
    public var orderedRun: OrderedRun
    public var forkWithLock: ForkWithLock?
}

/// What the lab is doing now, for a live screen (through a `Mailbox`).
public struct DeadlockSnapshot: Codable, Sendable, Equatable {
    public enum Phase: String, Codable, Sendable {
        case starting, takingLocks, deadlocked, orderedRun, forkWithLock, done, cancelled
    }

    public var phase: Phase
    /// The two threads as the child's board shows them now.
    public var threads: [DeadlockThread]
    /// The cycle's thread names ("T1", "T2") once detected.
    public var cycle: [String]
    /// Since the lab started.
    public var elapsedMs: Double
    /// Fork pitfall: the grandchild's PID once forked, and how long it has waited for the lock.
    public var grandchildPid: Int32?
    public var grandchildWaitedMs: Double?
    /// The sacrificial process the two threads run in, while it runs.
    public var childPid: Int32?

    public init(
        phase: Phase, threads: [DeadlockThread] = [], cycle: [String] = [], elapsedMs: Double = 0,
        grandchildPid: Int32? = nil, grandchildWaitedMs: Double? = nil, childPid: Int32? = nil
    ) {
        self.childPid = childPid
        self.phase = phase
        self.threads = threads
        self.cycle = cycle
        self.elapsedMs = elapsedMs
        self.grandchildPid = grandchildPid
        self.grandchildWaitedMs = grandchildWaitedMs
    }
}
