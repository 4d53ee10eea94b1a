import CSystem
import Glibc

/// The spawn lab: what it costs to start something and wait for it. A
/// thread (pthread_create + join), a forked process (fork + _exit +
/// waitpid), a new program (posix_spawn of /bin/true, and of ptt's own tiny
/// child, + waitpid); then fork again after the parent has written 64 and
/// 512 MiB of private memory, and after mapping 1 GiB it never touches. The
/// point, measured: fork's cost follows resident private memory (the page
/// tables it copies), not mapped memory.
///
/// ```swift
/// let report = try SpawnLab.run(.standard, progress: progress, cancel: cancel)
/// report.forkMicros, report.largestTouched?.forkMicros
/// ```
///
/// The forks run on the spawner thread in C (`cs_fork_exit_wait`): the child
/// of a multithreaded process may only make async-signal-safe calls, and it
/// makes one, `_exit(0)`. Every mapping is unmapped before `run` returns,
/// cancelled or not.
public enum SpawnLab {
    /// `ptt __child spawn-exit`: exits 0 at once (the tiny child).
    public static let exitRole = ChildRole(name: "spawn-exit") { _ in 0 }

    /// The roles to register (`ChildCommand.roles`).
    public static let roles = [exitRole]

    /// Operations between two looks at the cancellation flag.
    static let chunk = 50

    public static func run(
        _ config: SpawnConfig = .standard, executable: ChildExecutable = .current,
        progress: Mailbox<LabProgress>? = nil, cancel: CancellationFlag? = nil
    ) throws -> SpawnReport {
        try config.validate()
        // Units: rough microseconds, so the bar moves evenly.
        let memoryUnits = config.touchMiB.reduce(0) { $0 + Double($1) * (300 + 40 * Double(config.forksPerSize)) }
        let meter = ProgressMeter(
            progress,
            totalUnits: Double(config.count + config.warmup) * (40 + 250) + Double(config.spawnExecCount) * 1000
                + Double(config.processSpawnCount) * 5000 + memoryUnits + Double(config.forksPerSize) * 300)
        return try onFreshThread(name: "spawn-lab", cpu: nil) { _ in
            meter.begin("pthread_create + join")
            _ = try threadCreates(config.warmup, meter: meter, cancel: cancel)
            let threads = try threadCreates(config.count, meter: meter, cancel: cancel)
            meter.begin("fork + _exit + waitpid")
            _ = try forks(config.warmup, unit: 250, meter: meter, cancel: cancel)
            let forked = try forks(config.count, unit: 250, meter: meter, cancel: cancel)
            let candidates: [String] = ["/bin/true", "/usr/bin/true"]
            let program = candidates.first { path in access(path, X_OK) == 0 } ?? "/bin/true"
            meter.begin("posix_spawn \(program) + waitpid")
            _ = try spawnPrograms(program, 2, meter: meter, cancel: cancel)
            let execs = try spawnPrograms(program, config.spawnExecCount, meter: meter, cancel: cancel)
            meter.begin("posix_spawn ptt's tiny child + waitpid")
            _ = try spawnChildren(executable, 1, meter: meter, cancel: cancel)
            let children = try spawnChildren(executable, config.processSpawnCount, meter: meter, cancel: cancel)
            var touched: [ForkAfterMemory] = []
            for mib in config.touchMiB {
                meter.begin("fork after touching \(mib) MiB")
                touched.append(
                    try forkAfter(mapping: mib, touching: true, config.forksPerSize, meter: meter, cancel: cancel))
            }
            if config.untouchedMiB > 0 {
                meter.begin("fork after mapping \(config.untouchedMiB) MiB, untouched")
                touched.append(
                    try forkAfter(
                        mapping: config.untouchedMiB, touching: false, config.forksPerSize, meter: meter,
                        cancel: cancel))
            }
            meter.finish()
            return SpawnReport(
                config: config, threadCreate: SampleStats(micros: threads), fork: SampleStats(micros: forked),
                spawnExec: SampleStats(micros: execs), processSpawn: SampleStats(micros: children), touched: touched,
                spawnExecProgram: program, environment: .current())
        }
    }

    /// `count` × pthread_create + pthread_join of a thread that returns at
    /// once; microseconds each.
    static func threadCreates(_ count: Int, meter: ProgressMeter, cancel: CancellationFlag?) throws -> [Double] {
        var times: [Double] = []
        times.reserveCapacity(count)
        for i in 0..<count {
            if i % chunk == 0 {
                try cancel.check()
                meter.advance(40 * Double(min(chunk, count - i)))
            }
            var thread = pthread_t()
            let start = MonotonicClock.now()
            let rc = pthread_create(&thread, nil, { $0 }, nil)
            guard rc == 0 else { throw SystemCallError("pthread_create", code: rc) }
            pthread_join(thread, nil)
            times.append(Double(MonotonicClock.now() - start) / 1000)
        }
        return times
    }

