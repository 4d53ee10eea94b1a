import CSystem
import Glibc
import Synchronization

/// The ipc lab: a producer process and a consumer process (ptt's children)
/// pass numbered items over a pipe, a UNIX socket pair or a shared-memory
/// ring, and report their progress on a shared board that ptt samples.
///
/// `start` returns once both children exist; a reaper thread waits for them.
/// Dropping a run kills and reaps whatever still runs.
///
/// ```swift
/// let run = try IPCRun.start(IPCConfig(transport: .socket, items: 5_000_000, maxSeconds: 10))
/// while run.report == nil {           // the screen, ~30 times a second
///     draw(run.snapshot)
///     if pressedP { run.pause() }      // SIGSTOP: watch the consumer block
///     if pressedK { run.kill(.consumer) }
/// }
/// ```
///
/// `IPCRun.run(config)` does all of it on the calling thread (for `--json`).
public final class IPCRun: Sendable {
    public let config: IPCConfig
    public let parentPid: pid_t
    public let producer: ChildProcess
    public let consumer: ChildProcess
    /// Items the channel holds when full, when that is a count (see `IPCSnapshot.capacity`).
    public let capacity: Int?
    private let board: SharedMemory
    private let reaper: OSThreadGroup
    private let final: Mailbox<IPCReport?>
    private let paused = Atomic<Bool>(false)

    /// A side that has ended and the other has not this many seconds later is
    /// killed: a safety net, since each side notices the other's end by itself.
    public static let graceSeconds = 5.0

    private init(
        config: IPCConfig, producer: ChildProcess, consumer: ChildProcess, capacity: Int?, board: SharedMemory,
        reaper: OSThreadGroup, final: Mailbox<IPCReport?>
    ) {
        self.config = config
        parentPid = getpid()
        self.producer = producer
        self.consumer = consumer
        self.capacity = capacity
        self.board = board
        self.reaper = reaper
        self.final = final
    }

    /// Validates `config`, makes the channel and the board, starts the
    /// consumer and the producer, and returns while they run.
    ///
    /// Throws `LabConfigError` for a bad config and `SystemCallError` when a
    /// channel or a child cannot be made (a child already started is killed
    /// and reaped first).
    public static func start(_ config: IPCConfig, executable: ChildExecutable = .current) throws -> IPCRun {
        try config.validate()
        let board = try SharedMemory.create(name: "ptt-ipc-board", size: IPCBoard.size)
        let channel = try Channel(config)
        // ptt keeps no end of the channel: if it did, the consumer would never
        // see end-of-file when the producer dies.
        defer { channel.close() }
        let arguments = IPCChildOptions(
            transport: config.transport, items: config.items, size: config.itemSize, slots: config.ringSlots,
            maxSeconds: config.maxSeconds
        ).arguments
        let consumer = try ChildProcess.spawn(
            executable, role: IPCChild.consumerRole, arguments: arguments,
            descriptors: [channel.consumerEnd, board.descriptor])
        let producer: ChildProcess
        do {
            producer = try ChildProcess.spawn(
                executable, role: IPCChild.producerRole, arguments: arguments,
                descriptors: [channel.producerEnd, board.descriptor])
        } catch {
            consumer.kill()
            throw error
        }
        board.closeDescriptor()
        board.store(UInt64(producer.pid), at: IPCBoard.producerPid)
        board.store(UInt64(consumer.pid), at: IPCBoard.consumerPid)
        board.store(1, at: IPCBoard.go)

        let final = Mailbox<IPCReport?>(nil)
        let reaper: OSThreadGroup
        do {
            reaper = try OSThreadGroup.start(count: 1, name: "ipc-reaper") { _ in
                blockAllSignalsOnThisThread()
                reap(producer, consumer)
                final.post(makeReport(config: config, board: board, producer: producer, consumer: consumer))
            }
        } catch {
            producer.kill()
            consumer.kill()
            throw error
        }
        return IPCRun(
            config: config, producer: producer, consumer: consumer, capacity: channel.capacity, board: board,
            reaper: reaper, final: final)
    }

    /// Runs `config` to the end on the calling thread and returns its report.
    public static func run(_ config: IPCConfig, executable: ChildExecutable = .current) throws -> IPCReport {
        try start(config, executable: executable).wait()
    }

