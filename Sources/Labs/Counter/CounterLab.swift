/// The three counter labs: N threads add 1 to one shared counter M times each.
public enum CounterKind: String, CaseIterable, Codable, Sendable {
    /// A separate load and store with nothing in between to stop another
    /// thread: updates are really lost.
    case race
    /// The same load and store behind a mutex (the article's `with lock:`).
    case locked
    /// One indivisible atomic add.
    case atomic

    /// One line on why this kind loses updates or does not, for the screen.
    public var explanation: String {
        switch self {
        case .race:
            "Each thread loads the counter, adds 1 and stores it back: a store made by "
                + "another thread between that load and store is overwritten, and lost."
        case .locked:
            "The mutex lets one thread at a time through load, add, store: nothing is "
                + "lost, but threads queue for the lock."
        case .atomic:
            "The CPU does load, add and store as one indivisible atomic read-modify-write instruction: "
                + "nothing is lost, and no thread waits for a lock."
        }
    }
}

/// How fast a counter run goes.
public enum Pacing: Codable, Sendable, Equatable {
    /// Every thread runs its increments as fast as it can (benchmarks, `--json`).
    case fullSpeed
    /// Each thread spreads its increments over `seconds`, in bursts: a chunk at
    /// full speed, then a sleep until that chunk's scheduled time counted from
    /// the common start. All threads' bursts start at the same moments, so they
    /// still overlap and race, slowly enough to watch.
    case paced(seconds: Double)
}

/// What a counter run does: which kind, how many threads, how many increments.
///
/// ```swift
/// let config = CounterConfig(kind: .race, threads: 2, incrementsPerThread: 1_000_000)
/// try config.validate()   // LabConfigError: "threads must be between 1 and 64, got 65"
/// ```
public struct CounterConfig: Codable, Sendable, Equatable {
    public static let threadRange = 1...64
    public static let incrementRange = 1...1_000_000_000
    /// Allowed `Pacing.paced` durations, in seconds.
    public static let pacedSecondsRange = 0.01...3600.0

    public var kind: CounterKind
    public var threads: Int
    public var incrementsPerThread: Int
    /// Pin thread `i` to the `i % cpus`-th allowed CPU, so threads really overlap.
    public var pin: Bool
    public var pacing: Pacing

    public init(
        kind: CounterKind, threads: Int = 2, incrementsPerThread: Int = 1_000_000,
        pin: Bool = true, pacing: Pacing = .fullSpeed
    ) {
        self.kind = kind
        self.threads = threads
        self.incrementsPerThread = incrementsPerThread
        self.pin = pin
        self.pacing = pacing
    }

    /// threads × incrementsPerThread: the final value if nothing is lost.
    public var expected: Int { threads * incrementsPerThread }

    /// Throws a `LabConfigError` naming the first field out of range.
    public func validate() throws(LabConfigError) {
        try LabConfigError.require("threads", threads, in: Self.threadRange)
        try LabConfigError.require("incrementsPerThread", incrementsPerThread, in: Self.incrementRange)
        if case .paced(let seconds) = pacing, !Self.pacedSecondsRange.contains(seconds) {
            throw LabConfigError(
                field: "pacing.seconds",
                allowed: "between \(Self.pacedSecondsRange.lowerBound) and \(Self.pacedSecondsRange.upperBound)",
                value: String(seconds))
        }
    }

    private enum CodingKeys: String, CodingKey {
        case kind, threads, incrementsPerThread, pin, pacing
    }

    /// Decodes a config; `pin` and `pacing` may be left out (true, full speed).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(CounterKind.self, forKey: .kind)
        threads = try c.decode(Int.self, forKey: .threads)
        incrementsPerThread = try c.decode(Int.self, forKey: .incrementsPerThread)
        pin = try c.decodeIfPresent(Bool.self, forKey: .pin) ?? true
        pacing = try c.decodeIfPresent(Pacing.self, forKey: .pacing) ?? .fullSpeed
    }
}