    /// `count` × fork + _exit(0) + waitpid, on the spawner thread in chunks;
    /// microseconds each.
    static func forks(_ count: Int, unit: Double, meter: ProgressMeter, cancel: CancellationFlag?) throws -> [Double] {
        var times: [Double] = []
        times.reserveCapacity(count)
        while times.count < count {
            try cancel.check()
            let n = min(chunk, count - times.count)
            let result = SpawnerThread.shared.perform { () -> Result<[Double], SystemCallError> in
                var out: [Double] = []
                out.reserveCapacity(n)
                for _ in 0..<n {
                    let start = MonotonicClock.now()
                    let rc = cs_fork_exit_wait()
                    let end = MonotonicClock.now()
                    if rc != 0 { return .failure(SystemCallError("fork/waitpid", code: rc < 0 ? ECHILD : rc)) }
                    out.append(Double(end - start) / 1000)
                }
                return .success(out)
            }
            times += try result.get()
            meter.advance(unit * Double(n))
        }
        return times
    }

    /// `count` × posix_spawn of `path` (no arguments) + waitpid, as spawn.c
    /// runs /bin/true; microseconds each.
    static func spawnPrograms(_ path: String, _ count: Int, meter: ProgressMeter, cancel: CancellationFlag?) throws
        -> [Double]
    {
        var times: [Double] = []
        while times.count < count {
            try cancel.check()
            let n = min(chunk, count - times.count)
            let result = SpawnerThread.shared.perform { () -> Result<[Double], SystemCallError> in
                var out: [Double] = []
                let name = strdup(String(path.split(separator: "/").last ?? "true"))
                defer { free(name) }
                var argv: [UnsafeMutablePointer<CChar>?] = [name, nil]
                for _ in 0..<n {
                    var pid: pid_t = 0
                    let start = MonotonicClock.now()
                    let rc = posix_spawn(&pid, path, nil, nil, &argv, cs_environ())
                    if rc != 0 { return .failure(SystemCallError("posix_spawn \(path)", code: rc)) }
                    var status: Int32 = 0
                    var got: pid_t
                    repeat { got = waitpid(pid, &status, 0) } while got < 0 && errno == EINTR
                    let end = MonotonicClock.now()
                    if got != pid { return .failure(SystemCallError("waitpid", code: errno)) }
                    out.append(Double(end - start) / 1000)
                }
                return .success(out)
            }
            times += try result.get()
            meter.advance(1000 * Double(n))
        }
        return times
    }

    /// `count` × `ChildProcess.spawn` of ptt's `spawn-exit` child + wait; microseconds each.
    static func spawnChildren(
        _ executable: ChildExecutable, _ count: Int, meter: ProgressMeter, cancel: CancellationFlag?
    ) throws -> [Double] {
        var times: [Double] = []
        for _ in 0..<count {
            try cancel.check()
            let start = MonotonicClock.now()
            let child = try ChildProcess.spawn(executable, role: exitRole, arguments: [])
            let status = child.wait()
            let end = MonotonicClock.now()
            guard status.exitCode == 0 else {
                throw SystemCallError("posix_spawn \(executable.path) (child \(status))", code: ECHILD)
            }
            times.append(Double(end - start) / 1000)
            meter.advance(5000)
        }
        return times
    }

    /// Maps `mib` MiB of private anonymous memory, writes one byte to each
    /// page when `touching`, times `forks` forks, and unmaps it.
    static func forkAfter(
        mapping mib: Int, touching: Bool, _ forks: Int, meter: ProgressMeter, cancel: CancellationFlag?
    ) throws -> ForkAfterMemory {
        try cancel.check()
        let bytes = mib << 20
        let flags = MAP_PRIVATE | MAP_ANONYMOUS | (touching ? 0 : MAP_NORESERVE)
        guard let memory = mmap(nil, bytes, PROT_READ | PROT_WRITE, flags, -1, 0), memory != MAP_FAILED else {
            throw SystemCallError("mmap \(mib) MiB", code: errno)
        }
        defer { munmap(memory, bytes) }
        var touchMillis = 0.0
        if touching {
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            let base = memory.assumingMemoryBound(to: UInt8.self)
            let start = MonotonicClock.now()
            var offset = 0
            while offset < bytes {
                base[offset] = 1
                offset += page
            }
            touchMillis = Double(MonotonicClock.now() - start) / 1e6
            meter.advance(300 * Double(mib))
        }
        let times = try Self.forks(forks, unit: touching ? 40 * Double(mib) : 300, meter: meter, cancel: cancel)
        return ForkAfterMemory(
            touchedMiB: touching ? mib : 0, mappedMiB: mib, forkStats: SampleStats(micros: times),
            touchMillis: touchMillis)
    }
}
