import CSystem
import Glibc

/// What a producer or consumer child is told on its command line.
public struct IPCChildOptions: Sendable, Equatable {
    public var transport: IPCTransport
    public var items: Int
    public var size: Int
    /// Slots of the shared-memory ring (a power of two).
    public var slots: Int
    public var maxSeconds: Double?

    public init(transport: IPCTransport, items: Int, size: Int, slots: Int, maxSeconds: Double?) {
        self.transport = transport
        self.items = items
        self.size = size
        self.slots = slots
        self.maxSeconds = maxSeconds
    }

    /// The command-line arguments that say all of this to a child.
    var arguments: [String] {
        var out = [
            "--transport", transport.rawValue, "--items", String(items), "--size", String(size), "--slots",
            String(slots),
        ]
        if let maxSeconds { out += ["--seconds", String(maxSeconds)] }
        return out
    }

    var slotStride: Int { (size + 63) / 64 * 64 }
}

/// The two children of the ipc lab, each in its own process: the channel's
/// end is descriptor 3, the progress board descriptor 4.
///
/// Each item starts with its sequence number (8 bytes); the rest is filler.
/// The producer ends with the sentinel (sequence number `UInt64.max`), as
/// the article's producer ends with `None`; the consumer checks that every
/// number is the one after the last.
public enum IPCChild {
    /// The producer. Exit code 0 after the sentinel, 3 when the consumer went
    /// away first, 1 when a system call failed. (With no reader left on a
    /// pipe, `write` raises SIGPIPE, which kills it before any of that.)
    public static func produce(_ options: IPCChildOptions) -> Int32 {
        guard let board = try? SharedMemory.map(descriptor: IPCBoard.boardDescriptor, size: IPCBoard.size) else {
            return 1
        }
        func end(_ phase: IPCSidePhase, errno code: Int32 = 0) -> Int32 {
            board.store(UInt64(code), at: IPCBoard.producerErrno)
            board.store(MonotonicClock.now(), at: IPCBoard.producerEndNanos)
            board.store(phase.rawValue, at: IPCBoard.producerPhase)
            return phase == .finished ? 0 : phase == .failed ? 1 : 3
        }
        var ring: SharedMemory?
        if options.transport == .shm {
            let bytes = IPCBoard.ringBytes(slots: options.slots, stride: options.slotStride)
            do {
                ring = try SharedMemory.map(descriptor: IPCBoard.channelDescriptor, size: bytes)
            } catch {
                return end(.failed, errno: error.code)
            }
        }
        let item = UnsafeMutableRawPointer.allocate(byteCount: options.size, alignment: 64)
        defer { item.deallocate() }
        memset(item, 0xab, options.size)

        board.store(IPCSidePhase.ready.rawValue, at: IPCBoard.producerPhase)
        var waiting = SpinWait(board: board, peer: IPCBoard.consumerPid)
        while board.load(at: IPCBoard.go) == 0
            || board.load(at: IPCBoard.consumerPhase) < IPCSidePhase.ready.rawValue
        {
            if !waiting.pause() { return end(.peerGone) }
        }
        let start = MonotonicClock.now()
        board.store(start, at: IPCBoard.startNanos)
        board.store(IPCSidePhase.running.rawValue, at: IPCBoard.producerPhase)
        let deadline = options.maxSeconds.map { start + UInt64($0 * 1e9) }
        let produced = board.word(IPCBoard.produced)
        let delay = board.word(IPCBoard.delayNanos)

        /// Whether to send the sentinel now: all items sent, or a live run's time is up.
        @inline(__always) func done(_ sent: Int, _ pause: UInt64) -> Bool {
            if sent >= options.items { return true }
            guard let deadline, pause > 0 || sent & 255 == 0 else { return false }
            return MonotonicClock.now() >= deadline
        }

        var sent = 0
        if let ring {
            let head = ring.word(IPCBoard.ringHead)
            let tail = ring.word(IPCBoard.ringTail)
            let slots = ring.base + IPCBoard.ringSlotsOffset
            let mask = UInt64(options.slots - 1)
            let stride = options.slotStride
            var next: UInt64 = 0
            while true {
                let pause = cs_load_relaxed(delay)
                if pause > 0 { MonotonicClock.sleep(nanoseconds: pause) }
                let last = done(sent, pause)
                if next &- cs_load_acquire(tail) > mask {
                    cs_store_relaxed(produced, UInt64(sent))
                    var full = SpinWait(board: board, peer: IPCBoard.consumerPid)
                    while next &- cs_load_acquire(tail) > mask {
                        if !full.pause() { return end(.peerGone) }
                    }
                }
                let slot = slots + Int(next & mask) * stride
                copyItem(to: slot, from: item, count: options.size)
                slot.storeBytes(of: last ? IPCBoard.sentinel : UInt64(sent), as: UInt64.self)
                next += 1
                cs_store_release(head, next)
                if last { break }
                sent += 1
                // On the board every 64th item, every item when slowed, and
                // before each wait (see the consumer).
                if sent & 63 == 0 || pause > 0 { cs_store_relaxed(produced, UInt64(sent)) }
            }
            cs_store_relaxed(produced, UInt64(sent))
        } else {
            let fd = IPCBoard.channelDescriptor
            while true {
                let pause = cs_load_relaxed(delay)
                if pause > 0 { MonotonicClock.sleep(nanoseconds: pause) }
                let last = done(sent, pause)
                item.storeBytes(of: last ? IPCBoard.sentinel : UInt64(sent), as: UInt64.self)
                if let code = writeAll(fd, item, options.size) {
                    let phase: IPCSidePhase =
                        switch code {
                        case EPIPE: .brokenPipe
                        case ECONNRESET: .connectionReset
                        default: .failed
                        }
                    return end(phase, errno: code)
                }
                if last { break }
                sent += 1
                cs_store_relaxed(produced, UInt64(sent))
            }
            close(fd)
        }
        return end(.finished)
    }

