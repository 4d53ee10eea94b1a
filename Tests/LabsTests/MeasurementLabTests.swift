import Foundation
import Glibc
import Labs
import Testing

/// The keys of `value`'s JSON encoding.
private func jsonKeys<T: Encodable>(_ value: T) throws -> Set<String> {
    let data = try JSONEncoder().encode(value)
    let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    return Set(object.keys)
}

/// This process's children (reaped ones are gone from /proc) whose name
/// (`/proc/PID/comm`) starts with `prefix`: other suites run in parallel and
/// have children of their own. A lab child names itself `ptt-ROLE` (15 bytes at most).
func childPIDs(named prefix: String) -> [Int32] {
    childPIDs().filter { pid in
        ((try? ProcFile.read("/proc/\(pid)/comm")) ?? "").hasPrefix(prefix)
    }
}

/// PIDs whose parent is this process (reaped ones are gone from /proc), from /proc/PID/stat.
func childPIDs() -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    let me = getpid()
    var out: [Int32] = []
    for entry in entries {
        guard let pid = Int32(entry), let stat = try? ProcFile.read("/proc/\(pid)/stat"),
            let close = stat.lastIndex(of: ")")
        else { continue }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        if fields.count > 2, Int32(fields[1]) == me { out.append(pid) }
    }
    return out
}

/// Prints a lab's JSON report on stderr, for a person reading the numbers.
private func show<T: Encodable>(_ report: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    FileHandle.standardError.write(try encoder.encode(report) + Data("\n".utf8))
}

/// This process's threads whose name starts with `prefix` (OSThreadGroup names them `NAME-INDEX`).
private func labThreads(_ prefix: String) -> [String] {
    ProcFiles.threads(of: getpid()).map(\.name).filter { $0.hasPrefix(prefix) }
}

/// The 1-minute load average (/proc/loadavg).
private func loadAverage() -> Double {
    let text = (try? ProcFile.read("/proc/loadavg")) ?? "0"
    let first = text.split(separator: " ").first.map(String.init) ?? "0"
    return Double(first) ?? 0
}

/// The switch, spawn and scaling labs on real threads and processes: one at a
/// time, since they time things and the machine is shared.
@Suite("Measurement labs (switch, spawn, scaling)", .serialized)
struct MeasurementLabTests {
    @Test("switch: the design's keys, figures above zero, switches counted at least once per round when pinned")
    func switchReport() throws {
        let report = try SwitchLab.run(.quick, executable: pttExecutable)
        let keys = try jsonKeys(report)
        let wanted: Set<String> = [
            "lab", "rounds", "pinned", "threadSwitchMicros", "processSwitchMicros", "rawThreadSwitchMicros",
            "unpinnedProcessSwitchMicros", "threadCountedSwitches", "processCountedSwitches",
        ]
        #expect(wanted.subtracting(keys).isEmpty)
        #expect(report.lab == "switch")
        #expect(report.rounds == SwitchConfig.quick.rounds)
        let figures: [Double] = [
            report.rawThreadSwitchMicros, report.rawProcessSwitchMicros, report.unpinnedThreadSwitchMicros ?? 0,
            report.unpinnedProcessSwitchMicros ?? 0, report.syscallPairMicros.median,
        ]
        #expect(report.threadSwitchMicros >= 0)
        #expect(report.processSwitchMicros >= 0)
        #expect(figures.allSatisfy { $0 > 0 }, "\(figures)")
        #expect(report.measurements.count == 4)
        for m in report.measurements {
            let raw = m.rawSwitchMicros
            #expect(raw.min <= raw.median)
            #expect(raw.median <= raw.max)
            #expect(m.roundTripMicros.p50 <= m.roundTripMicros.p99)
            #expect(m.counted.count >= 2, "ping and echo tasks both counted: \(m.counted)")
        }
        for m in report.measurements where m.pinned {
            #expect(m.leastSwitchesPerTask >= m.timedRounds, "\(m.partner) pinned: \(m.counted)")
        }
        let echo = try #require(report.processCountedSwitches.first { $0.role == "echo process" })
        #expect(echo.pid != getpid(), "the child's own task is counted")
    }

