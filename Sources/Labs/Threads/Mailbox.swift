import Synchronization

/// A lock-protected slot holding the latest value a lab published: the lab's
/// threads `post`, the screen `read`s whenever it draws. Older values are
/// overwritten, never queued, so a slow reader only ever sees the newest one.
///
/// ```swift
/// let box = Mailbox<Int>(0)
/// box.post(42)        // from a worker thread
/// let latest = box.read()   // from the main thread: 42
/// ```
public final class Mailbox<Value: Sendable>: Sendable {
    private let slot: Mutex<Value>

    public init(_ initial: Value) {
        slot = Mutex(initial)
    }

    /// Replaces the value.
    public func post(_ value: Value) {
        slot.withLock { $0 = value }
    }

    /// The latest value.
    public func read() -> Value {
        slot.withLock { $0 }
    }

    /// Changes the value in place, under the lock, and returns what `body` returns.
    public func update<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        slot.withLock { body(&$0) }
    }
}