/// What a running counter lab looks like at one moment; the screen samples it.
public struct CounterSnapshot: Codable, Sendable, Equatable {
    public var kind: CounterKind
    /// Increments each thread has done so far (published once per chunk).
    public var perThreadDone: [Int]
    public var incrementsPerThread: Int
    /// The shared counter now.
    public var counter: Int
    /// threads × incrementsPerThread, the configured total.
    public var expected: Int
    /// Seconds since the threads started together (0 before they have).
    public var elapsed: Double
    /// True once every thread has ended; the report is then available.
    public var finished: Bool
    /// True once `cancel()` was called.
    public var cancelled: Bool
    /// Increments done but missing from the counter: sum(perThreadDone) − counter,
    /// never below 0. It lags a little during the run (progress is published per
    /// chunk) and is exact once finished. Always 0 for `locked` and `atomic`.
    public var lostSoFar: Int
    /// CPUs this process may use, and whether every thread was pinned to one.
    public var cpus: Int
    public var pinned: Bool
    /// Each thread's kernel id (as `/proc/PID/task` lists them), 0 before it started.
    public var tids: [Int]
    /// The CPU each thread was pinned to (thread i on the `i % cpus`-th allowed CPU); empty unpinned.
    public var threadCPUs: [Int]

    /// Sum of `perThreadDone`.
    public var done: Int { perThreadDone.reduce(0, +) }

    public init(
        kind: CounterKind, perThreadDone: [Int], incrementsPerThread: Int, counter: Int, expected: Int,
        elapsed: Double, finished: Bool, cancelled: Bool, lostSoFar: Int, cpus: Int, pinned: Bool,
        tids: [Int] = [], threadCPUs: [Int] = []
    ) {
        self.tids = tids
        self.threadCPUs = threadCPUs
        self.kind = kind
        self.perThreadDone = perThreadDone
        self.incrementsPerThread = incrementsPerThread
        self.counter = counter
        self.expected = expected
        self.elapsed = elapsed
        self.finished = finished
        self.cancelled = cancelled
        self.lostSoFar = lostSoFar
        self.cpus = cpus
        self.pinned = pinned
    }
}

/// The result of a counter run, encoded as the `--json` report.
///
/// Keys: `lab, threads, incrementsPerThread, expected, final, lost, seconds,
/// nsPerIncrement` (DESIGN.md) plus `cpus`, `pinned`, `cancelled`, and
/// `pacedSeconds` for a paced run. `final + lost == expected` always.
///
/// A cancelled run (`cancelled: true`) reports what was actually done:
/// `expected` is then the number of increments the threads performed before
/// they stopped (less than threads × incrementsPerThread), so `lost` still
/// counts only real lost updates.
public struct CounterReport: Codable, Sendable, Equatable {
    public var lab: CounterKind
    public var threads: Int
    public var incrementsPerThread: Int
    /// Increments performed: threads × incrementsPerThread unless cancelled.
    public var expected: Int
    /// The shared counter at the end.
    public var final: Int
    /// expected − final: updates overwritten by another thread's store.
    public var lost: Int
    /// Latest thread end − earliest thread start (as counter.c measures it).
    public var seconds: Double
    /// seconds × 1e9 / expected; includes the sleeps of a paced run.
    public var nsPerIncrement: Double
    /// CPUs this process may run on.
    public var cpus: Int
    /// Whether every thread was pinned to its own allowed CPU (modulo cpus).
    public var pinned: Bool
    /// Whether the run was stopped before every increment was done.
    public var cancelled: Bool
    /// The duration a paced run was spread over; absent at full speed.
    public var pacedSeconds: Double?

    /// Fraction of the increments that were lost, 0...1.
    public var lostFraction: Double { expected > 0 ? Double(lost) / Double(expected) : 0 }

    public init(
        lab: CounterKind, threads: Int, incrementsPerThread: Int, expected: Int, final: Int, lost: Int,
        seconds: Double, nsPerIncrement: Double, cpus: Int, pinned: Bool, cancelled: Bool, pacedSeconds: Double?
    ) {
        self.lab = lab
        self.threads = threads
        self.incrementsPerThread = incrementsPerThread
        self.expected = expected
        self.final = final
        self.lost = lost
        self.seconds = seconds
        self.nsPerIncrement = nsPerIncrement
        self.cpus = cpus
        self.pinned = pinned
        self.cancelled = cancelled
        self.pacedSeconds = pacedSeconds
    }
}