    /// The report once both children are reaped, or nil while one runs. Never blocks.
    public var report: IPCReport? { final.read() }

    /// Waits for both children to end and returns the report.
    public func wait() -> IPCReport {
        reaper.join()
        while true {
            // Another caller may be joining the reaper right now.
            if let report = final.read() { return report }
            MonotonicClock.sleep(nanoseconds: 1_000_000)
        }
    }

    /// Kills both children (SIGKILL) and waits until they are reaped.
    ///
    /// Both are stopped first: killed one after the other, the second could
    /// see the first one's end (end of file, SIGPIPE) and exit on its own in
    /// between, on a busy machine. A stopped process cannot react; SIGKILL
    /// still ends it.
    @discardableResult
    public func stop() -> IPCReport {
        producer.send(SIGSTOP)
        consumer.send(SIGSTOP)
        producer.send(SIGKILL)
        consumer.send(SIGKILL)
        return wait()
    }

    /// Stops the producer with SIGSTOP: nothing more goes into the channel,
    /// and the consumer empties it and then waits.
    public func pause() {
        if producer.send(SIGSTOP) { paused.store(true, ordering: .relaxed) }
    }

    /// Lets a paused producer go on (SIGCONT).
    public func resume() {
        producer.send(SIGCONT)
        paused.store(false, ordering: .relaxed)
    }

    /// Makes the producer wait this long before each item (0: full speed).
    public func setDelay(nanoseconds: UInt64) {
        board.store(nanoseconds, at: IPCBoard.delayNanos)
    }

    /// Kills one side with SIGKILL, to watch how the other finds out. A paused
    /// producer is let go when the consumer dies, so it can notice.
    public func kill(_ side: IPCSide) {
        switch side {
        case .producer:
            producer.send(SIGKILL)
            paused.store(false, ordering: .relaxed)
        case .consumer:
            consumer.send(SIGKILL)
            if paused.load(ordering: .relaxed) { resume() }
        }
    }

    /// The run as it is now: both sides' counts, phases and process states.
    public var snapshot: IPCSnapshot {
        let now = MonotonicClock.now()
        let done = final.read()
        func side(_ child: ChildProcess, phase: Int, count: Int) -> IPCSideSnapshot {
            let exit = child.poll()
            return IPCSideSnapshot(
                pid: child.pid, phase: IPCSidePhase(rawValue: board.load(at: phase)) ?? .failed,
                count: Int(board.load(at: count)), processState: exit == nil ? ProcFiles.state(of: child.pid) : nil,
                waitChannel: exit == nil ? ProcFiles.waitChannel(of: child.pid) : nil, exit: exit)
        }
        let start = board.load(at: IPCBoard.startNanos)
        // Both counts back to back, the producer's first: produced (read
        // earlier) minus consumed (read later) is never above what the channel
        // holds. Reading /proc between them (as once done) let the producer run
        // ahead: "1,036 of 1,024 in flight". The producer stores its count just
        // after each write, so for a moment the consumer may hold an item the
        // count does not show yet: the producer's count is at least the consumer's.
        let produced = Int(board.load(at: IPCBoard.produced))
        let consumed = Int(board.load(at: IPCBoard.consumed))
        var consumerSide = side(consumer, phase: IPCBoard.consumerPhase, count: IPCBoard.consumed)
        var producerSide = side(producer, phase: IPCBoard.producerPhase, count: IPCBoard.produced)
        consumerSide.count = consumed
        producerSide.count = max(produced, consumed)
        return IPCSnapshot(
            config: config, parentPid: parentPid, producer: producerSide, consumer: consumerSide,
            outOfOrder: Int(board.load(at: IPCBoard.outOfOrder)), capacity: capacity,
            elapsed: done?.seconds ?? (start == 0 ? 0 : MonotonicClock.seconds(from: start, to: now)), time: now,
            paused: paused.load(ordering: .relaxed), delayNanos: board.load(at: IPCBoard.delayNanos),
            finished: done != nil)
    }

    deinit {
        producer.send(SIGKILL)
        consumer.send(SIGKILL)
        reaper.join()
    }

