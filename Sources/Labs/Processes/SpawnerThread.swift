import CSystem
import Glibc
import Synchronization

/// The one thread that starts every child process; it lives as long as ptt.
///
/// Children ask the kernel for `SIGKILL` when their parent dies
/// (`PR_SET_PDEATHSIG`), and the kernel sends it when the *thread* that
/// created the child exits, not the process: a child started from a lab's
/// worker thread would be killed the moment that thread ended. So every
/// `posix_spawn` and `fork` of the labs runs here, one at a time.
///
/// ```swift
/// let pid = SpawnerThread.shared.perform { fork_something() }
/// ```
///
/// The thread blocks every signal, so SIGINT or SIGTERM sent to ptt reach
/// the main thread, which is waiting for them.
final class SpawnerThread: Sendable {
    static let shared = SpawnerThread()

    private final class Job: Sendable {
        let body: @Sendable () -> Void
        let done = Semaphore()
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// The queue of jobs and the thread's wake-up call, shared with the thread.
    private final class Queue: Sendable {
        let jobs = Mutex<[Job]>([])
        let wake = Semaphore()

        func serve() -> Never {
            blockAllSignalsOnThisThread()
            _ = "ptt-spawner".withCString { cs_set_thread_name($0) }
            while true {
                wake.wait()
                guard let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
                job.body()
                job.done.signal()
            }
        }
    }

    private let queue = Queue()
    /// False when the thread could not be created: jobs then run on the caller.
    private let running: Bool

    private init() {
        running = Self.startThread(queue)
    }

    /// Runs `body` on the spawner thread and returns its result.
    func perform<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        guard running else { return body() }
        let result = Mailbox<T?>(nil)
        let job = Job { result.post(body()) }
        queue.jobs.withLock { $0.append(job) }
        queue.wake.signal()
        job.done.wait()
        return result.read()!
    }

    /// Starts the detached thread; false if `pthread_create` failed.
    private static func startThread(_ queue: Queue) -> Bool {
        let raw = Unmanaged.passRetained(queue).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(
            &thread, nil,
            { raw in
                Unmanaged<Queue>.fromOpaque(raw!).takeRetainedValue().serve()
            }, raw)
        guard rc == 0 else {
            Unmanaged<Queue>.fromOpaque(raw).release()
            return false
        }
        pthread_detach(thread)
        return true
    }
}

/// Blocks every signal on the calling thread, so that signals sent to ptt
/// are taken by a thread that waits for them (the main thread's input loop).
func blockAllSignalsOnThisThread() {
    var all = sigset_t()
    sigfillset(&all)
    pthread_sigmask(SIG_BLOCK, &all, nil)
}

/// A counting semaphore (`sem_t`): `wait` sleeps until a `signal`.
final class Semaphore: @unchecked Sendable {
    // @unchecked: sem_t is made to be shared between threads.
    private let semaphore: UnsafeMutablePointer<sem_t>

    init(value: UInt32 = 0) {
        semaphore = .allocate(capacity: 1)
        sem_init(semaphore, 0, value)
    }

    func signal() { sem_post(semaphore) }

    /// Waits for a `signal`, retrying when a signal handler interrupts it.
    func wait() {
        while sem_wait(semaphore) != 0 && errno == EINTR {}
    }

    deinit {
        sem_destroy(semaphore)
        semaphore.deallocate()
    }
}
