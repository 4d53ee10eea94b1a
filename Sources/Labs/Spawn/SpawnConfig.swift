/// One run of the spawn lab: how many of each start to time, and the
/// memory sizes to fork from.
///
/// ```swift
/// let report = try SpawnLab.run(SpawnConfig(count: 1000, touchMiB: [64, 512]))
/// report.threadCreateMicros, report.forkMicros, report.touched[1].forkMicros
/// ```
public struct SpawnConfig: Codable, Sendable, Equatable {
    public static let countRange = 10...100_000
    public static let mibRange = 1...16_384
    public static let forkRange = 1...1000

    /// Thread creates and small forks to time (as spawn.c's K); a quarter as
    /// many posix_spawns of /bin/true, a twentieth as many of ptt's tiny child.
    public var count: Int
    /// Fork again after the parent has written every page of this much private memory (MiB), one size at a time.
    public var touchMiB: [Int]
    /// Then after mapping this much and touching none of it (MiB; 0: skip).
    public var untouchedMiB: Int
    /// Forks timed at each memory size.
    public var forksPerSize: Int

    public init(count: Int = 1000, touchMiB: [Int] = [64, 512], untouchedMiB: Int = 1024, forksPerSize: Int = 10) {
        self.count = count
        self.touchMiB = touchMiB
        self.untouchedMiB = untouchedMiB
        self.forksPerSize = forksPerSize
    }

    /// The default: 1000 each, 64 and 512 MiB touched, 1 GiB untouched (about 3 s).
    public static let standard = SpawnConfig()
    /// For tests: still 512 MiB touched, the size the lesson talks about.
    public static let quick = SpawnConfig(count: 100, touchMiB: [512], untouchedMiB: 1024, forksPerSize: 3)

    /// posix_spawn of /bin/true, as spawn.c: K / 4.
    public var spawnExecCount: Int { max(1, count / 4) }
    /// posix_spawn of ptt's own tiny child, which loads the Swift runtime: K / 20.
    public var processSpawnCount: Int { max(1, count / 20) }
    /// Untimed rounds first, as spawn.c: K / 10 + 1.
    public var warmup: Int { count / 10 + 1 }

    /// Throws a `LabConfigError` naming the first field out of range.
    public func validate() throws(LabConfigError) {
        try LabConfigError.require("count", count, in: Self.countRange)
        for mib in touchMiB { try LabConfigError.require("touchMiB", mib, in: Self.mibRange) }
        if touchMiB.count > 8 {
            throw LabConfigError(field: "touchMiB", allowed: "at most 8 sizes", value: String(touchMiB.count))
        }
        try LabConfigError.require("untouchedMiB", untouchedMiB, in: 0...65_536)
        try LabConfigError.require("forksPerSize", forksPerSize, in: Self.forkRange)
    }

    /// Parses `--touch-mib` text: sizes in MiB separated by commas, like `64,512`.
    public static func parseMiBList(_ text: String) throws(LabConfigError) -> [Int] {
        var sizes: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let word = part.trimmingWhitespace
            guard let mib = Int(word), mibRange.contains(mib) else {
                throw LabConfigError(
                    field: "touchMiB", allowed: "sizes from 1 to 16384 MiB separated by commas, like 64,512",
                    value: "'\(word)'")
            }
            sizes.append(mib)
        }
        return sizes
    }
}

/// A fork timed after the parent had `mappedMiB` of private anonymous memory
/// mapped, `touchedMiB` of it written (so resident).
public struct ForkAfterMemory: Codable, Sendable, Equatable {
    public var touchedMiB: Int
    public var mappedMiB: Int
    /// Mean of `forksPerSize` fork + _exit + waitpid, in microseconds.
    public var forkMicros: Double
    public var forkStats: SampleStats
    /// How long writing one byte to every page took, in milliseconds (0 when untouched).
    public var touchMillis: Double

    public init(touchedMiB: Int, mappedMiB: Int, forkStats: SampleStats, touchMillis: Double) {
        self.touchedMiB = touchedMiB
        self.mappedMiB = mappedMiB
        forkMicros = forkStats.mean
        self.forkStats = forkStats
        self.touchMillis = touchMillis
    }
}

/// The spawn lab's `--json` report.
///
/// Keys: `lab, count, threadCreateMicros, processSpawnMicros` (DESIGN.md),
/// plus `forkMicros` (fork + _exit + waitpid), `spawnExecMicros` (posix_spawn
/// of /bin/true + waitpid, as spawn.c) and `touched[{touchedMiB, mappedMiB,
/// forkMicros}]`. `processSpawnMicros` is posix_spawn of ptt's own tiny child
/// + waitpid: exec of a Swift program, so more than /bin/true. Each headline
/// figure is the mean per operation (as spawn.c); the `…Stats` keys give the
/// median, min, max, p50, p99.
public struct SpawnReport: Codable, Sendable, Equatable {
    public var lab = "spawn"
    public var count: Int
    public var threadCreateMicros: Double
    public var processSpawnMicros: Double
    public var forkMicros: Double
    public var spawnExecMicros: Double
    public var touched: [ForkAfterMemory]
    public var threadCreateStats: SampleStats
    public var forkStats: SampleStats
    public var spawnExecStats: SampleStats
    public var processSpawnStats: SampleStats
    /// The program spawnExecMicros started (`/bin/true`).
    public var spawnExecProgram: String
    public var spawnExecCount: Int
    public var processSpawnCount: Int
    /// ptt's own resident memory when the small forks ran (`VmRSS` and
    /// `RssAnon` in /proc/self/status, KiB): what a fork's page-table copy
    /// follows, so a bigger parent (ptt, not spawn.c) forks slower.
    public var parentResidentKiB: Int?
    public var parentAnonymousKiB: Int?
    public var environment: MeasurementEnvironment
    public var timed =
        "CLOCK_MONOTONIC around each operation: pthread_create + pthread_join of an empty thread; "
        + "fork + the child's _exit(0) + waitpid; posix_spawn + waitpid"

    public init(
        config: SpawnConfig, threadCreate: SampleStats, fork: SampleStats, spawnExec: SampleStats,
        processSpawn: SampleStats, touched: [ForkAfterMemory], spawnExecProgram: String,
        environment: MeasurementEnvironment
    ) {
        count = config.count
        threadCreateMicros = threadCreate.mean
        processSpawnMicros = processSpawn.mean
        forkMicros = fork.mean
        spawnExecMicros = spawnExec.mean
        self.touched = touched
        threadCreateStats = threadCreate
        forkStats = fork
        spawnExecStats = spawnExec
        processSpawnStats = processSpawn
        self.spawnExecProgram = spawnExecProgram
        spawnExecCount = config.spawnExecCount
        processSpawnCount = config.processSpawnCount
        let status = ProcFiles.read("/proc/self/status") ?? ""
        func kib(_ key: String) -> Int? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return nil }
            // "VmRSS:\t   12345 kB": a tab, then spaces.
            return Int(line.dropFirst(key.count).split(whereSeparator: \.isWhitespace).first ?? "")
        }
        parentResidentKiB = kib("VmRSS:")
        parentAnonymousKiB = kib("RssAnon:")
        self.environment = environment
    }

    /// The fork after touching the most memory.
    public var largestTouched: ForkAfterMemory? {
        touched.filter { $0.touchedMiB > 0 }.max { $0.touchedMiB < $1.touchedMiB }
    }

    /// The fork after mapping memory and touching none of it.
    public var untouched: ForkAfterMemory? { touched.first { $0.touchedMiB == 0 } }
}
