import Glibc

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
