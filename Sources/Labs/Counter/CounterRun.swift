import Synchronization

/// One counter lab running on real OS threads (pthreads), started together
/// behind a barrier and pinned one per CPU where the config asks for it.
///
/// `start` returns as soon as the threads exist; they run in the background
/// while any thread samples `snapshot` (it takes no lock the workers hold for
/// long: a few atomic loads, plus the counter's mutex for `locked`).
///
/// ```swift
/// let run = try CounterRun.start(
///     CounterConfig(kind: .race, threads: 2, incrementsPerThread: 5_000_000,
///                   pacing: .paced(seconds: 3)))
/// while !run.snapshot.finished {      // the screen, ~30 times a second
///     draw(run.snapshot)
///     if userPressedQ { run.cancel() } // threads stop within one chunk
/// }
/// let report = run.wait()             // joins the threads; never blocks long once finished
/// ```
///
/// `CounterRun.run(config)` does all of it on the calling thread (for `--json`).
/// Dropping a run cancels it and joins its threads.
public final class CounterRun: Sendable {
    public let config: CounterConfig
    /// CPUs this process may run on, counted when the run started.
    public let cpus: Int
    private let state: CounterState
    private let group: OSThreadGroup
    /// The most elapsed time any snapshot has shown, as `Double` bits (for
    /// non-negative values the bits order as the numbers do). A running
    /// snapshot counts from the barrier's start, the report from the first
    /// thread's start to the last one's end, so the report's time can be less
    /// than the last running sample: snapshots never show less than before.
    private let elapsedShown = Atomic<UInt64>(0)

    private init(config: CounterConfig, cpus: Int, state: CounterState, group: OSThreadGroup) {
        self.config = config
        self.cpus = cpus
        self.state = state
        self.group = group
    }

    /// Validates `config` and starts its threads; returns at once.
    ///
    /// Throws `LabConfigError` for a bad config, `SystemCallError` when a
    /// thread cannot be created (the ones already created are stopped first).
    public static func start(_ config: CounterConfig) throws -> CounterRun {
        try config.validate()
        let cpus = OSThreadGroup.allowedCPUCount
        let state = CounterState(config: config, cpus: cpus)
        let group = try OSThreadGroup.start(
            count: config.threads, pin: config.pin, name: config.kind.rawValue
        ) { worker in
            state.work(worker)
        }
        return CounterRun(config: config, cpus: cpus, state: state, group: group)
    }

    /// Runs `config` to the end on the calling thread and returns its report.
    public static func run(_ config: CounterConfig) throws -> CounterReport {
        try start(config).wait()
    }

    /// Asks every thread to stop after its current chunk (a few microseconds to
    /// milliseconds of work). The report then says `cancelled: true`.
    public func cancel() {
        state.cancel.cancel()
    }

    /// The report once every thread has ended, or nil while they run. Never blocks.
    public var report: CounterReport? { state.report.read() }

    /// Waits for every thread to end and returns the report.
    public func wait() -> CounterReport {
        group.join()
        while true {
            // Another caller may be joining the same threads right now.
            if let report = state.report.read() { return report }
            MonotonicClock.sleep(nanoseconds: 1_000_000)
        }
    }

    /// The run as it is now: per-thread progress, counter, elapsed time, losses.
    public var snapshot: CounterSnapshot {
        let final = state.report.read()
        // Progress first, then the counter: the counter then already holds at
        // least every published increment, so `locked` and `atomic` never
        // show a transient loss.
        let done = state.progress.map { $0.done.load(ordering: .acquiring) }
        let counter = final?.final ?? state.currentCounter
        let measured: Double
        if let final {
            measured = final.seconds
        } else if let start = group.startTime {
            measured = MonotonicClock.seconds(from: start, to: MonotonicClock.now())
        } else {
            measured = 0
        }
        let elapsed = Double(bitPattern: raiseElapsedShown(to: max(0, measured)))
        return CounterSnapshot(
            kind: config.kind, perThreadDone: done,
            incrementsPerThread: config.incrementsPerThread, counter: counter,
            expected: config.expected, elapsed: elapsed, finished: final != nil,
            cancelled: state.cancel.isCancelled,
            lostSoFar: final?.lost ?? max(0, done.reduce(0, +) - counter),
            cpus: cpus, pinned: group.pinned, tids: group.tids, threadCPUs: group.pinned ? group.plannedCPUs : [])
    }

    /// Raises `elapsedShown` to `seconds` if that is more; returns the new value's bits.
    private func raiseElapsedShown(to seconds: Double) -> UInt64 {
        let bits = seconds.bitPattern
        var shown = elapsedShown.load(ordering: .relaxed)
        while bits > shown {
            let (exchanged, original) = elapsedShown.compareExchange(
                expected: shown, desired: bits, ordering: .relaxed)
            if exchanged { return bits }
            shown = original
        }
        return shown
    }

    deinit {
        state.cancel.cancel()
        group.join()
    }
}

/// What a counter run's threads share. One per run.
final class CounterState: Sendable {
    /// Increments between two looks at the cancel flag and two progress
    /// stores: small enough to stop within milliseconds even with 64
    /// contending threads, large enough to keep the loop as tight as counter.c's.
    static let chunk = 4096
    /// A paced run does one burst per thread every this many seconds.
    static let burstInterval = 0.02
    /// Paced threads wake this early and spin to the burst's start, so bursts
    /// coincide despite timer slack (only when every thread has a CPU).
    static let spinWindowNanos: UInt64 = 200_000

