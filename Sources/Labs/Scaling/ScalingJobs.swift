import Glibc

/// The two jobs the scaling lab splits over workers, the same in a thread
/// and in a child process (and, for the CPU-bound one, in Python:
/// `PythonScaling.script` is this algorithm line for line).
enum ScalingJobs {
    /// Numbers a worker takes at a time: worker i of n takes blocks i, i + n,
    /// i + 2n, … so each gets a fair share of the big, slow numbers.
    static let block = 1024

    /// Counts the primes p with `from <= p < to` among this worker's blocks,
    /// by trial division by odd numbers up to √p. Stops early (returning -1)
    /// when `cancelled` says so, looked at once a block.
    static func countPrimes(from: Int, to: Int, worker: Int, workers: Int, cancelled: () -> Bool = { false }) -> Int {
        var count = 0
        var start = from + worker * block
        while start < to {
            if cancelled() { return -1 }
            let end = min(start + block, to)
            var k = start
            while k < end {
                if isPrime(k) { count += 1 }
                k += 1
            }
            start += workers * block
        }
        return count
    }

    @inline(__always)
    static func isPrime(_ k: Int) -> Bool {
        if k < 2 { return false }
        if k % 2 == 0 { return k == 2 }
        var d = 3
        while d * d <= k {
            if k % d == 0 { return false }
            d += 2
        }
        return true
    }

    /// This worker's share of `waits` blocking waits of `millis` ms each
    /// (waits i, i + n, …): each one sleeps in the kernel
    /// (`clock_nanosleep`), as a read from a slow device or the network
    /// would block. Returns the waits done, or -1 when cancelled.
    static func blockingWaits(waits: Int, millis: Int, worker: Int, workers: Int, cancelled: () -> Bool = { false })
        -> Int
    {
        var done = 0
        var i = worker
        while i < waits {
            if cancelled() { return -1 }
            MonotonicClock.sleep(nanoseconds: UInt64(millis) * 1_000_000)
            done += 1
            i += workers
        }
        return done
    }
}