    /// Waits until both children have ended, reaping each as it ends.
    private static func reap(_ producer: ChildProcess, _ consumer: ChildProcess) {
        var firstEnd: UInt64?
        while true {
            let running = [producer, consumer].filter { $0.poll() == nil }
            if running.isEmpty { return }
            if running.count == 1 {
                let now = MonotonicClock.now()
                if let firstEnd, MonotonicClock.seconds(from: firstEnd, to: now) > graceSeconds {
                    running[0].send(SIGKILL)
                }
                firstEnd = firstEnd ?? now
            }
            ChildProcess.waitForAny(running, timeout: running.count == 1 ? 0.5 : nil)
        }
    }

    private static func makeReport(
        config: IPCConfig, board: SharedMemory, producer: ChildProcess, consumer: ChildProcess
    ) -> IPCReport {
        let producerPhase = IPCSidePhase(rawValue: board.load(at: IPCBoard.producerPhase)) ?? .failed
        let consumerPhase = IPCSidePhase(rawValue: board.load(at: IPCBoard.consumerPhase)) ?? .failed
        let consumed = Int(board.load(at: IPCBoard.consumed))
        // See `snapshot`: a producer killed between a write and its count lags by one.
        let produced = max(Int(board.load(at: IPCBoard.produced)), consumed)
        let inOrder = Int(board.load(at: IPCBoard.inOrder))
        let outOfOrder = Int(board.load(at: IPCBoard.outOfOrder))
        let start = board.load(at: IPCBoard.startNanos)
        var end = board.load(at: IPCBoard.consumerEndNanos)
        if end == 0 { end = board.load(at: IPCBoard.producerEndNanos) }
        if end == 0 { end = MonotonicClock.now() }
        func ended(_ phase: IPCSidePhase) -> String {
            switch phase {
            case .starting, .ready, .running: "died while \(phase.name)"
            default: phase.name
            }
        }
        let producerExit = producer.wait()
        let consumerExit = consumer.wait()
        return IPCReport(
            transport: config.transport, items: config.items, size: config.itemSize, produced: produced,
            consumed: consumed, lost: max(0, produced - inOrder), outOfOrder: outOfOrder, parentPid: getpid(),
            producerPid: producer.pid, consumerPid: consumer.pid,
            seconds: start == 0 ? 0 : MonotonicClock.seconds(from: start, to: end),
            completed: producerPhase == .finished && consumerPhase == .finished && produced == inOrder
                && outOfOrder == 0,
            producerEnded: ended(producerPhase), consumerEnded: ended(consumerPhase),
            producerExit: producerExit.description, consumerExit: consumerExit.description)
    }
}

/// The two ends of an ipc channel, as descriptors to hand to the children.
private struct Channel {
    let producerEnd: Int32
    let consumerEnd: Int32
    /// Items it holds when full, when that is a count.
    let capacity: Int?
    /// The shared-memory ring (ptt drops its own mapping once the children have theirs).
    private let ring: SharedMemory?

    init(_ config: IPCConfig) throws(SystemCallError) {
        var fds: [Int32] = [-1, -1]
        switch config.transport {
        case .pipe:
            try SystemCallError.check("pipe2") { cs_pipe_cloexec(&fds) }
            (producerEnd, consumerEnd) = (fds[1], fds[0])
            let bytes = Int(cs_pipe_capacity(fds[0]))
            capacity = bytes > 0 ? max(1, bytes / config.itemSize) : nil
            ring = nil
        case .socket:
            try SystemCallError.check("socketpair") {
                socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds)
            }
            (producerEnd, consumerEnd) = (fds[0], fds[1])
            capacity = nil
            ring = nil
        case .shm:
            let shared = try SharedMemory.create(
                name: "ptt-ipc-ring", size: IPCBoard.ringBytes(slots: config.ringSlots, stride: config.slotStride))
            (producerEnd, consumerEnd) = (shared.descriptor, shared.descriptor)
            capacity = config.ringSlots
            ring = shared
        }
    }

    /// Closes ptt's copies of both ends.
    func close() {
        if let ring {
            ring.closeDescriptor()
        } else {
            Glibc.close(producerEnd)
            Glibc.close(consumerEnd)
        }
    }
}
