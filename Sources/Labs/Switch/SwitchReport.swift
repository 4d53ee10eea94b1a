/// One measurement of the switch lab: ping-pong with one partner, pinned or not.
public struct SwitchMeasurement: Codable, Sendable, Equatable {
    public var partner: SwitchPartner
    /// Whether pinning both sides to `cpu` was asked for.
    public var pinRequested: Bool
    /// Whether both sides were pinned to `cpu` (asked for, and it succeeded).
    public var pinned: Bool
    public var cpu: Int?
    /// Per switch (round trip / 2), one figure per repetition: median, min, max, mean.
    /// Includes one pipe write and one read, as switch.c's figures do.
    public var rawSwitchMicros: SampleStats
    /// One write + one read on a pipe this thread owns (no hand-off), timed
    /// between the repetitions on the same thread: what is not a switch.
    public var syscallPairMicros: SampleStats
    /// `rawSwitchMicros.median` minus `syscallPairMicros.median`, never below 0.
    public var netSwitchMicros: Double
    /// Every timed round trip on its own: p50, p99, min, max.
    public var roundTripMicros: SampleStats
    /// Counters of each task involved, over the timed rounds only (warm-up excluded).
    public var counted: [TaskSwitches]
    /// Round trips timed in all (rounds × repetitions).
    public var timedRounds: Int

    public init(
        partner: SwitchPartner, pinRequested: Bool, pinned: Bool, cpu: Int?, rawSwitchMicros: SampleStats,
        syscallPairMicros: SampleStats, roundTripMicros: SampleStats, counted: [TaskSwitches], timedRounds: Int
    ) {
        self.partner = partner
        self.pinRequested = pinRequested
        self.pinned = pinned
        self.cpu = cpu
        self.rawSwitchMicros = rawSwitchMicros
        self.syscallPairMicros = syscallPairMicros
        netSwitchMicros = max(0, rawSwitchMicros.median - syscallPairMicros.median)
        self.roundTripMicros = roundTripMicros
        self.counted = counted
        self.timedRounds = timedRounds
    }

    /// False when the pipe calls took nearly all of the raw figure (a noisy
    /// run): the net figure then says little, and the raw one is the honest number.
    public var netResolved: Bool { netSwitchMicros > 0.1 * rawSwitchMicros.median }

    /// Voluntary plus involuntary switches of every task involved.
    public var countedSwitches: Int { counted.reduce(0) { $0 + $1.voluntary + $1.involuntary } }

    /// The fewest switches any one task made: with both sides on one CPU each
    /// round trip makes each side block once, so this is at least the rounds.
    public var leastSwitchesPerTask: Int { counted.map { $0.voluntary + $0.involuntary }.min() ?? 0 }
}

/// The switch lab's `--json` report.
///
/// Keys: `lab, rounds, pinned, threadSwitchMicros, processSwitchMicros`
/// (DESIGN.md; net, pinned), plus:
/// - `rawThreadSwitchMicros`, `rawProcessSwitchMicros`: pinned, before the
///   subtraction: round trip / 2, as switch.c's `pinnedThreadSwitchMicros` and
///   `pinnedProcessSwitchMicros`;
/// - `unpinnedThreadSwitchMicros`, `unpinnedProcessSwitchMicros`: raw, both sides
///   free (switch.c's `threadSwitchMicros`, `processSwitchMicros`); nil when not run;
/// - `syscallPairMicros`: one write + one read on a pipe one thread owns (what
///   is subtracted), from the pinned thread measurement;
/// - `threadCountedSwitches`, `processCountedSwitches`: per-task counters of
///   the pinned runs (`/proc/PID/task/TID/status`, after minus before);
/// - `measurements`: every run in full; `environment`; `primitive`; `timed`.
public struct SwitchReport: Codable, Sendable, Equatable {
    public var lab = "switch"
    /// Timed round trips per repetition.
    public var rounds: Int
    public var repetitions: Int
    public var warmupRounds: Int
    /// True when the headline figures come from runs pinned to one CPU.
    public var pinned: Bool
    public var threadSwitchMicros: Double
    public var processSwitchMicros: Double
    public var rawThreadSwitchMicros: Double
    public var rawProcessSwitchMicros: Double
    public var unpinnedThreadSwitchMicros: Double?
    public var unpinnedProcessSwitchMicros: Double?
    public var syscallPairMicros: SampleStats
    public var threadCountedSwitches: [TaskSwitches]
    public var processCountedSwitches: [TaskSwitches]
    public var measurements: [SwitchMeasurement]
    public var environment: MeasurementEnvironment
    /// How the two sides hand off.
    public var primitive = "pipe: one byte each way over two pipes, blocking read(2) and write(2)"
    /// What exactly the clock was read around.
    public var timed =
        "CLOCK_MONOTONIC read after every round trip; a round trip is ping write, echo read, echo write, "
        + "ping read: two hand-offs; per switch = round trip / 2"

    public init(config: SwitchConfig, measurements: [SwitchMeasurement], environment: MeasurementEnvironment) {
        rounds = config.rounds
        repetitions = config.repetitions
        warmupRounds = config.warmup
        func find(_ partner: SwitchPartner, pinned: Bool) -> SwitchMeasurement? {
            measurements.first { $0.partner == partner && $0.pinRequested == pinned }
        }
        let thread = find(.thread, pinned: true) ?? find(.thread, pinned: false)
        let process = find(.process, pinned: true) ?? find(.process, pinned: false)
        pinned = (thread?.pinned ?? false) && (process?.pinned ?? false)
        threadSwitchMicros = thread?.netSwitchMicros ?? 0
        processSwitchMicros = process?.netSwitchMicros ?? 0
        rawThreadSwitchMicros = thread?.rawSwitchMicros.median ?? 0
        rawProcessSwitchMicros = process?.rawSwitchMicros.median ?? 0
        unpinnedThreadSwitchMicros = find(.thread, pinned: false)?.rawSwitchMicros.median
        unpinnedProcessSwitchMicros = find(.process, pinned: false)?.rawSwitchMicros.median
        syscallPairMicros = thread?.syscallPairMicros ?? process?.syscallPairMicros ?? SampleStats(micros: [])
        threadCountedSwitches = thread?.counted ?? []
        processCountedSwitches = process?.counted ?? []
        self.measurements = measurements
        self.environment = environment
    }

    /// Whether both headline net figures stand clear of the pipe calls (see `SwitchMeasurement.netResolved`).
    public var netResolved: Bool {
        threadSwitchMicros > 0.1 * rawThreadSwitchMicros && processSwitchMicros > 0.1 * rawProcessSwitchMicros
    }

    /// processSwitchMicros / threadSwitchMicros (net, pinned; the raw figures
    /// when the net ones are not resolved): 10 would be the article's "~1–10 µs
    /// vs ~0.1–1 µs"; nil when a figure is not positive.
    public var processToThreadRatio: Double? {
        let (process, thread) =
            netResolved ? (processSwitchMicros, threadSwitchMicros) : (rawProcessSwitchMicros, rawThreadSwitchMicros)
        return thread > 0 && process > 0 ? process / thread : nil
    }
}
