import CSystem
import Glibc

/// The threads-overhead lab's child: it starts the threads and opens the
/// connections in a process of its own, so ptt's descriptor limit, memory and
/// task list stay as they were, and the counts measured are this part's alone.
public enum ThreadsOverheadChild {
    /// `threads-overhead --counts 10,100,… --connections N [--address-space BYTES]`.
    public static let role = ChildRole(name: "threads-overhead") { arguments in
        let counts = (arguments.string("--counts") ?? "10").split(separator: ",").compactMap { Int($0) }
        let connections = arguments.int("--connections", default: 0)
        guard !counts.isEmpty, counts.count <= ThreadsOverheadBoard.maxSteps, counts.allSatisfy({ $0 >= 1 }),
            (0...100_000).contains(connections)
        else { return 2 }
        if let bytes = arguments.string("--address-space").flatMap({ UInt($0) }) {
            // Makes stack mappings fail on purpose: the lab's failure path, for real.
            var limit = rlimit(rlim_cur: bytes, rlim_max: bytes)
            guard setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0 else { return 1 }
        }
        return run(counts: counts, connections: connections)
    }

    public static let roles = [role]

    static func run(counts: [Int], connections: Int) -> Int32 {
        guard
            let board = try? SharedMemory.map(
                descriptor: ThreadsOverheadBoard.descriptor, size: ThreadsOverheadBoard.size)
        else { return 1 }
        typealias B = ThreadsOverheadBoard
        board.store(UInt64(cs_default_thread_stack_size()), at: B.stackSize)
        board.store(UInt64(counts.count), at: B.stepCount)
        board.store(UInt64(ProcessStatus.tasks), at: B.baselineTasks)
        board.store(1, at: B.phase)
        for (s, count) in counts.enumerated() {
            if board.load(at: B.quit) != 0 { return 0 }
            board.store(UInt64(s), at: B.step)
            blockedThreads(count, board: board, base: B.step(s))
        }
        board.store(2, at: B.phase)
        if connections > 0 { EpollConnections.run(connections, board: board) }
        board.store(3, at: B.phase)
        while board.load(at: B.quit) == 0 { MonotonicClock.sleep(nanoseconds: 2_000_000) }
        return 0
    }

    /// Starts `count` threads with the default attributes (so the default
    /// stack), each blocking in `read(2)` on one pipe; measures; then closes
    /// the pipe's write end, which wakes every reader with end of file, and
    /// joins them all.
    static func blockedThreads(_ count: Int, board: SharedMemory, base: Int) {
        typealias B = ThreadsOverheadBoard
        board.store(UInt64(count), at: base + B.requested)
        board.store(0, at: B.started)
        board.store(UInt64(ProcessStatus.tasks), at: base + B.tasksBefore)
        let before = ProcessStatus.memory()
        board.store(UInt64(before.vmSizeKiB), at: base + B.vmSizeBefore)
        board.store(UInt64(before.vmRSSKiB), at: base + B.rssBefore)
        var fds: [Int32] = [-1, -1]
        guard cs_pipe_cloexec(&fds) == 0 else {
            board.store(UInt64(errno), at: base + B.error)
            return
        }
        // What each thread needs: the pipe's read end and the counter to bump.
        let context = UnsafeMutablePointer<Int>.allocate(capacity: 2)
        context[0] = Int(fds[0])
        context[1] = Int(bitPattern: board.word(B.started))
        defer { context.deallocate() }
        var threads: [pthread_t] = []
        threads.reserveCapacity(count)
        let t0 = MonotonicClock.now()
        for _ in 0..<count {
            var thread = pthread_t()
            let rc = pthread_create(
                &thread, nil,
                { raw in
                    let context = raw!.assumingMemoryBound(to: Int.self)
                    let started = UnsafeMutablePointer<UInt64>(bitPattern: context[1])!
                    cs_fetch_add(started, 1)
                    var byte: UInt8 = 0
                    while read(Int32(context[0]), &byte, 1) < 0 && errno == EINTR {}
                    return nil
                }, context)
            if rc != 0 {
                board.store(UInt64(rc), at: base + B.error)
                break
            }
            threads.append(thread)
        }
        while board.load(at: B.started) < UInt64(threads.count) { MonotonicClock.sleep(nanoseconds: 100_000) }
        board.store(MonotonicClock.now() - t0, at: base + B.createNs)
        board.store(UInt64(threads.count), at: base + B.created)
        // Blocked in read now (or about to be): a thread that has bumped the
        // counter touches no more of its stack.
        MonotonicClock.sleep(nanoseconds: 20_000_000)
        let during = ProcessStatus.memory()
        board.store(UInt64(during.vmSizeKiB), at: base + B.vmSize)
        board.store(UInt64(during.vmRSSKiB), at: base + B.rss)
        board.store(UInt64(ProcessStatus.tasks), at: base + B.tasksWhileBlocked)
        let t1 = MonotonicClock.now()
        close(fds[1])
        for thread in threads { pthread_join(thread, nil) }
        board.store(MonotonicClock.now() - t1, at: base + B.joinNs)
        close(fds[0])
        board.store(UInt64(ProcessStatus.tasks), at: base + B.tasksAfter)
    }
}
