import CSystem
import Glibc
import Synchronization

/// The scaling lab: one CPU-bound job (count primes) and one I/O-bound job
/// (blocking waits), each split over 1…N workers, as threads of ptt and as
/// child processes; wall time and speed-up per point; then, where python3
/// is on PATH, the CPU-bound job as Python threads and processes
/// (`PythonScaling`), which shows the GIL.
///
/// ```swift
/// let report = try ScalingLab.run(.standard, progress: progress, cancel: cancel)
/// for point in report.cpuBound { print(point.workers, point.threadsSpeedup, point.processesSpeedup) }
/// ```
///
/// A raised `cancel` stops the workers (threads look at it once per block of
/// numbers or per wait; child processes are killed) and `run` throws
/// `LabCancelled` with every thread joined and every child reaped.
public enum ScalingLab {
    /// `ptt __child scaling-worker --job cpu|io …`: one worker's share.
    /// CPU: `--from A --to B --worker I --workers N`; I/O: `--waits W
    /// --millis D --worker I --workers N`. Writes its result (8 bytes) to
    /// descriptor 3 and exits 0; 1 when that write fails, 2 for bad arguments.
    public static let workerRole = ChildRole(name: "scaling-worker") { arguments in
        let worker = arguments.int("--worker", default: -1)
        let workers = arguments.int("--workers", default: 0)
        guard workers >= 1, (0..<workers).contains(worker) else { return 2 }
        var result: Int
        switch arguments.string("--job") {
        case "cpu":
            result = ScalingJobs.countPrimes(
                from: arguments.int("--from", default: 0), to: arguments.int("--to", default: 0), worker: worker,
                workers: workers)
        case "io":
            result = ScalingJobs.blockingWaits(
                waits: arguments.int("--waits", default: 0), millis: arguments.int("--millis", default: 1),
                worker: worker, workers: workers)
        default: return 2
        }
        return write(3, &result, 8) == 8 ? 0 : 1
    }

    /// The roles to register (`ChildCommand.roles`).
    public static let roles = [workerRole]

    enum Job: Sendable {
        case cpu(below: Int)
        case io(waits: Int, millis: Int)

        func arguments(worker: Int, workers: Int) -> [String] {
            switch self {
            case .cpu(let below):
                [
                    "--job", "cpu", "--from", "0", "--to", String(below), "--worker", String(worker), "--workers",
                    String(workers),
                ]
            case .io(let waits, let millis):
                [
                    "--job", "io", "--waits", String(waits), "--millis", String(millis), "--worker", String(worker),
                    "--workers", String(workers),
                ]
            }
        }

        func run(worker: Int, workers: Int, cancel: CancellationFlag?) -> Int {
            switch self {
            case .cpu(let below):
                ScalingJobs.countPrimes(from: 0, to: below, worker: worker, workers: workers) { cancel.isCancelled }
            case .io(let waits, let millis):
                ScalingJobs.blockingWaits(waits: waits, millis: millis, worker: worker, workers: workers) {
                    cancel.isCancelled
                }
            }
        }
    }

    public static func run(
        _ config: ScalingConfig = .standard, executable: ChildExecutable = .current,
        progress: Mailbox<LabProgress>? = nil, cancel: CancellationFlag? = nil
    ) throws -> ScalingReport {
        try config.validate()
        let counts = Array(config.workerCounts)
        // Units: one per worker count per kind, the CPU job weighted heavier.
        let pythonUnits = config.python ? Double(counts.count * 2) * 3 : 0
        let meter = ProgressMeter(progress, totalUnits: Double(counts.count) * (2 * 3 + 2) + pythonUnits)
        var cpuPoints: [ScalingPoint] = []
        var ioPoints: [ScalingPoint] = []
        var found: Set<Int> = []
        let cpuJob = Job.cpu(below: config.primesBelow)
        let ioJob = Job.io(waits: config.waits, millis: config.waitMillis)
        for n in counts {
            meter.begin("counting primes: \(n) thread\(n == 1 ? "" : "s")")
            let threads = try runThreads(cpuJob, workers: n, cancel: cancel)
            meter.advance(3)
            meter.begin("counting primes: \(n) process\(n == 1 ? "" : "es")")
            let processes = try runProcesses(cpuJob, workers: n, executable: executable, cancel: cancel)
            meter.advance(3)
            found.formUnion([threads.total, processes.total])
            cpuPoints.append(
                ScalingPoint(
                    workers: n, threadsSeconds: threads.seconds, processesSeconds: processes.seconds,
                    threadsCPUSeconds: threads.cpuSeconds, processesCPUSeconds: processes.cpuSeconds))
        }
        for n in counts {
            meter.begin("blocking waits: \(n) thread\(n == 1 ? "" : "s")")
            let threads = try runThreads(ioJob, workers: n, cancel: cancel)
            meter.advance(1)
            meter.begin("blocking waits: \(n) process\(n == 1 ? "" : "es")")
            let processes = try runProcesses(ioJob, workers: n, executable: executable, cancel: cancel)
            meter.advance(1)
            ioPoints.append(
                ScalingPoint(
                    workers: n, threadsSeconds: threads.seconds, processesSeconds: processes.seconds,
                    threadsCPUSeconds: threads.cpuSeconds, processesCPUSeconds: processes.cpuSeconds))
        }
        var python: PythonScalingReport?
        var note: String?
        if config.python {
            meter.begin("Python: counting primes in threads, then processes")
            switch try PythonScaling.run(
                primesBelow: config.pythonPrimesBelow, maxWorkers: counts.last ?? 1, cancel: cancel)
            {
            case .ran(let report): python = report
            case .unavailable(let why): note = why
            }
            meter.advance(pythonUnits)
        } else {
            note = "not asked for"
        }
        meter.finish()
        return ScalingReport(
            config: config, cpuBound: ScalingPoint.withSpeedups(cpuPoints),
            ioBound: ScalingPoint.withSpeedups(ioPoints),
            python: python, pythonNote: note, primesFound: found.first ?? 0, countsAgree: found.count == 1,
            environment: .current())
    }