    /// The consumer. Exit code 0 after the sentinel, 3 when the stream ended
    /// without one (end-of-file, or a vanished producer on shared memory), 1
    /// when a system call failed.
    public static func consume(_ options: IPCChildOptions) -> Int32 {
        guard let board = try? SharedMemory.map(descriptor: IPCBoard.boardDescriptor, size: IPCBoard.size) else {
            return 1
        }
        var ring: SharedMemory?
        if options.transport == .shm {
            let bytes = IPCBoard.ringBytes(slots: options.slots, stride: options.slotStride)
            ring = try? SharedMemory.map(descriptor: IPCBoard.channelDescriptor, size: bytes)
        }
        let item = UnsafeMutableRawPointer.allocate(byteCount: options.size, alignment: 64)
        defer { item.deallocate() }

        let consumedWord = board.word(IPCBoard.consumed)
        let inOrderWord = board.word(IPCBoard.inOrder)
        var received: UInt64 = 0
        var inOrder: UInt64 = 0
        var outOfOrder: UInt64 = 0
        var expected: UInt64 = 0
        /// Counts go on the board after every item through the kernel (a
        /// system call costs far more), every 64th through the ring, and
        /// whenever the consumer is about to wait or end.
        let publishMask: UInt64 = ring == nil ? 0 : 63
        @inline(__always) func publish() {
            cs_store_relaxed(consumedWord, received)
            cs_store_relaxed(inOrderWord, inOrder)
        }
        func end(_ phase: IPCSidePhase, errno code: Int32 = 0) -> Int32 {
            publish()
            board.store(UInt64(code), at: IPCBoard.consumerErrno)
            board.store(MonotonicClock.now(), at: IPCBoard.consumerEndNanos)
            board.store(phase.rawValue, at: IPCBoard.consumerPhase)
            return phase == .finished ? 0 : phase == .failed ? 1 : 3
        }
        if options.transport == .shm && ring == nil { return end(.failed, errno: errno) }
        /// Counts one item; false for the sentinel.
        @inline(__always) func take(_ sequence: UInt64) -> Bool {
            if sequence == IPCBoard.sentinel { return false }
            if received == 0 { board.store(IPCSidePhase.running.rawValue, at: IPCBoard.consumerPhase) }
            received += 1
            if sequence == expected {
                inOrder += 1
            } else {
                outOfOrder += 1
                board.store(outOfOrder, at: IPCBoard.outOfOrder)
            }
            expected = sequence &+ 1
            if received & publishMask == 0 { publish() }
            return true
        }

        board.store(IPCSidePhase.ready.rawValue, at: IPCBoard.consumerPhase)
        if let ring {
            let head = ring.word(IPCBoard.ringHead)
            let tail = ring.word(IPCBoard.ringTail)
            let slots = ring.base + IPCBoard.ringSlotsOffset
            let mask = UInt64(options.slots - 1)
            let stride = options.slotStride
            var next: UInt64 = 0
            while true {
                if cs_load_acquire(head) == next {
                    publish()
                    var empty = SpinWait(board: board, peer: IPCBoard.producerPid)
                    while cs_load_acquire(head) == next {
                        if !empty.pause() { return end(.peerGone) }
                    }
                }
                copyItem(to: item, from: slots + Int(next & mask) * stride, count: options.size)
                next += 1
                cs_store_release(tail, next)
                if !take(item.load(as: UInt64.self)) { break }
            }
        } else {
            let fd = IPCBoard.channelDescriptor
            while true {
                let got = readFully(fd, item, options.size)
                if got < 0 { return end(.failed, errno: errno) }
                if got < options.size { return end(.endOfFile) }
                if !take(item.load(as: UInt64.self)) { break }
            }
            close(fd)
        }
        return end(.finished)
    }
}