    @Test(
        "switch: cancelling with a thread, or a child, on the echo side leaves neither",
        arguments: SwitchPartner.allCases)
    func switchCancel(partner: SwitchPartner) throws {
        let progress = Mailbox(LabProgress.starting)
        let cancel = CancellationFlag()
        let config = SwitchConfig(rounds: 20_000, repetitions: 50, partners: [partner])
        let job = try BackgroundJob.start(name: "switch-test") {
            try SwitchLab.run(config, executable: pttExecutable, progress: progress, cancel: cancel)
        }
        let started = eventually(within: 60) { progress.read().phase.contains("pinned") }
        #expect(started)
        // The job's thread, the ping thread, and the echo side: a thread, or a child.
        if partner == .thread {
            let running = eventually { labThreads("switch-").count >= 3 }
            #expect(running, "\(ProcFiles.threads(of: getpid()))")
        } else {
            let running = eventually { childPIDs(named: "ptt-switch-echo").count == 1 }
            #expect(running)
        }
        let children = childPIDs(named: "ptt-switch-echo")
        cancel.cancel()
        let result = job.wait()
        #expect(throws: LabCancelled.self) { try result.get() }
        let threadsGone = eventually { labThreads("switch-").isEmpty }
        #expect(threadsGone, "threads left: \(ProcFiles.threads(of: getpid()))")
        #expect(children.allSatisfy(isReaped))
        #expect(childPIDs(named: "ptt-switch").isEmpty, "children left: \(childPIDs(named: "ptt-switch"))")
    }

    @Test("spawn: the design's keys, and a fork after touching 512 MiB is slower than a small one")
    func spawnReport() throws {
        let report = try SpawnLab.run(.quick, executable: pttExecutable)
        let keys = try jsonKeys(report)
        let wanted: Set<String> = [
            "lab", "count", "threadCreateMicros", "processSpawnMicros", "forkMicros", "spawnExecMicros", "touched",
        ]
        #expect(wanted.subtracting(keys).isEmpty)
        let figures: [Double] = [
            report.threadCreateMicros, report.forkMicros, report.spawnExecMicros, report.processSpawnMicros,
        ]
        #expect(figures.allSatisfy { $0 > 0 }, "\(figures)")
        let big = try #require(report.largestTouched)
        #expect(big.touchedMiB == 512)
        #expect(big.mappedMiB == 512)
        #expect(big.forkMicros > report.forkMicros, "512 MiB: \(big.forkMicros) µs, small: \(report.forkMicros) µs")
        // Read from /proc/self/status, whose values follow a tab.
        #expect((report.parentResidentKiB ?? 0) > 0, "VmRSS read: \(String(describing: report.parentResidentKiB))")
        #expect((report.parentAnonymousKiB ?? 0) > 0)
        let untouched = try #require(report.untouched)
        #expect(untouched.mappedMiB == 1024)
        #expect(untouched.touchMillis == 0)
        #expect(childPIDs(named: "ptt-spawn").isEmpty, "no child left: \(childPIDs(named: "ptt-spawn"))")
    }

    @Test("spawn: a bad --touch-mib list is refused with the field named")
    func touchList() throws {
        #expect(try SpawnConfig.parseMiBList("64,512") == [64, 512])
        #expect(throws: LabConfigError.self) { try SpawnConfig.parseMiBList("64,,512") }
        #expect(throws: LabConfigError.self) { try SpawnConfig.parseMiBList("0") }
        #expect(throws: LabConfigError.self) { try SpawnLab.run(SpawnConfig(count: 1)) }
    }

