/// One run of the scaling lab.
///
/// ```swift
/// let report = try ScalingLab.run(ScalingConfig(maxWorkers: 4))
/// report.cpuBound[1].threadsSpeedup   // about 2 on two idle CPUs
/// ```
public struct ScalingConfig: Codable, Sendable, Equatable {
    public static let workerRange = 1...64

    /// Runs 1…maxWorkers workers; nil: twice the CPUs (at most 16).
    public var maxWorkers: Int?
    /// The CPU-bound job: count the primes below this (by trial division).
    public var primesBelow: Int
    /// The I/O-bound job: this many blocking waits in all …
    public var waits: Int
    /// … of this many milliseconds each.
    public var waitMillis: Int
    /// Also run the CPU-bound job in Python, when `python3` is on PATH.
    public var python: Bool
    /// Python's share: primes below this (CPython is about 50–100 times slower per step).
    public var pythonPrimesBelow: Int

    public init(
        maxWorkers: Int? = nil, primesBelow: Int = 4_000_000, waits: Int = 40, waitMillis: Int = 10,
        python: Bool = true, pythonPrimesBelow: Int = 250_000
    ) {
        self.maxWorkers = maxWorkers
        self.primesBelow = primesBelow
        self.waits = waits
        self.waitMillis = waitMillis
        self.python = python
        self.pythonPrimesBelow = pythonPrimesBelow
    }

    /// The default: about 8 s on two CPUs in a release build, Python included.
    public static let standard = ScalingConfig()
    /// For tests: 1…2 workers, small jobs, no Python.
    public static let quick = ScalingConfig(
        maxWorkers: 2, primesBelow: 1_500_000, waits: 8, waitMillis: 25, python: false, pythonPrimesBelow: 30_000)

    /// The worker counts to run.
    public var workerCounts: ClosedRange<Int> { 1...resolvedMaxWorkers }

    public var resolvedMaxWorkers: Int { maxWorkers ?? min(16, 2 * max(1, OSThreadGroup.allowedCPUCount)) }

    /// Throws a `LabConfigError` naming the first field out of range.
    public func validate() throws(LabConfigError) {
        if let maxWorkers { try LabConfigError.require("maxWorkers", maxWorkers, in: Self.workerRange) }
        try LabConfigError.require("primesBelow", primesBelow, in: 1000...1_000_000_000)
        try LabConfigError.require("waits", waits, in: 1...10_000)
        try LabConfigError.require("waitMillis", waitMillis, in: 1...1000)
        try LabConfigError.require("pythonPrimesBelow", pythonPrimesBelow, in: 1000...100_000_000)
    }
}

/// One worker count: the job's wall time as threads and as processes.
public struct ScalingPoint: Codable, Sendable, Equatable {
    public var workers: Int
    /// From before the first thread is created to after the last is joined.
    public var threadsSeconds: Double
    /// From before the first child is spawned to after the last is reaped
    /// (each child's start-up included: exec of ptt, or Python's start method).
    public var processesSeconds: Double
    /// Wall time with 1 worker ÷ wall time with this many.
    public var threadsSpeedup: Double
    public var processesSpeedup: Double
    /// CPU time the workers used (the process's CPU clock for threads, the
    /// reaped children's rusage for processes); nil where not measured.
    /// CPU ÷ wall is how many CPUs were busy on average.
    public var threadsCPUSeconds: Double?
    public var processesCPUSeconds: Double?

    public init(
        workers: Int, threadsSeconds: Double, processesSeconds: Double, threadsSpeedup: Double = 1,
        processesSpeedup: Double = 1, threadsCPUSeconds: Double? = nil, processesCPUSeconds: Double? = nil
    ) {
        self.workers = workers
        self.threadsSeconds = threadsSeconds
        self.processesSeconds = processesSeconds
        self.threadsSpeedup = threadsSpeedup
        self.processesSpeedup = processesSpeedup
        self.threadsCPUSeconds = threadsCPUSeconds
        self.processesCPUSeconds = processesCPUSeconds
    }

    /// Fills the speed-ups from the 1-worker point of the same list.
    static func withSpeedups(_ points: [ScalingPoint]) -> [ScalingPoint] {
        guard let one = points.first(where: { $0.workers == 1 }) else { return points }
        return points.map { point in
            var out = point
            out.threadsSpeedup = point.threadsSeconds > 0 ? one.threadsSeconds / point.threadsSeconds : 0
            out.processesSpeedup = point.processesSeconds > 0 ? one.processesSeconds / point.processesSeconds : 0
            return out
        }
    }
}

/// The scaling lab's `--json` report.
///
/// Keys: `lab, cpuBound[{workers, threadsSeconds, processesSeconds}],
/// ioBound[same]` (DESIGN.md), each point also with `threadsSpeedup`,
/// `processesSpeedup` and CPU seconds; `python` (nil when no python3 ran,
/// `pythonNote` then says why); the jobs, the CPU count and the environment.
public struct ScalingReport: Codable, Sendable, Equatable {
    public var lab = "scaling"
    public var cpus: Int
    public var maxWorkers: Int
    public var cpuBound: [ScalingPoint]
    public var ioBound: [ScalingPoint]
    public var python: PythonScalingReport?
    public var pythonNote: String?
    /// Primes below `primesBelow`: every run must have found this many.
    public var primesFound: Int
    public var countsAgree: Bool
    public var cpuJob: String
    public var ioJob: String
    public var environment: MeasurementEnvironment

    public init(
        config: ScalingConfig, cpuBound: [ScalingPoint], ioBound: [ScalingPoint], python: PythonScalingReport?,
        pythonNote: String?, primesFound: Int, countsAgree: Bool, environment: MeasurementEnvironment
    ) {
        cpus = environment.cpus
        maxWorkers = config.resolvedMaxWorkers
        self.cpuBound = cpuBound
        self.ioBound = ioBound
        self.python = python
        self.pythonNote = pythonNote
        self.primesFound = primesFound
        self.countsAgree = countsAgree
        cpuJob = "count the primes below \(config.primesBelow) by trial division, split in blocks of 1024 numbers"
        ioJob = "\(config.waits) blocking waits of \(config.waitMillis) ms (clock_nanosleep), shared out"
        self.environment = environment
    }

    /// The point with `workers` workers in `points`.
    public static func point(_ points: [ScalingPoint], workers: Int) -> ScalingPoint? {
        points.first { $0.workers == workers }
    }
}
