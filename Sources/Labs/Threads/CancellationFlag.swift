import Synchronization

/// A flag any thread may raise and a lab's threads check between chunks of
/// work (not on every iteration, which would slow the loop it measures).
///
/// ```swift
/// let flag = CancellationFlag()
/// // worker: while !flag.isCancelled { doChunk() }
/// flag.cancel()   // from the screen: the worker stops after its current chunk
/// ```
public final class CancellationFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    public init() {}

    /// Raises the flag; raising it again does nothing.
    public func cancel() {
        raised.store(true, ordering: .releasing)
    }

    /// Whether `cancel()` has been called.
    @inline(__always)
    public var isCancelled: Bool {
        raised.load(ordering: .acquiring)
    }
}
