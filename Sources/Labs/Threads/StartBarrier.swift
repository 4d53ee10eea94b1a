import Glibc
import Synchronization

/// Holds threads until all of them have arrived, then lets them go at once.
///
/// Waiters spin (with `sched_yield`), they do not sleep: a sleeping barrier
/// wakes threads one by one, and on a small machine the first can finish
/// before the last wakes, which hides the very race a lab wants to show. The
/// last thread to arrive stamps the common start time.
final class StartBarrier: Sendable {
    private let expected: Int
    private let arrived = Atomic<Int>(0)
    /// 0 waiting, 1 open, 2 aborted.
    private let state = Atomic<Int>(0)
    private let openedAt = Atomic<UInt64>(0)

    init(count: Int) {
        expected = count
    }

    /// Waits for every thread; returns the common start time (`MonotonicClock`
    /// nanoseconds), or nil if the barrier was aborted.
    func arriveAndWait() -> UInt64? {
        if arrived.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue == expected {
            openedAt.store(MonotonicClock.now(), ordering: .relaxed)
            _ = state.compareExchange(expected: 0, desired: 1, ordering: .acquiringAndReleasing)
        }
        while true {
            switch state.load(ordering: .acquiring) {
            case 1: return openedAt.load(ordering: .relaxed)
            case 2: return nil
            default: sched_yield()
            }
        }
    }

    /// Releases the waiters without running their work; used when a thread
    /// could not be created. Does nothing once the barrier has opened.
    func abort() {
        _ = state.compareExchange(expected: 0, desired: 2, ordering: .acquiringAndReleasing)
    }

    /// The common start time once the barrier has opened.
    var startTime: UInt64? {
        state.load(ordering: .acquiring) == 1 ? openedAt.load(ordering: .relaxed) : nil
    }
}
