/// One step: `threads` blocked threads started, measured, joined.
public struct ThreadStep: Codable, Sendable, Equatable {
    public var threads: Int
    /// How many `pthread_create` made before it failed (== `threads` when none failed).
    public var created: Int
    /// `pthread_create failed: EAGAIN (…)`, or nil.
    public var error: String?
    public var createMs: Double
    public var microsPerThread: Double
    public var vmSizeBeforeKiB: Int
    public var vmSizeKiB: Int
    public var vmSizeGrowthKiB: Int
    public var rssBeforeKiB: Int
    public var rssKiB: Int
    public var rssGrowthKiB: Int
    /// Growth divided by the threads created: reserved vs resident, per thread.
    public var virtualPerThreadKiB: Double
    public var residentPerThreadKiB: Double
    /// The child's task count (/proc/self/task) before, while the threads block, after the joins.
    public var tasksBefore: Int
    public var tasksWhileBlocked: Int
    public var tasksAfter: Int
    public var joinMs: Double
    /// Every thread was joined: the task count came back to `tasksBefore`.
    public var allJoined: Bool

    init(
        threads: Int, created: Int, error: String?, createNs: Int, vmSizeBeforeKiB: Int, vmSizeKiB: Int,
        rssBeforeKiB: Int, rssKiB: Int, tasksBefore: Int, tasksWhileBlocked: Int, tasksAfter: Int, joinNs: Int
    ) {
        self.threads = threads
        self.created = created
        self.error = error
        createMs = Double(createNs) / 1e6
        microsPerThread = created > 0 ? Double(createNs) / 1e3 / Double(created) : 0
        self.vmSizeBeforeKiB = vmSizeBeforeKiB
        self.vmSizeKiB = vmSizeKiB
        vmSizeGrowthKiB = vmSizeKiB - vmSizeBeforeKiB
        self.rssBeforeKiB = rssBeforeKiB
        self.rssKiB = rssKiB
        rssGrowthKiB = rssKiB - rssBeforeKiB
        virtualPerThreadKiB = created > 0 ? Double(vmSizeGrowthKiB) / Double(created) : 0
        residentPerThreadKiB = created > 0 ? Double(rssGrowthKiB) / Double(created) : 0
        self.tasksBefore = tasksBefore
        self.tasksWhileBlocked = tasksWhileBlocked
        self.tasksAfter = tasksAfter
        joinMs = Double(joinNs) / 1e6
        allJoined = tasksAfter == tasksBefore
    }
}

/// The connections part: socketpairs served by one epoll thread.
public struct EpollReport: Codable, Sendable, Equatable {
    public var requested: Int
    public var connections: Int
    /// Why `connections` < `requested`, or nil.
    public var limitedBy: String?
    public var fdSoftBefore: Int
    public var fdSoft: Int
    public var fdHard: Int
    public var serverThreads = 1
    /// Creating the socketpairs and registering them with epoll.
    public var setupMs: Double
    /// Every request written, served by the one thread, every reply read.
    public var exchangeMs: Double
    public var microsPerConnection: Double
    public var rssBeforeKiB: Int
    public var rssKiB: Int
    public var rssGrowthKiB: Int
    public var vmSizeGrowthKiB: Int
    public var error: String?

    init(
        requested: Int, connections: Int, fdSoftBefore: Int, fdSoft: Int, fdHard: Int, fdsBefore: Int, setupNs: Int,
        exchangeNs: Int, rssBeforeKiB: Int, rssKiB: Int, vmSizeBeforeKiB: Int, vmSizeKiB: Int, error: String?
    ) {
        self.requested = requested
        self.connections = connections
        limitedBy =
            connections < requested
            ? "RLIMIT_NOFILE: \(fdSoft) descriptors (hard limit \(fdHard)), \(fdsBefore) already open, 2 per connection"
            : nil
        self.fdSoftBefore = fdSoftBefore
        self.fdSoft = fdSoft
        self.fdHard = fdHard
        setupMs = Double(setupNs) / 1e6
        exchangeMs = Double(exchangeNs) / 1e6
        microsPerConnection = connections > 0 ? Double(exchangeNs) / 1e3 / Double(connections) : 0
        self.rssBeforeKiB = rssBeforeKiB
        self.rssKiB = rssKiB
        rssGrowthKiB = rssKiB - rssBeforeKiB
        vmSizeGrowthKiB = vmSizeKiB - vmSizeBeforeKiB
        self.error = error
    }
}

/// The threads-overhead report (keys documented on `ThreadsOverheadLab`).
public struct ThreadsOverheadReport: Codable, Sendable, Equatable {
    public var lab = "threads-overhead"
    public var childPid: Int32
    public var stackSizeBytes: Int
    public var limits: ThreadLimits
    public var steps: [ThreadStep]
    public var allThreadsJoined: Bool
    /// The child's threads as ptt counted them in /proc/PID/task after the last
    /// join, and as the child counted them before the first step.
    public var childTasksAtStart: Int
    public var childTasksAtEnd: Int
    public var epoll: EpollReport?
}

/// What the lab is doing now, for a live screen.
public struct ThreadsOverheadSnapshot: Codable, Sendable, Equatable {
    public enum Phase: String, Codable, Sendable { case threads, connections, done }
    public var phase: Phase
    /// The current step's thread count, and how many of them block already.
    public var threadsTarget: Int
    public var threadsBlocked: Int
    /// Threads in the child now, from /proc/PID/task.
    public var tasksInChild: Int
    public var connectionsServed: Int
    public var elapsedMs: Double
    /// The sacrificial child, while it runs.
    public var childPid: Int32?

    public init(
        phase: Phase, threadsTarget: Int, threadsBlocked: Int, tasksInChild: Int, connectionsServed: Int,
        elapsedMs: Double, childPid: Int32? = nil
    ) {
        self.childPid = childPid
        self.phase = phase
        self.threadsTarget = threadsTarget
        self.threadsBlocked = threadsBlocked
        self.tasksInChild = tasksInChild
        self.connectionsServed = connectionsServed
        self.elapsedMs = elapsedMs
    }
}

/// What a live screen hears while the threads-overhead lab runs: the lab's
/// snapshot, the limits as this machine sets them (read once, on the run's
/// thread), and the connections asked for.
public struct ThreadsOverheadProgress: Codable, Sendable, Equatable {
    public var snapshot: ThreadsOverheadSnapshot
    public var limits: ThreadLimits
    /// The socketpair connections the epoll part serves (0: skipped).
    public var connections: Int

    public init(snapshot: ThreadsOverheadSnapshot, limits: ThreadLimits, connections: Int = 0) {
        self.snapshot = snapshot
        self.limits = limits
        self.connections = connections
    }
}
