import Glibc

/// The "too many threads" pitfall, measured. A sacrificial child starts 10,
/// 100, 1,000, 10,000 threads (up to `maxThreads`) that each block in
/// `read(2)`, with the default stack (8 MiB reserved, almost none of it
/// touched), and reports creation time, virtual size against resident
/// memory, and the error if `pthread_create` fails; then it wakes and joins
/// them all. Beside it, `connections` socketpair "connections" are served by
/// one thread with epoll.
///
/// ```swift
/// let report = try ThreadsOverheadLab.run(maxThreads: 100, connections: 100)
/// report.steps.last?.vmSizeGrowthKiB   // ≈ 100 × 8 MiB
/// report.steps.last?.rssGrowthKiB      // a few MiB
/// report.allThreadsJoined               // true
/// ```
///
/// Report keys (`--json`):
/// - `lab`: "threads-overhead"; `childPid`; `stackSizeBytes`: the default
///   thread stack (from RLIMIT_STACK); `limits{nprocSoft, nprocHard,
///   nprocEnforced, threadsMax, pidMax, cgroupPidsMax, cgroupPidsFile,
///   maxMapCount, overcommitMemory, stackLimitBytes}` (nil: unlimited or unset).
/// - `steps[{threads, created, error, createMs, microsPerThread,
///   vmSizeBeforeKiB, vmSizeKiB, vmSizeGrowthKiB, rssBeforeKiB, rssKiB,
///   rssGrowthKiB, virtualPerThreadKiB, residentPerThreadKiB, tasksBefore,
///   tasksWhileBlocked, tasksAfter, joinMs, allJoined}]`: `error` is
///   `pthread_create failed: EAGAIN (…)` when creation stopped at `created`.
/// - `allThreadsJoined`: every step's task count came back, and ptt itself
///   counted the child's /proc/PID/task back at its starting number.
/// - `epoll{requested, connections, limitedBy, fdSoftBefore, fdSoft, fdHard,
///   serverThreads, setupMs, exchangeMs, microsPerConnection, rssBeforeKiB,
///   rssKiB, rssGrowthKiB, vmSizeGrowthKiB, error}`: `limitedBy` says why
///   `connections` < `requested` (the descriptor limit). Socket buffers are
///   kernel memory, which VmRSS does not count.
public enum ThreadsOverheadLab {
    /// 10, 100, 1,000, 10,000, …: the counts at or below `max`, and `max` itself.
    public static func counts(max: Int) -> [Int] {
        guard max >= 1 else { return [] }
        var counts = [10, 100, 1000, 10_000].filter { $0 <= max }
        if counts.last != max { counts.append(max) }
        return counts
    }

