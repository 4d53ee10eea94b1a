import CSystem
import Glibc

/// The switch lab: what one context switch costs, thread to thread and
/// process to process, measured as switch.c measures it (C baselines).
///
/// Ping-pong of one byte over two pipes (`PingPong`): with both sides pinned
/// to one CPU every hand-off is a real switch; unpinned, the two may sit on
/// two CPUs and wake each other. A write + read on a pipe that one thread
/// owns (no hand-off) is measured too and subtracted, for the net figure.
/// Each task's switch counters are read from `/proc/PID/task/TID/status`
/// before and after the timed rounds.
///
/// ```swift
/// let progress = Mailbox(LabProgress.starting)
/// let cancel = CancellationFlag()
/// let report = try SwitchLab.run(.standard, progress: progress, cancel: cancel)
/// report.threadSwitchMicros, report.processSwitchMicros   // net, pinned
/// ```
///
/// Runs on the calling thread (put it on a `BackgroundJob` for a live
/// screen); each measurement runs on a fresh thread of its own, which pins
/// itself. A raised `cancel` ends the run within about a thousand round trips
/// with `LabCancelled`, its threads joined and its child reaped.
public enum SwitchLab {
    /// `ptt __child switch-echo [--cpu N]`: the echo side as a process;
    /// descriptor 3 is the ping pipe's read end, 4 the pong pipe's write end.
    /// Exits 0 at end of file, 1 when a call fails, 3 when it cannot pin itself.
    public static let echoRole = ChildRole(name: "switch-echo") { arguments in
        if let cpu = arguments.string("--cpu").flatMap({ Int32($0) }), cs_pin_to_cpu(cpu) != 0 { return 3 }
        return PingPong.echo(readEnd: 3, writeEnd: 4)
    }

    /// The roles to register (`ChildCommand.roles`).
    public static let roles = [echoRole]

    /// Round trips between two looks at the cancellation flag and the progress.
    static let chunk = 1024

    public static func run(
        _ config: SwitchConfig = .standard, executable: ChildExecutable = .current,
        progress: Mailbox<LabProgress>? = nil, cancel: CancellationFlag? = nil
    ) throws -> SwitchReport {
        try config.validate()
        let cpu = OSThreadGroup.allowedCPUs().first ?? 0
        let plan: [(SwitchPartner, Int?)] =
            config.partners.map { ($0, cpu) } + (config.includeUnpinned ? config.partners.map { ($0, nil) } : [])
        let perMeasurement = Double(config.warmup + config.rounds * config.repetitions)
        // Each repetition also times a quarter as many write + read pairs (see `measure`).
        let meter = ProgressMeter(progress, totalUnits: perMeasurement * Double(plan.count))

        var measurements: [SwitchMeasurement] = []
        for (partner, pin) in plan {
            try cancel.check()
            let sides = partner == .thread ? "two threads" : "two processes"
            meter.begin(pin.map { "\(sides), pinned to CPU \($0)" } ?? "\(sides), unpinned")
            let measurement = try onFreshThread(name: "switch-ping", cpu: pin) { pinned in
                try measure(partner, cpu: pin, pingPinned: pinned, config, executable, meter: meter, cancel: cancel)
            }
            measurements.append(measurement)
        }
        meter.finish()
        return SwitchReport(config: config, measurements: measurements, environment: .current())
    }