    let config: CounterConfig
    let cpus: Int
    /// `race` and `atomic` use this counter; `locked` uses `lockedCounter`.
    let counter = Atomic<Int>(0)
    let lockedCounter = LockedCounter()
    /// Per-thread increments done, published once per chunk.
    let progress: [ProgressSlot]
    let cancel = CancellationFlag()
    let report = Mailbox<CounterReport?>(nil)
    private let finishedThreads = Atomic<Int>(0)
    private let pinnedThreads = Atomic<Int>(0)
    private let span = Mutex<(start: UInt64, end: UInt64)>((.max, 0))

    init(config: CounterConfig, cpus: Int) {
        self.config = config
        self.cpus = cpus
        progress = (0..<config.threads).map { _ in ProgressSlot() }
    }

    var currentCounter: Int {
        config.kind == .locked ? lockedCounter.read() : counter.load(ordering: .relaxed)
    }

    /// One thread's whole run.
    func work(_ worker: OSThreadGroup.Worker) {
        if worker.cpu != nil { pinnedThreads.wrappingAdd(1, ordering: .relaxed) }
        let t0 = MonotonicClock.now()
        let total = config.incrementsPerThread
        let slot = progress[worker.index]
        switch config.pacing {
        case .fullSpeed:
            _ = increment(from: 0, to: total, slot: slot)
        case .paced(let seconds):
            var done = 0
            let bursts = max(1, min(total, Int((seconds / Self.burstInterval).rounded(.up))))
            let spin = config.threads <= cpus
            for burst in 1...bursts {
                done = increment(from: done, to: total * burst / bursts, slot: slot)
                let due = worker.startTime + UInt64(seconds * 1e9 * Double(burst) / Double(bursts))
                if cancel.isCancelled || !waitUntil(due, spin: spin) { break }
            }
        }
        finish(start: t0, end: MonotonicClock.now())
    }

    /// Increments from `done` up to `goal` in chunks, checking the cancel flag
    /// and publishing progress between chunks. Returns the new done count.
    @inline(__always)
    private func increment(from start: Int, to goal: Int, slot: ProgressSlot) -> Int {
        var done = start
        while done < goal, !cancel.isCancelled {
            let n = min(Self.chunk, goal - done)
            switch config.kind {
            case .race:
                for _ in 0..<n {
                    let value = counter.load(ordering: .relaxed)
                    // `+`, not `&+`: with the overflow check LLVM keeps the load
                    // and the store as two instructions (mov; inc; jo; mov), as
                    // counter.c's volatile does. With `&+` it fuses them into one
                    // unlocked `incq mem`: still racy, but the window between
                    // load and store shrinks and far fewer updates are lost
                    // (measured 4–34 % instead of about 50 % with 2 threads).
                    counter.store(value + 1, ordering: .relaxed)
                }
            case .locked:
                lockedCounter.increment(times: n)
            case .atomic:
                for _ in 0..<n { counter.wrappingAdd(1, ordering: .relaxed) }
            }
            done += n
            slot.done.store(done, ordering: .releasing)
        }
        return done
    }

    /// Sleeps until `deadline`, waking every 10 ms to check the cancel flag;
    /// with `spin`, sleeps to just before it and spins the rest. False if cancelled.
    private func waitUntil(_ deadline: UInt64, spin: Bool) -> Bool {
        let early = spin ? Self.spinWindowNanos : 0
        while true {
            if cancel.isCancelled { return false }
            let now = MonotonicClock.now()
            if now >= deadline { return true }
            if now + early >= deadline {
                while MonotonicClock.now() < deadline {}
                return true
            }
            MonotonicClock.sleep(until: min(deadline - early, now + 10_000_000))
        }
    }

    /// Records this thread's span; the last thread to finish posts the report.
    private func finish(start: UInt64, end: UInt64) {
        span.withLock { $0 = (min($0.start, start), max($0.end, end)) }
        if finishedThreads.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue == config.threads {
            report.post(makeReport())
        }
    }

    private func makeReport() -> CounterReport {
        let performed = progress.reduce(0) { $0 + $1.done.load(ordering: .acquiring) }
        let final = currentCounter
        let (start, end) = span.withLock { $0 }
        let seconds = MonotonicClock.seconds(from: start, to: end)
        var pacedSeconds: Double?
        if case .paced(let s) = config.pacing { pacedSeconds = s }
        return CounterReport(
            lab: config.kind, threads: config.threads,
            incrementsPerThread: config.incrementsPerThread, expected: performed,
            final: final, lost: performed - final, seconds: seconds,
            nsPerIncrement: performed > 0 ? seconds * 1e9 / Double(performed) : 0,
            cpus: cpus, pinned: config.pin && pinnedThreads.load(ordering: .relaxed) == config.threads,
            cancelled: performed < config.expected, pacedSeconds: pacedSeconds)
    }
}

/// One thread's published progress. Its own object: `Atomic` cannot live in an array.
final class ProgressSlot: Sendable {
    let done = Atomic<Int>(0)
}
