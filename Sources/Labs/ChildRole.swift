import CSystem
import Glibc

/// What a lab child started as `ptt __child ROLE …` does.
public enum ChildRole: String, CaseIterable, Codable, Sendable {
    /// The ipc lab's two sides.
    case producer, consumer
    /// The crash lab: a process that goes on, one that segfaults, and one
    /// with several threads of which one segfaults.
    case sibling, segv, threads

    /// First thing a child does: asks the kernel for SIGKILL when its parent
    /// dies (`prctl(PR_SET_PDEATHSIG)`), then checks that the parent is still
    /// `parent`. If ptt died before the request, the child was already handed
    /// to another process and would never get the signal: false then, and
    /// the child must exit.
    public static func adoptParentDeathSignal(parent: pid_t) -> Bool {
        cs_set_parent_death_signal(SIGKILL) == 0 && getppid() == parent
    }

    /// Names the process `ptt-ROLE` (its main thread's name, which `ps -o comm`
    /// and `top` show; otherwise it would be `exe`, after /proc/self/exe).
    public func nameProcess() {
        _ = "ptt-\(rawValue)".withCString { cs_set_thread_name($0) }
    }

    /// Runs the role and returns the child's exit code.
    public func run(_ options: IPCChildOptions, threads: Int) -> Int32 {
        switch self {
        case .producer: IPCChild.produce(options)
        case .consumer: IPCChild.consume(options)
        case .sibling: CrashChild.sibling()
        case .segv: CrashChild.segfault()
        case .threads: CrashChild.threads(count: threads)
        }
    }
}

/// A lab that runs to its end on a thread of its own, so the screen stays
/// live meanwhile; the loop polls `result` while it draws.
///
/// ```swift
/// let job = try BackgroundJob.start(name: "crash") { try CrashLab.run() }
/// if let result = job.result { … }   // nil while it runs; never blocks
/// ```
///
/// Dropping the job waits for the body to end.
public final class BackgroundJob<Value: Sendable>: Sendable {
    private let box: Mailbox<Result<Value, any Error>?>
    private let thread: OSThreadGroup

    private init(thread: OSThreadGroup, box: Mailbox<Result<Value, any Error>?>) {
        self.thread = thread
        self.box = box
    }

    public static func start(name: String, _ body: @escaping @Sendable () throws -> Value) throws -> BackgroundJob {
        let box = Mailbox<Result<Value, any Error>?>(nil)
        let thread = try OSThreadGroup.start(count: 1, name: name) { _ in
            blockAllSignalsOnThisThread()
            box.post(Result { try body() })
        }
        return BackgroundJob(thread: thread, box: box)
    }

    /// The outcome once the body has ended, or nil while it runs.
    public var result: Result<Value, any Error>? { box.read() }

    /// Waits for the body to end.
    public func wait() -> Result<Value, any Error> {
        thread.join()
        while true {
            if let result = box.read() { return result }
            MonotonicClock.sleep(nanoseconds: 1_000_000)
        }
    }

    deinit { thread.join() }
}