    @Test("scaling: rows for 1…N, the same prime count everywhere; threads scale where there are 2 idle CPUs")
    func scalingReport() throws {
        var report = try ScalingLab.run(.quick, executable: pttExecutable)
        let keys = try jsonKeys(report)
        let wanted: Set<String> = ["lab", "cpuBound", "ioBound"]
        #expect(wanted.subtracting(keys).isEmpty)
        let cpuWorkers = report.cpuBound.map(\.workers)
        let ioWorkers = report.ioBound.map(\.workers)
        #expect(cpuWorkers == [1, 2])
        #expect(ioWorkers == [1, 2])
        #expect(report.countsAgree)
        #expect(report.primesFound == 114_155)
        let times = (report.cpuBound + report.ioBound).flatMap { [$0.threadsSeconds, $0.processesSeconds] }
        #expect(times.allSatisfy { $0 > 0 })
        // I/O waits overlap on any machine; a busy one only wakes the sleepers
        // late, so a loaded machine gets up to three tries.
        var ioTwo = try #require(ScalingReport.point(report.ioBound, workers: 2))
        var ioTries = 1
        while ioTwo.threadsSpeedup <= 1.3 && ioTries < 3 {
            report = try ScalingLab.run(.quick, executable: pttExecutable)
            ioTwo = try #require(ScalingReport.point(report.ioBound, workers: 2))
            ioTries += 1
        }
        #expect(
            ioTwo.threadsSpeedup > 1.3, "two sleeping workers overlap: \(ioTwo.threadsSpeedup)× after \(ioTries) tries")
        #expect(childPIDs(named: "ptt-scaling").isEmpty, "no child left: \(childPIDs(named: "ptt-scaling"))")
        guard OSThreadGroup.allowedCPUCount >= 2 else { return }
        // The machine is shared: a busy neighbour can take a CPU for a while, so up to three tries.
        var tries = 1
        var two = try #require(ScalingReport.point(report.cpuBound, workers: 2))
        while two.threadsSpeedup <= 1.5 && tries < 3 {
            report = try ScalingLab.run(.quick, executable: pttExecutable)
            two = try #require(ScalingReport.point(report.cpuBound, workers: 2))
            tries += 1
        }
        // Two CPUs give two threads one each only when nothing else wants them.
        if loadAverage() < Double(OSThreadGroup.allowedCPUCount) {
            #expect(two.threadsSpeedup > 1.5, "after \(tries) tries: \(report.cpuBound)")
        }
    }

    @Test("scaling: cancelling stops threads and child workers")
    func scalingCancel() throws {
        let progress = Mailbox(LabProgress.starting)
        let cancel = CancellationFlag()
        let config = ScalingConfig(maxWorkers: 2, primesBelow: 10_000_000, python: false)
        let job = try BackgroundJob.start(name: "scaling-test") {
            try ScalingLab.run(config, executable: pttExecutable, progress: progress, cancel: cancel)
        }
        let started = eventually(within: 30) { progress.read().phase.contains("1 process") }
        #expect(started)
        let running = eventually { !childPIDs(named: "ptt-scaling").isEmpty }
        #expect(running)
        let children = childPIDs(named: "ptt-scaling")
        cancel.cancel()
        let result = job.wait()
        #expect(throws: LabCancelled.self) { try result.get() }
        let threadsGone = eventually { labThreads("scaling").isEmpty }
        #expect(threadsGone, "threads left: \(ProcFiles.threads(of: getpid()))")
        #expect(children.allSatisfy(isReaped))
        #expect(childPIDs(named: "ptt-scaling").isEmpty, "children left: \(childPIDs(named: "ptt-scaling"))")
    }

    @Test(
        "the labs' reports, printed for a person (PTT_LAB_PRINT=switch,spawn,scaling)",
        .enabled(if: ProcessInfo.processInfo.environment["PTT_LAB_PRINT"] != nil))
    func printReports() throws {
        let which = ProcessInfo.processInfo.environment["PTT_LAB_PRINT"] ?? ""
        if which.contains("switch") { try show(try SwitchLab.run(.standard, executable: pttExecutable)) }
        if which.contains("spawn") { try show(try SpawnLab.run(.standard, executable: pttExecutable)) }
        if which.contains("scaling") { try show(try ScalingLab.run(.standard, executable: pttExecutable)) }
    }
}