    /// Runs the child and collects its board. `snapshots` gets its progress
    /// about every 20 ms. `addressSpaceLimit` (bytes, RLIMIT_AS in the child
    /// only) makes thread creation fail on purpose, to show what that looks
    /// like. Throws `SystemCallError` when the child cannot start,
    /// `ThreadsOverheadError` when it fails or on cancellation (the child is
    /// killed and reaped either way).
    public static func run(
        executable: ChildExecutable = .current, maxThreads: Int = 10_000, connections: Int = 10_000,
        addressSpaceLimit: Int? = nil, cancel: CancellationFlag = CancellationFlag(),
        snapshots: Mailbox<ThreadsOverheadSnapshot>? = nil
    ) throws -> ThreadsOverheadReport {
        typealias B = ThreadsOverheadBoard
        let steps = counts(max: min(maxThreads, 100_000))
        guard !steps.isEmpty else { throw ThreadsOverheadError.badOption("--max must be at least 1") }
        let board = try SharedMemory.create(name: "ptt-threads-board", size: B.size)
        let child = try ChildProcess.spawn(
            executable, role: ThreadsOverheadChild.role,
            arguments: [
                "--counts", steps.map(String.init).joined(separator: ","), "--connections", String(connections),
            ] + (addressSpaceLimit.map { ["--address-space", String($0)] } ?? []),
            descriptors: [board.descriptor])
        defer { child.kill() }
        board.closeDescriptor()
        let start = MonotonicClock.now()
        while board.load(at: B.phase) != 3 {
            if cancel.isCancelled { throw ThreadsOverheadError.cancelled }
            if let status = child.poll() { throw ThreadsOverheadError.childEnded(status.description) }
            let phase = board.load(at: B.phase)
            let step = Int(board.load(at: B.step))
            snapshots?.post(
                ThreadsOverheadSnapshot(
                    phase: phase <= 1 ? .threads : .connections,
                    threadsTarget: phase <= 1 && step < steps.count ? steps[step] : 0,
                    threadsBlocked: phase <= 1 ? Int(board.load(at: B.started)) : 0,
                    tasksInChild: ProcessStatus.entries("/proc/\(child.pid)/task"),
                    connectionsServed: Int(board.load(at: B.served)),
                    elapsedMs: Double(MonotonicClock.now() - start) / 1e6, childPid: child.pid))
            MonotonicClock.sleep(nanoseconds: 20_000_000)
        }
        let baseline = Int(board.load(at: B.baselineTasks))
        let tasksSeenByPtt = ProcFiles.threads(of: child.pid).count
        board.store(1, at: B.quit)
        let exit = child.wait()
        guard exit.exitCode == 0 else { throw ThreadsOverheadError.childEnded(exit.description) }

        let measured = steps.indices.map { step(board, B.step($0)) }
        let report = ThreadsOverheadReport(
            childPid: child.pid, stackSizeBytes: Int(board.load(at: B.stackSize)),
            limits: ThreadLimits.current(), steps: measured,
            allThreadsJoined: measured.allSatisfy(\.allJoined) && tasksSeenByPtt == baseline,
            childTasksAtStart: baseline, childTasksAtEnd: tasksSeenByPtt,
            epoll: connections > 0 ? epoll(board) : nil)
        snapshots?.post(
            ThreadsOverheadSnapshot(
                phase: .done, threadsTarget: 0, threadsBlocked: 0, tasksInChild: 0,
                connectionsServed: report.epoll?.connections ?? 0,
                elapsedMs: Double(MonotonicClock.now() - start) / 1e6))
        return report
    }

    static func step(_ board: SharedMemory, _ base: Int) -> ThreadStep {
        typealias B = ThreadsOverheadBoard
        func word(_ i: Int) -> Int { Int(board.load(at: base + i)) }
        let error = word(B.error)
        return ThreadStep(
            threads: word(B.requested), created: word(B.created),
            error: error == 0 ? nil : SystemCallError("pthread_create", code: Int32(error)).description,
            createNs: word(B.createNs), vmSizeBeforeKiB: word(B.vmSizeBefore), vmSizeKiB: word(B.vmSize),
            rssBeforeKiB: word(B.rssBefore), rssKiB: word(B.rss), tasksBefore: word(B.tasksBefore),
            tasksWhileBlocked: word(B.tasksWhileBlocked), tasksAfter: word(B.tasksAfter), joinNs: word(B.joinNs))
    }

    static func epoll(_ board: SharedMemory) -> EpollReport {
        typealias B = ThreadsOverheadBoard
        func word(_ i: Int) -> Int { Int(board.load(at: B.epoll + i)) }
        let failed = word(B.epollFailedCall)
        let error =
            failed == 0
            ? nil
            : SystemCallError(B.failedCalls[min(failed - 1, B.failedCalls.count - 1)], code: Int32(word(B.epollError)))
                .description
        return EpollReport(
            requested: word(B.connectionsRequested), connections: word(B.connections),
            fdSoftBefore: word(B.fdSoftBefore), fdSoft: word(B.fdSoft), fdHard: word(B.fdHard),
            fdsBefore: word(B.fdsBefore), setupNs: word(B.setupNs), exchangeNs: word(B.exchangeNs),
            rssBeforeKiB: word(B.epollRssBefore), rssKiB: word(B.epollRss), vmSizeBeforeKiB: word(B.epollVmBefore),
            vmSizeKiB: word(B.epollVm), error: error)
    }
}

/// A threads-overhead child that failed, or a cancelled run.
public enum ThreadsOverheadError: Error, Equatable, Sendable, CustomStringConvertible {
    case cancelled
    case childEnded(String)
    case badOption(String)

    public var description: String {
        switch self {
        case .cancelled: "cancelled"
        case .childEnded(let how): "the threads-overhead child \(how)"
        case .badOption(let text): text
        }
    }
}
