import Glibc

/// How the producer's items reach the consumer.
public enum IPCTransport: String, CaseIterable, Codable, Sendable {
    /// `pipe(2)`: a one-way byte stream through a 64 KiB kernel buffer; one
    /// `write` and one `read` system call per item.
    case pipe
    /// `socketpair(AF_UNIX, SOCK_STREAM)`: the same, through socket buffers.
    case socket
    /// A ring of slots in memory both processes map (`memfd` + `mmap`
    /// `MAP_SHARED`), with acquire/release atomics: no system call per item.
    case shm

    /// What the screen calls it.
    public var title: String {
        switch self {
        case .pipe: "pipe"
        case .socket: "UNIX socket pair"
        case .shm: "shared-memory ring"
        }
    }

    /// The next one, for switching on screen.
    public var next: IPCTransport {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// One run of the ipc lab: how many items of what size over which transport.
///
/// ```swift
/// let config = IPCConfig(transport: .shm, items: 200_000, itemSize: 64)
/// let report = try IPCRun.run(config)   // report.lost == 0
/// ```
public struct IPCConfig: Codable, Sendable, Equatable {
    public static let itemRange = 1...1_000_000_000
    /// At least the 8-byte sequence number; at most 1 MiB.
    public static let sizeRange = 8...1_048_576
    public static let secondsRange = 0.1...3600.0

    public var transport: IPCTransport
    /// Items to send before the sentinel.
    public var items: Int
    /// Bytes per item, the sequence number included.
    public var itemSize: Int
    /// A live run stops early after this many seconds (the producer then
    /// sends the sentinel); nil: only after `items`.
    public var maxSeconds: Double?

    public init(transport: IPCTransport = .pipe, items: Int = 1_000_000, itemSize: Int = 64, maxSeconds: Double? = nil)
    {
        self.transport = transport
        self.items = items
        self.itemSize = itemSize
        self.maxSeconds = maxSeconds
    }

    /// Throws a `LabConfigError` naming the first field out of range.
    public func validate() throws(LabConfigError) {
        try LabConfigError.require("items", items, in: Self.itemRange)
        try LabConfigError.require("itemSize", itemSize, in: Self.sizeRange)
        if let maxSeconds, !Self.secondsRange.contains(maxSeconds) {
            throw LabConfigError(
                field: "maxSeconds", allowed: "between 0.1 and 3600", value: String(maxSeconds))
        }
    }

    /// Bytes between two slots of the shared-memory ring: the item size
    /// rounded up to a cache line, so two slots never share one.
    public var slotStride: Int { (itemSize + 63) / 64 * 64 }

    /// Slots in the shared-memory ring: a power of two, 1024 for 64-byte
    /// items as in shm.c, fewer for big items (the ring stays within 4 MiB).
    public var ringSlots: Int {
        var slots = 1024
        while slots > 2 && slots * slotStride > 4 << 20 { slots /= 2 }
        return slots
    }
}

/// Where one side of the channel is, as it writes it to the shared board.
public enum IPCSidePhase: UInt64, Codable, Sendable, Equatable {
    /// Started, not yet at its loop.
    case starting = 0
    /// Consumer: waiting for the first item. Producer: waiting for the go.
    case ready
    case running
    /// Sent (producer) or received (consumer) the sentinel: a clean end.
    case finished
    /// Consumer: `read` returned 0 before the sentinel: every writer is gone.
    case endOfFile
    /// Producer: `write` failed with EPIPE: no reader is left.
    case brokenPipe
    /// Producer: `write` on a socket failed with ECONNRESET: the consumer
    /// closed its end with items still unread.
    case connectionReset
    /// Shared memory has no end-of-file: waited in vain, then found the other side gone.
    case peerGone
    /// A system call failed; its errno is on the board.
    case failed

    public var name: String {
        switch self {
        case .starting: "starting"
        case .ready: "ready"
        case .running: "running"
        case .finished: "finished"
        case .endOfFile: "end of file"
        case .brokenPipe: "broken pipe"
        case .connectionReset: "connection reset"
        case .peerGone: "peer gone"
        case .failed: "failed"
        }
    }
}

/// One side of the channel at one moment.
public struct IPCSideSnapshot: Codable, Sendable, Equatable {
    public var pid: pid_t
    public var phase: IPCSidePhase
    /// Items sent (producer) or received (consumer) so far.
    public var count: Int
    /// The state letter `ps` shows (`/proc/PID/stat`): R, S, T, Z; nil once reaped.
    public var processState: String?
    /// The kernel function it sleeps in (`/proc/PID/wchan`), e.g. `pipe_read`.
    public var waitChannel: String?
    /// How it ended, once reaped.
    public var exit: WaitStatus?

    public init(
        pid: pid_t, phase: IPCSidePhase, count: Int, processState: String? = nil, waitChannel: String? = nil,
        exit: WaitStatus? = nil
    ) {
        self.pid = pid
        self.phase = phase
        self.count = count
        self.processState = processState
        self.waitChannel = waitChannel
        self.exit = exit
    }
}

/// What a running ipc lab looks like at one moment; the screen samples it.
public struct IPCSnapshot: Codable, Sendable, Equatable {
    public var config: IPCConfig
    public var parentPid: pid_t
    public var producer: IPCSideSnapshot
    public var consumer: IPCSideSnapshot
    /// Items the consumer received out of sequence so far.
    public var outOfOrder: Int
    /// How many items the channel holds when full: the pipe's buffer over the
    /// item size, or the ring's slots; nil for a socket (its buffers are
    /// counted in bytes with overhead, not in items).
    public var capacity: Int?
    /// Seconds since the producer started (0 before).
    public var elapsed: Double
    /// When this was taken (`MonotonicClock` nanoseconds), for rates.
    public var time: UInt64
    /// Whether the producer is stopped with SIGSTOP.
    public var paused: Bool
    /// The producer's pause between items, in nanoseconds (0: full speed).
    public var delayNanos: UInt64
    /// True once both children are reaped; the report is then available.
    public var finished: Bool

    /// Sent but not yet received: what the channel holds now. Each side
    /// stores its count just after its write or read, so the counts can say
    /// one more than the channel holds (an item the consumer has read but not
    /// counted yet, while the producer refilled its slot): never more than
    /// `capacity`.
    public var inFlight: Int {
        let sent = max(0, producer.count - consumer.count)
        return capacity.map { min(sent, $0) } ?? sent
    }

    public init(
        config: IPCConfig, parentPid: pid_t, producer: IPCSideSnapshot, consumer: IPCSideSnapshot, outOfOrder: Int,
        capacity: Int?, elapsed: Double, time: UInt64, paused: Bool, delayNanos: UInt64, finished: Bool
    ) {
        self.config = config
        self.parentPid = parentPid
        self.producer = producer
        self.consumer = consumer
        self.outOfOrder = outOfOrder
        self.capacity = capacity
        self.elapsed = elapsed
        self.time = time
        self.paused = paused
        self.delayNanos = delayNanos
        self.finished = finished
    }
}

/// The result of an ipc run, encoded as the `--json` report.
///
/// Keys: `lab, transport, items, produced, consumed, lost, parentPid,
/// producerPid, consumerPid, seconds, itemsPerSecond, bytesPerSecond`
/// (DESIGN.md), plus `size`, `outOfOrder`, `completed`, how each side ended
/// (`producerEnded`, `consumerEnded`) and its exit status (`producerExit`,
/// `consumerExit`).
public struct IPCReport: Codable, Sendable, Equatable {
    public var lab = "ipc"
    public var transport: IPCTransport
    /// Items asked for.
    public var items: Int
    /// Bytes per item.
    public var size: Int
    /// Items the producer handed to the channel.
    public var produced: Int
    /// Items the consumer took out of it.
    public var consumed: Int
    /// produced − items received in sequence: 0 unless a side died mid-run.
    public var lost: Int
    public var outOfOrder: Int
    public var parentPid: Int32
    public var producerPid: Int32
    public var consumerPid: Int32
    /// From the producer's first item to the consumer's sentinel (or its end).
    public var seconds: Double
    /// consumed / seconds.
    public var itemsPerSecond: Double
    /// consumed × size / seconds.
    public var bytesPerSecond: Double
    /// Both sides reached the sentinel and nothing was lost.
    public var completed: Bool
    /// How each side ended: "finished", "end of file", "broken pipe", "peer gone", …
    public var producerEnded: String
    public var consumerEnded: String
    /// Each side's decoded exit status, e.g. "exited with code 0".
    public var producerExit: String
    public var consumerExit: String

    public init(
        transport: IPCTransport, items: Int, size: Int, produced: Int, consumed: Int, lost: Int, outOfOrder: Int,
        parentPid: Int32, producerPid: Int32, consumerPid: Int32, seconds: Double, completed: Bool,
        producerEnded: String, consumerEnded: String, producerExit: String, consumerExit: String
    ) {
        self.transport = transport
        self.items = items
        self.size = size
        self.produced = produced
        self.consumed = consumed
        self.lost = lost
        self.outOfOrder = outOfOrder
        self.parentPid = parentPid
        self.producerPid = producerPid
        self.consumerPid = consumerPid
        self.seconds = seconds
        itemsPerSecond = seconds > 0 ? Double(consumed) / seconds : 0
        bytesPerSecond = seconds > 0 ? Double(consumed) * Double(size) / seconds : 0
        self.completed = completed
        self.producerEnded = producerEnded
        self.consumerEnded = consumerEnded
        self.producerExit = producerExit
        self.consumerExit = consumerExit
    }
}

/// Which child of the ipc lab.
public enum IPCSide: String, Sendable, Equatable, CaseIterable {
    case producer, consumer

    public var other: IPCSide { self == .producer ? .consumer : .producer }
}
