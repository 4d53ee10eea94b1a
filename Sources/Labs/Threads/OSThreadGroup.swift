import CSystem
import Glibc
import Synchronization

/// N real OS threads (pthreads) that start their work together behind a
/// barrier, optionally pinned one per allowed CPU, and are joined as a group.
///
/// Pinning puts worker `i` on the `i % cpus`-th CPU this process may use
/// (`sched_setaffinity` via `cs_pin_to_cpu`): unpinned, Linux often runs two
/// short cache-hot threads back to back on one core and they never overlap.
///
/// ```swift
/// let group = try OSThreadGroup.start(count: 2, pin: true, name: "race") { worker in
///     // worker.index, worker.startTime (common), worker.cpu
/// }
/// group.join()
/// print(group.pinned)   // true when every thread sat on its own CPU
/// ```
///
/// Dropping a group without `join()` detaches its threads; they still run to
/// the end of their body, so stop them first (see `CancellationFlag`).
public final class OSThreadGroup: Sendable {
    /// What a worker knows when its body starts.
    public struct Worker: Sendable {
        /// 0..<count.
        public let index: Int
        public let count: Int
        /// When the barrier opened (`MonotonicClock` nanoseconds), the same for every worker.
        public let startTime: UInt64
        /// The CPU this thread is pinned to, or nil when unpinned.
        public let cpu: Int?
    }

    public let count: Int
    /// Whether pinning was asked for.
    public let pinRequested: Bool
    /// The CPU planned for each worker when pinning (empty otherwise).
    public let plannedCPUs: [Int]

    private let threads: Mutex<[pthread_t]>
    private let barrier: StartBarrier
    private let pinnedCount = Atomic<Int>(0)
    /// Each worker's kernel thread id (0 until it has started).
    private let tidList: Mutex<[Int]>

    private init(count: Int, pin: Bool, cpus: [Int], barrier: StartBarrier) {
        self.count = count
        pinRequested = pin
        plannedCPUs = cpus
        self.barrier = barrier
        threads = Mutex([])
        tidList = Mutex(Array(repeating: 0, count: count))
    }

    /// Each worker's thread id as the kernel knows it (`gettid(2)`, the
    /// entries of `/proc/PID/task`), by worker index; 0 for a worker not
    /// started yet.
    public var tids: [Int] { tidList.withLock { $0 } }

    /// Starts `count` threads running `body`, each after all have started
    /// (and, with `pin`, pinned themselves). Returns at once; the threads run on.
    ///
    /// Throws `pthread_create failed: EAGAIN (…)` and the like; the threads
    /// already created are released without running `body`, and joined.
    public static func start(
        count: Int, pin: Bool = false, name: String = "ptt-worker",
        body: @escaping @Sendable (Worker) -> Void
    ) throws(SystemCallError) -> OSThreadGroup {
        precondition(count >= 1, "a thread group needs at least one thread")
        let allowed = pin ? allowedCPUs() : []
        let cpus = allowed.isEmpty ? [] : (0..<count).map { allowed[$0 % allowed.count] }
        let group = OSThreadGroup(count: count, pin: pin, cpus: cpus, barrier: StartBarrier(count: count))
        for index in 0..<count {
            let cpu = cpus.isEmpty ? nil : cpus[index]
            let threadName = "\(name)-\(index)"
            do {
                try group.spawn {
                    group.run(index: index, cpu: cpu, name: threadName, body: body)
                }
            } catch {
                group.barrier.abort()
                group.join()
                throw error
            }
        }
        return group
    }

    private func run(index: Int, cpu: Int?, name: String, body: (Worker) -> Void) {
        _ = cs_set_thread_name(String(name.utf8.prefix(15))!)
        let tid = Int(cs_gettid())
        tidList.withLock { $0[index] = tid }
        var pinnedTo: Int?
        if let cpu, cs_pin_to_cpu(Int32(cpu)) == 0 {
            pinnedTo = cpu
            pinnedCount.wrappingAdd(1, ordering: .relaxed)
        }
        guard let start = barrier.arriveAndWait() else { return }
        body(Worker(index: index, count: count, startTime: start, cpu: pinnedTo))
    }

    private final class Entry {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Wraps `pthread_create(3)` with the default attributes (joinable, 8 MiB stack).
    private func spawn(_ body: @escaping () -> Void) throws(SystemCallError) {
        let context = Unmanaged.passRetained(Entry(body)).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(
            &thread, nil,
            { raw in
                Unmanaged<Entry>.fromOpaque(raw!).takeRetainedValue().body()
                return nil
            }, context)
        guard rc == 0 else {
            Unmanaged<Entry>.fromOpaque(context).release()
            throw SystemCallError("pthread_create", code: rc)
        }
        threads.withLock { $0.append(thread) }
    }

    /// Waits for every thread to end (`pthread_join`). Safe to call more than
    /// once and from any thread but the group's own.
    public func join() {
        let pending = threads.withLock { list in
            defer { list.removeAll() }
            return list
        }
        for thread in pending { pthread_join(thread, nil) }
    }

    /// True when pinning was asked for and every thread pinned itself to its
    /// CPU. Final once the threads have started (`startTime != nil`).
    public var pinned: Bool {
        pinRequested && !plannedCPUs.isEmpty && pinnedCount.load(ordering: .relaxed) == count
    }

    /// When the barrier opened, or nil while threads are still starting.
    public var startTime: UInt64? { barrier.startTime }

    deinit {
        for thread in threads.withLock({ $0 }) { pthread_detach(thread) }
    }

    /// How many CPUs this process may run on (`sched_getaffinity`).
    public static var allowedCPUCount: Int { Int(cs_allowed_cpu_count()) }

    /// The CPUs this process may run on, in order.
    public static func allowedCPUs() -> [Int] {
        var cpus: [Int] = []
        while true {
            let cpu = cs_allowed_cpu_at(Int32(cpus.count))
            if cpu < 0 { return cpus }
            cpus.append(Int(cpu))
        }
    }
}
