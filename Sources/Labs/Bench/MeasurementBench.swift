/// One figure of `ptt bench switch` or `ptt bench spawn`: Swift's beside
/// the C baseline's from the same invocation.
public struct BenchComparison: Codable, Sendable, Equatable {
    /// What was timed, such as "thread switch, pinned".
    public var name: String
    /// The C baseline's JSON key it compares with, such as "pinnedThreadSwitchMicros".
    public var cKey: String
    public var swiftMicros: Double
    public var cMicros: Double?

    public init(name: String, cKey: String, swiftMicros: Double, cMicros: Double?) {
        self.name = name
        self.cKey = cKey
        self.swiftMicros = swiftMicros
        self.cMicros = cMicros
    }

    /// Swift ÷ C: 1.25 would be 25 % slower than C; nil without a C figure.
    public var ratio: Double? {
        guard let cMicros, cMicros > 0 else { return nil }
        return swiftMicros / cMicros
    }
}

/// What `switch.c ROUNDS` prints (every number a double).
public struct CSwitchFigures: Codable, Sendable, Equatable {
    public var threadSwitchMicros: Double
    public var processSwitchMicros: Double
    public var pinnedThreadSwitchMicros: Double
    public var pinnedProcessSwitchMicros: Double
    public var rounds: Double
}

/// What `spawn.c K` prints (every number a double).
public struct CSpawnFigures: Codable, Sendable, Equatable {
    public var threadCreateMicros: Double
    public var forkWaitMicros: Double
    public var spawnExecMicros: Double
    public var count: Double
}

/// The switch lab run as switch.c runs: the same rounds in all (split in
/// repetitions), a tenth more as warm-up, both partners pinned and not.
///
/// ```swift
/// let report = try SwitchBench.run(rounds: 100_000)          // switch.c 100000 beside it
/// let rows = SwitchBench.rows(report, c: decoded)             // decoded: CSwitchFigures?
/// ```
public enum SwitchBench {
    /// `rounds` round trips per measurement in all, as `repetitions` runs of rounds / repetitions.
    public static func run(
        rounds: Int = 100_000, repetitions: Int = 5, executable: ChildExecutable = .current,
        progress: Mailbox<LabProgress>? = nil, cancel: CancellationFlag? = nil
    ) throws -> SwitchReport {
        let each = max(SwitchConfig.roundRange.lowerBound, rounds / max(1, repetitions))
        let config = SwitchConfig(rounds: each, repetitions: repetitions, warmupRounds: rounds / 10 + 1)
        return try SwitchLab.run(config, executable: executable, progress: progress, cancel: cancel)
    }

    /// Swift's raw figures (round trip / 2, the pipe calls included, as
    /// switch.c reports; the mean over repetitions, i.e. total time / rounds)
    /// beside C's.
    public static func rows(_ report: SwitchReport, c: CSwitchFigures?) -> [BenchComparison] {
        func mean(_ partner: SwitchPartner, pinned: Bool) -> Double {
            report.measurements.first { $0.partner == partner && $0.pinRequested == pinned }?.rawSwitchMicros.mean ?? 0
        }
        return [
            BenchComparison(
                name: "thread switch, pinned", cKey: "pinnedThreadSwitchMicros",
                swiftMicros: mean(.thread, pinned: true), cMicros: c?.pinnedThreadSwitchMicros),
            BenchComparison(
                name: "process switch, pinned", cKey: "pinnedProcessSwitchMicros",
                swiftMicros: mean(.process, pinned: true), cMicros: c?.pinnedProcessSwitchMicros),
            BenchComparison(
                name: "thread switch, unpinned", cKey: "threadSwitchMicros", swiftMicros: mean(.thread, pinned: false),
                cMicros: c?.threadSwitchMicros),
            BenchComparison(
                name: "process switch, unpinned", cKey: "processSwitchMicros",
                swiftMicros: mean(.process, pinned: false), cMicros: c?.processSwitchMicros),
        ]
    }
}

/// The spawn lab run as spawn.c runs: K thread creates and forks, K / 4
/// posix_spawns of /bin/true; no memory sizes.
public enum SpawnBench {
    public static func run(
        count: Int = 2000, executable: ChildExecutable = .current, progress: Mailbox<LabProgress>? = nil,
        cancel: CancellationFlag? = nil
    ) throws -> SpawnReport {
        try SpawnLab.run(
            SpawnConfig(count: count, touchMiB: [], untouchedMiB: 0, forksPerSize: 1), executable: executable,
            progress: progress, cancel: cancel)
    }

    /// Swift's means per operation beside C's.
    public static func rows(_ report: SpawnReport, c: CSpawnFigures?) -> [BenchComparison] {
        [
            BenchComparison(
                name: "pthread_create + join", cKey: "threadCreateMicros", swiftMicros: report.threadCreateMicros,
                cMicros: c?.threadCreateMicros),
            BenchComparison(
                name: "fork + _exit + waitpid", cKey: "forkWaitMicros", swiftMicros: report.forkMicros,
                cMicros: c?.forkWaitMicros),
            BenchComparison(
                name: "posix_spawn /bin/true + waitpid", cKey: "spawnExecMicros", swiftMicros: report.spawnExecMicros,
                cMicros: c?.spawnExecMicros),
        ]
    }
}
