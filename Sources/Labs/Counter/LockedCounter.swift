import Glibc

/// A plain `Int` behind a `pthread_mutex_t` (default type), the `locked` lab's
/// counter: the same lock counter.c uses, so the two measure the same thing.
///
/// Not `Synchronization.Mutex`: on Linux that is a priority-inheritance futex
/// which hands the lock to a sleeping waiter on every unlock. With more
/// threads than CPUs that becomes a convoy of context switches: measured here
/// at 64 threads on 2 CPUs, 25 µs per increment against 39 ns for
/// pthread_mutex (and about the same as pthread_mutex at 1 to 8 threads).
final class LockedCounter: @unchecked Sendable {
    // @unchecked: `value` is only touched with `mutex` held.
    private struct Storage {
        var mutex = pthread_mutex_t()
        var value = 0
    }

    private let storage: UnsafeMutablePointer<Storage>
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let value: UnsafeMutablePointer<Int>

    init() {
        storage = .allocate(capacity: 1)
        storage.initialize(to: Storage())
        mutex = storage.pointer(to: \.mutex)!
        value = storage.pointer(to: \.value)!
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// lock; value += 1; unlock — `n` times.
    @inline(__always)
    func increment(times n: Int) {
        for _ in 0..<n {
            pthread_mutex_lock(mutex)
            value.pointee &+= 1
            pthread_mutex_unlock(mutex)
        }
    }

    /// The value, read under the lock.
    func read() -> Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return value.pointee
    }
}
