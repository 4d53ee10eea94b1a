import Glibc

/// Time from `CLOCK_MONOTONIC`, in nanoseconds: it never jumps when the wall
/// clock is set, so differences between two readings are durations.
///
/// Named `MonotonicClock`, not `Clock`, so that it does not shadow the
/// standard library's `Clock` protocol in files that import Labs.
///
/// ```swift
/// let t0 = MonotonicClock.now()
/// work()
/// let seconds = MonotonicClock.seconds(from: t0, to: MonotonicClock.now())
/// ```
public enum MonotonicClock {
    /// Nanoseconds since an unspecified fixed point (wraps `clock_gettime(CLOCK_MONOTONIC)`).
    @inline(__always)
    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// The seconds between two readings of `now()`; 0 when `end` precedes `start`.
    public static func seconds(from start: UInt64, to end: UInt64) -> Double {
        end > start ? Double(end - start) / 1e9 : 0
    }

    /// Sleeps until `deadline`, a value of `now()`; returns at once if it has passed.
    /// Wraps `clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, …)` and retries on `EINTR`.
    public static func sleep(until deadline: UInt64) {
        var time = timespec(
            tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &time, nil) == EINTR {}
    }

    /// Sleeps for `nanoseconds`.
    public static func sleep(nanoseconds: UInt64) {
        sleep(until: now() &+ nanoseconds)
    }
}