/// Copies one item: word by word when small (what a C struct copy compiles
/// to, no call), with `memcpy` when big.
@inline(__always)
private func copyItem(to destination: UnsafeMutableRawPointer, from source: UnsafeRawPointer, count: Int) {
    if count <= 256 && count & 7 == 0 {
        var offset = 0
        while offset < count {
            destination.storeBytes(
                of: source.load(fromByteOffset: offset, as: UInt64.self), toByteOffset: offset,
                as: UInt64.self)
            offset += 8
        }
    } else {
        memcpy(destination, source, count)
    }
}

/// Writes all `count` bytes (`write(2)` until done, retrying on EINTR);
/// nil, or the errno that stopped it.
@inline(__always)
private func writeAll(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int32? {
    var put = 0
    while put < count {
        let n = write(fd, buffer + put, count - put)
        if n >= 0 {
            put += n
        } else if errno != EINTR {
            return errno
        }
    }
    return nil
}

/// Reads until `count` bytes or end-of-file (`read(2)`, retrying on EINTR):
/// the bytes read, or -1 with errno set.
@inline(__always)
private func readFully(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    var got = 0
    while got < count {
        let n = read(fd, buffer + got, count - got)
        if n > 0 {
            got += n
        } else if n == 0 {
            break
        } else if errno != EINTR {
            return -1
        }
    }
    return got
}

/// How a side of the shared-memory ring waits for the other: spin a
/// thousand rounds, then yield the CPU (as shm.c does), and after 2 ms sleep
/// half a millisecond at a time, so a stopped peer costs little CPU. Shared
/// memory has no end-of-file, so once a second it looks in /proc for the
/// other side, and gives up when it is gone.
struct SpinWait {
    let board: SharedMemory
    /// The board word holding the other side's PID.
    let peer: Int
    private var spins = 0
    private var since: UInt64 = 0
    private var lastCheck: UInt64 = 0
    private var sleeping = false

    static let peerCheckNanos: UInt64 = 1_000_000_000

    init(board: SharedMemory, peer: Int) {
        self.board = board
        self.peer = peer
    }

    /// One round of waiting; false once the other side is gone.
    mutating func pause() -> Bool {
        if sleeping {
            MonotonicClock.sleep(nanoseconds: 500_000)
        } else {
            spins += 1
            if spins <= 1000 {
                cs_cpu_relax()
                return true
            }
            spins = 0
            sched_yield()
        }
        let now = MonotonicClock.now()
        if since == 0 {
            since = now
            lastCheck = now
            return true
        }
        if now - since > 2_000_000 { sleeping = true }
        if now - lastCheck >= Self.peerCheckNanos {
            lastCheck = now
            let pid = pid_t(truncatingIfNeeded: board.load(at: peer))
            if pid > 0 && ProcFiles.hasEnded(pid) { return false }
        }
        return true
    }
}

extension IPCChildOptions {
    /// Reads back what `arguments` wrote; nil when a value is out of range.
    init?(_ arguments: ChildArguments) {
        let transport = arguments.string("--transport").flatMap(IPCTransport.init(rawValue:)) ?? .pipe
        let items = arguments.int("--items", default: 0)
        let size = arguments.int("--size", default: 64)
        let slots = arguments.int("--slots", default: 1024)
        guard IPCConfig.sizeRange.contains(size), slots >= 2, slots & (slots - 1) == 0, items >= 0 else { return nil }
        self.init(
            transport: transport, items: items, size: size, slots: slots, maxSeconds: arguments.double("--seconds"))
    }
}

extension IPCChild {
    /// The producer's role: `ptt __child producer --parent PID --transport … --items … --size … --slots …`.
    public static let producerRole = ChildRole(name: "producer") { arguments in
        IPCChildOptions(arguments).map(produce) ?? 2
    }

    /// The consumer's role, with the same arguments as the producer's.
    public static let consumerRole = ChildRole(name: "consumer") { arguments in
        IPCChildOptions(arguments).map(consume) ?? 2
    }

    /// Both, for the lab's registry entry.
    public static let roles = [producerRole, consumerRole]
}
