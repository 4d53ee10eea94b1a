import Glibc

/// The two sides of switch.c's ping-pong, one byte over two pipes: ping
/// writes into one pipe and blocks reading the other; echo reads the first
/// and writes the byte back on the second. Each round trip is two hand-offs.
enum PingPong {
    static let ball: UInt8 = 0x78

    /// The echo side: until end of file on `readEnd` (ping closed its end),
    /// reads a byte and writes it back. Returns 0 at end of file, 1 when a
    /// call fails.
    static func echo(readEnd: Int32, writeEnd: Int32) -> Int32 {
        var byte: UInt8 = 0
        while true {
            let n = read(readEnd, &byte, 1)
            if n != 1 {
                if n < 0 && errno == EINTR { continue }
                return n == 0 ? 0 : 1
            }
            while write(writeEnd, &byte, 1) != 1 {
                if errno != EINTR { return 1 }
            }
        }
    }

    /// The ping side: `rounds` round trips. With `stamps`, stores
    /// `MonotonicClock.now()` after each one at `stamps[i]` (the caller
    /// stamps the start). Throws when echo is gone (end of file) or a call fails.
    @inline(__always)
    static func ping(
        rounds: Int, writeEnd: Int32, readEnd: Int32, stamps: UnsafeMutablePointer<UInt64>? = nil
    ) throws(SystemCallError) {
        var byte = ball
        for i in 0..<rounds {
            while write(writeEnd, &byte, 1) != 1 {
                if errno != EINTR { throw SystemCallError("write (ping)", code: errno) }
            }
            while true {
                let n = read(readEnd, &byte, 1)
                if n == 1 { break }
                if n == 0 { throw SystemCallError("read (ping: the echo side ended)", code: EPIPE) }
                if errno != EINTR { throw SystemCallError("read (ping)", code: errno) }
            }
            if let stamps { stamps[i] = MonotonicClock.now() }
        }
    }

    /// What is not a switch: `rounds` times a one-byte write and read on a
    /// pipe the calling thread owns (no one waits, no one wakes). Returns
    /// nanoseconds in all.
    static func syscallPairs(rounds: Int, pipe fds: [Int32]) throws(SystemCallError) -> UInt64 {
        var byte = ball
        let start = MonotonicClock.now()
        for _ in 0..<rounds {
            guard write(fds[1], &byte, 1) == 1 else { throw SystemCallError("write", code: errno) }
            guard read(fds[0], &byte, 1) == 1 else { throw SystemCallError("read", code: errno) }
        }
        return MonotonicClock.now() - start
    }
}
