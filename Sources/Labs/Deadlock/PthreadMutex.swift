import Glibc

/// A plain `pthread_mutex_t` (default type: no owner check, no deadlock
/// detection), at a fixed address, so it can be handed to C and copied by
/// `fork` exactly as a C program's would be. Swift's `Mutex` would do for
/// the ordered run, but the lessons are about what pthread mutexes do.
final class PthreadMutex: @unchecked Sendable {
    // @unchecked: the storage is only touched through pthread_mutex_* calls.
    let raw: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        raw = .allocate(capacity: 1)
        raw.initialize(to: pthread_mutex_t())
        pthread_mutex_init(raw, nil)
    }

    /// Wraps `pthread_mutex_lock(3)`: blocks (in a futex wait) until the lock is free.
    func lock() { pthread_mutex_lock(raw) }

    func unlock() { pthread_mutex_unlock(raw) }

    deinit {
        pthread_mutex_destroy(raw)
        raw.deallocate()
    }
}