    struct PointResult {
        var seconds: Double
        var cpuSeconds: Double
        /// The workers' results added up.
        var total: Int
    }

    /// The job on `workers` threads; wall time from before the first
    /// `pthread_create` to after the last join.
    static func runThreads(_ job: Job, workers: Int, cancel: CancellationFlag?) throws -> PointResult {
        let total = Atomic<Int>(0)
        let cpuStart = processCPUNanos()
        let start = MonotonicClock.now()
        let group = try OSThreadGroup.start(count: workers, name: "scaling") { worker in
            let result = job.run(worker: worker.index, workers: workers, cancel: cancel)
            total.wrappingAdd(result, ordering: .relaxed)
        }
        group.join()
        let end = MonotonicClock.now()
        try cancel.check()
        return PointResult(
            seconds: MonotonicClock.seconds(from: start, to: end),
            cpuSeconds: Double(processCPUNanos() - cpuStart) / 1e9, total: total.load(ordering: .relaxed))
    }

    /// The job in `workers` child processes (ptt's `scaling-worker`); wall
    /// time from before the first spawn to after the last child is reaped.
    static func runProcesses(_ job: Job, workers: Int, executable: ChildExecutable, cancel: CancellationFlag?) throws
        -> PointResult
    {
        var fds: [Int32] = [-1, -1]
        try SystemCallError.check("pipe2") { cs_pipe_cloexec(&fds) }
        defer { close(fds[0]) }
        let cpuStart = childrenCPUNanos()
        let start = MonotonicClock.now()
        var children: [ChildProcess] = []
        defer {
            for child in children where child.poll() == nil { child.kill() }
        }
        do {
            for i in 0..<workers {
                children.append(
                    try ChildProcess.spawn(
                        executable, role: workerRole, arguments: job.arguments(worker: i, workers: workers),
                        descriptors: [fds[1]]))
            }
        } catch {
            close(fds[1])
            throw error
        }
        close(fds[1])
        // Each child writes one 8-byte result; end of file once all are gone.
        var total = 0
        var results = 0
        var word = 0
        var got = 0
        while true {
            if cancel.isCancelled { throw LabCancelled() }
            var ready = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
            if poll(&ready, 1, 50) == 0 { continue }
            let n = withUnsafeMutableBytes(of: &word) { read(fds[0], $0.baseAddress! + got, 8 - got) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemCallError("read (scaling results)", code: errno)
            }
            if n == 0 { break }
            got += n
            if got == 8 {
                total += word
                results += 1
                got = 0
            }
        }
        for child in children {
            let status = child.wait()
            guard status.exitCode == 0 else {
                throw SystemCallError("scaling-worker \(child.pid) \(status)", code: ECHILD)
            }
        }
        let end = MonotonicClock.now()
        guard results == workers else { throw SystemCallError("read (scaling results)", code: EIO) }
        return PointResult(
            seconds: MonotonicClock.seconds(from: start, to: end),
            cpuSeconds: Double(childrenCPUNanos() - cpuStart) / 1e9, total: total)
    }

    /// CPU time of this whole process so far (`CLOCK_PROCESS_CPUTIME_ID`), ns.
    static func processCPUNanos() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// CPU time of every reaped child so far (`getrusage(RUSAGE_CHILDREN)`), ns.
    static func childrenCPUNanos() -> UInt64 {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        func nanos(_ t: timeval) -> UInt64 { UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_usec) * 1000 }
        return nanos(usage.ru_utime) + nanos(usage.ru_stime)
    }
}