    /// One ping-pong measurement, on the calling (fresh, maybe pinned) thread.
    static func measure(
        _ partner: SwitchPartner, cpu: Int?, pingPinned: Bool, _ config: SwitchConfig, _ executable: ChildExecutable,
        meter: ProgressMeter, cancel: CancellationFlag?
    ) throws -> SwitchMeasurement {
        var ping: [Int32] = [-1, -1]  // ping writes [1], echo reads [0]
        var pong: [Int32] = [-1, -1]  // echo writes [1], ping reads [0]
        try SystemCallError.check("pipe2") { cs_pipe_cloexec(&ping) }
        defer { close(ping[0]) }
        do {
            try SystemCallError.check("pipe2") { cs_pipe_cloexec(&pong) }
        } catch {
            close(ping[1])
            throw error
        }
        defer { close(pong[0]) }
        var pongWriteEnd: Int32? = pong[1]
        defer { if let fd = pongWriteEnd { close(fd) } }
        // Closing ping's write end is the echo side's signal to end (end of file).
        var pingWriteEnd: Int32? = ping[1]
        func stopEcho() {
            if let fd = pingWriteEnd { close(fd) }
            pingWriteEnd = nil
        }
        defer { stopEcho() }

        let echo = try EchoSide.start(
            partner, cpu: cpu, readEnd: ping[0], writeEnd: pong[1], executable: executable)
        defer {
            stopEcho()
            echo.end()
        }
        if partner == .process, let fd = pongWriteEnd {
            close(fd)  // the child has its copy; ours would hide its end
            pongWriteEnd = nil
        }

        let writeEnd = ping[1]
        let readEnd = pong[0]
        var left = config.warmup
        while left > 0 {
            try cancel.check()
            let n = min(left, chunk)
            try PingPong.ping(rounds: n, writeEnd: writeEnd, readEnd: readEnd)
            meter.advance(Double(n))
            left -= n
        }
        let tasks = [("ping thread", getpid(), pid_t(cs_gettid()))] + echo.tasks()
        let before = tasks.compactMap { TaskSwitches.read(role: $0.0, pid: $0.1, tid: $0.2) }

        // What is not a switch, timed on this same thread between the
        // repetitions, so that both see the same CPU and the same neighbours.
        var own: [Int32] = [-1, -1]
        try SystemCallError.check("pipe2") { cs_pipe_cloexec(&own) }
        defer {
            close(own[0])
            close(own[1])
        }
        let pairRounds = max(100, config.rounds / 4)
        _ = try PingPong.syscallPairs(rounds: pairRounds, pipe: own)
        var perPair: [Double] = []

        let stamps = UnsafeMutablePointer<UInt64>.allocate(capacity: config.rounds + 1)
        defer { stamps.deallocate() }
        var perSwitch: [Double] = []
        var roundTrips: [Double] = []
        roundTrips.reserveCapacity(config.rounds * config.repetitions)
        for _ in 0..<config.repetitions {
            perPair.append(Double(try PingPong.syscallPairs(rounds: pairRounds, pipe: own)) / 1000 / Double(pairRounds))
            stamps[0] = MonotonicClock.now()
            var done = 0
            while done < config.rounds {
                try cancel.check()
                let n = min(config.rounds - done, chunk)
                try PingPong.ping(rounds: n, writeEnd: writeEnd, readEnd: readEnd, stamps: stamps + 1 + done)
                meter.advance(Double(n))
                done += n
            }
            perSwitch.append(Double(stamps[config.rounds] - stamps[0]) / 1000 / Double(config.rounds) / 2)
            for i in 1...config.rounds { roundTrips.append(Double(stamps[i] - stamps[i - 1]) / 1000) }
        }
        let after = tasks.compactMap { TaskSwitches.read(role: $0.0, pid: $0.1, tid: $0.2) }
        let counted = after.compactMap { late in
            before.first { $0.tid == late.tid }.map { late.since($0) }
        }
        stopEcho()
        let echoPinned = echo.end()
        return SwitchMeasurement(
            partner: partner, pinRequested: cpu != nil, pinned: cpu != nil && pingPinned && echoPinned, cpu: cpu,
            rawSwitchMicros: SampleStats(micros: perSwitch), syscallPairMicros: SampleStats(micros: perPair),
            roundTripMicros: SampleStats(micros: roundTrips), counted: counted,
            timedRounds: config.rounds * config.repetitions)
    }
}

/// The echo side of one measurement: a thread of ptt or a child process.
private final class EchoSide {
    let partner: SwitchPartner
    private var group: OSThreadGroup?
    private var child: ChildProcess?
    private let tid: Mailbox<pid_t>
    private let pinnedBox: Mailbox<Bool>
    private var ended: Bool?

    private init(partner: SwitchPartner, tid: Mailbox<pid_t>, pinned: Mailbox<Bool>) {
        self.partner = partner
        self.tid = tid
        pinnedBox = pinned
    }

    static func start(
        _ partner: SwitchPartner, cpu: Int?, readEnd: Int32, writeEnd: Int32, executable: ChildExecutable
    ) throws -> EchoSide {
        let side = EchoSide(partner: partner, tid: Mailbox(0), pinned: Mailbox(false))
        switch partner {
        case .thread:
            let tid = side.tid
            let pinned = side.pinnedBox
            side.group = try OSThreadGroup.start(count: 1, name: "switch-echo") { _ in
                blockAllSignalsOnThisThread()
                if let cpu { pinned.post(cs_pin_to_cpu(Int32(cpu)) == 0) }
                tid.post(pid_t(cs_gettid()))
                _ = PingPong.echo(readEnd: readEnd, writeEnd: writeEnd)
            }
            while tid.read() == 0 { MonotonicClock.sleep(nanoseconds: 100_000) }
        case .process:
            side.child = try ChildProcess.spawn(
                executable, role: SwitchLab.echoRole, arguments: cpu.map { ["--cpu", String($0)] } ?? [],
                descriptors: [readEnd, writeEnd])
        }
        return side
    }

    /// Every task of the echo side: its thread, or each thread of the child.
    func tasks() -> [(String, pid_t, pid_t)] {
        switch partner {
        case .thread: return [("echo thread", getpid(), tid.read())]
        case .process:
            guard let child else { return [] }
            let threads = ProcFiles.threads(of: child.pid)
            if threads.isEmpty { return [("echo process", child.pid, child.pid)] }
            return threads.map {
                ($0.tid == child.pid ? "echo process" : "echo process, \($0.name)", child.pid, $0.tid)
            }
        }
    }

    /// Waits for the echo side to end (its read end must be at end of file
    /// by then) and says whether it had pinned itself.
    @discardableResult
    func end() -> Bool {
        if let ended { return ended }
        var pinned = false
        switch partner {
        case .thread:
            group?.join()
            pinned = pinnedBox.read()
        case .process:
            if let child {
                let status = child.wait()
                pinned = status.exitCode != 3
            }
        }
        ended = pinned
        return pinned
    }
}
