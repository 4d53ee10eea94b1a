/// What a measurement says about one of the article's claims.
public enum ClaimVerdict: Sendable, Equatable {
    case holds
    case doesNotHold
    /// True in some settings and not in others: on what, in a few words.
    case dependsOn(String)
    /// The lab that measures it has not run.
    case notMeasured

    /// "holds", "does not hold", "depends on the runtime", "not measured yet".
    public var text: String {
        switch self {
        case .holds: "holds"
        case .doesNotHold: "does not hold"
        case .dependsOn(let what): "depends on \(what)"
        case .notMeasured: "not measured yet"
        }
    }
}

/// One numeric or comparative claim of the article, and which lab measures it.
public struct ArticleClaim: Sendable, Equatable, Identifiable {
    public var id: String
    /// The article's words.
    public var says: String
    /// Where the article says it.
    public var section: String
    /// `switch`, `spawn` or `scaling`.
    public var lab: String
}

/// A claim beside this machine's measurement.
public struct ClaimResult: Sendable, Equatable {
    public var claim: ArticleClaim
    /// What was measured here, in a few words ("2.41 µs per switch, net").
    public var measured: String
    public var verdict: ClaimVerdict
    /// Why, in one line.
    public var reason: String
}

/// The article's numeric and comparative claims (see article/NOTES.md A1,
/// A2, A4, A11) and how to judge each from the labs' reports.
///
/// ```swift
/// for row in ArticleClaims.evaluate(MeasuredReports(switchReport: s, spawn: p, scaling: c)) {
///     print(row.claim.says, row.measured, row.verdict.text, row.reason)
/// }
/// ```
public enum ArticleClaims {
    public static let processSwitch = ArticleClaim(
        id: "process-switch-cost", says: "Process context switch: ~1-10 microseconds",
        section: "Context Switching", lab: "switch")
    public static let threadSwitch = ArticleClaim(
        id: "thread-switch-cost", says: "Thread context switch: ~0.1-1 microsecond",
        section: "Context Switching", lab: "switch")
    public static let tenfold = ArticleClaim(
        id: "thread-switch-cheaper", says: "A thread switch is far cheaper than a process switch (0.1-1 µs vs 1-10 µs)",
        section: "Context Switching", lab: "switch")
    public static let nanoseconds = ArticleClaim(
        id: "thread-switch-nanoseconds", says: "Thread context switch cost: Low (nanoseconds)",
        section: "Context Switching", lab: "switch")
    public static let saveMemory = ArticleClaim(
        id: "switch-saves-memory", says: "Process context switch: Expensive (save/restore entire memory)",
        section: "Key Differences", lab: "switch")
    public static let creation = ArticleClaim(
        id: "creation-time", says: "Creation time: process Slow, thread Fast", section: "Key Differences",
        lab: "spawn")
    public static let cpuBound = ArticleClaim(
        id: "cpu-bound-processes", says: "CPU-bound tasks: use processes (parallel computation on multiple CPUs)",
        section: "When to Use", lab: "scaling")
    public static let ioBound = ArticleClaim(
        id: "io-bound-threads", says: "I/O-bound tasks: use threads", section: "When to Use", lab: "scaling")

    /// Every claim, in the order the table shows them.
    public static let all = [
        processSwitch, threadSwitch, tenfold, nanoseconds, saveMemory, creation, cpuBound, ioBound,
    ]

    /// Each claim beside what `reports` measured.
    public static func evaluate(_ reports: MeasuredReports) -> [ClaimResult] {
        all.map { evaluate($0, reports) }
    }

    /// One claim beside what `reports` measured.
    public static func evaluate(_ claim: ArticleClaim, _ reports: MeasuredReports) -> ClaimResult {
        let missing = ClaimResult(
            claim: claim, measured: "-", verdict: .notMeasured, reason: "run the \(claim.lab) lab to measure it")
        switch claim.id {
        case processSwitch.id:
            guard let s = reports.switchReport else { return missing }
            return range(claim, s.processSwitchMicros, 1...10, raw: s.rawProcessSwitchMicros, pinned: s.pinned)
        case threadSwitch.id:
            guard let s = reports.switchReport else { return missing }
            return range(claim, s.threadSwitchMicros, 0.1...1, raw: s.rawThreadSwitchMicros, pinned: s.pinned)
        case tenfold.id:
            guard let s = reports.switchReport, let ratio = s.processToThreadRatio else { return missing }
            let measured = "process \(microsText(s.processSwitchMicros)), thread \(microsText(s.threadSwitchMicros))"
            if ratio >= 5 {
                return ClaimResult(
                    claim: claim, measured: measured, verdict: .holds,
                    reason: "a process switch cost \(timesText(ratio)) a thread switch here")
            }
            return ClaimResult(
                claim: claim, measured: measured, verdict: .doesNotHold,
                reason: ratio < 1.5
                    ? "about the same (\(timesText(ratio))): changing the page-table root is not the main cost"
                    : "only \(timesText(ratio)), not tenfold: both are kernel switches of the same kind")
        case nanoseconds.id:
            guard let s = reports.switchReport else { return missing }
            guard s.netResolved else {
                return ClaimResult(
                    claim: claim, measured: "\(microsText(s.rawThreadSwitchMicros)) with the pipe calls",
                    verdict: .dependsOn("a quieter run"),
                    reason: "the switch could not be told apart from the pipe calls in this run; run it again")
            }
            let nanos = Int((s.threadSwitchMicros * 1000).rounded())
            let measured = "\(nanos) ns per thread switch, net"
            if s.threadSwitchMicros < 1 {
                return ClaimResult(
                    claim: claim, measured: measured, verdict: .holds,
                    reason: "under a microsecond on this machine")
            }
            return ClaimResult(
                claim: claim, measured: measured, verdict: .doesNotHold,
                reason: "a kernel thread switch takes microseconds; nanosecond switches belong to user-space tasks")
        case saveMemory.id:
            guard let s = reports.switchReport else { return missing }
            var measured = "a process switch: \(microsText(s.processSwitchMicros))"
            var reason = "no memory is copied: registers are saved and the page-table root is changed"
            if let big = reports.spawn?.largestTouched, big.touchMillis > 0 {
                measured += "; writing \(big.touchedMiB) MiB once: \(microsText(big.touchMillis * 1000))"
                reason = "a switch is far quicker than touching the memory once: no memory is saved or restored"
            }
            return ClaimResult(claim: claim, measured: measured, verdict: .doesNotHold, reason: reason)
        case creation.id:
            guard let p = reports.spawn, p.threadCreateMicros > 0 else { return missing }
            let ratio = p.forkMicros / p.threadCreateMicros
            var measured = "thread \(microsText(p.threadCreateMicros)), fork \(microsText(p.forkMicros))"
            var reason = "a small fork cost \(timesText(ratio)) a thread create + join"
            if let big = p.largestTouched {
                measured += ", fork after \(big.touchedMiB) MiB touched \(microsText(big.forkMicros))"
                reason += "; fork grows with the parent's resident memory"
            }
            if ratio < 1.5 {
                return ClaimResult(claim: claim, measured: measured, verdict: .doesNotHold, reason: reason)
            }
            return ClaimResult(
                claim: claim, measured: measured,
                verdict: ratio < 3 ? .dependsOn("the parent's resident memory") : .holds,
                reason: reason)
        case cpuBound.id:
            guard let c = reports.scaling, let best = c.cpuBound.last else { return missing }
            let at = min(max(2, c.cpus), best.workers)
            guard let point = ScalingReport.point(c.cpuBound, workers: at) else { return missing }
            var measured =
                "\(at) workers: Swift threads \(timesText(point.threadsSpeedup)), processes \(timesText(point.processesSpeedup))"
            var reason = "native threads run on every CPU at once, as processes do"
            if let py = c.python, let pyPoint = ScalingReport.point(py.points, workers: at) {
                measured +=
                    "; Python \(py.version) threads \(timesText(pyPoint.threadsSpeedup)), processes \(timesText(pyPoint.processesSpeedup))"
                reason =
                    py.gilEnabled
                    ? "true for CPython with the GIL, whose threads take turns; native threads scale like processes"
                    : "this Python runs without the GIL: its threads scale too"
            }
            if c.cpus < 2 {
                return ClaimResult(
                    claim: claim, measured: measured, verdict: .dependsOn("having more than one CPU"),
                    reason: "one CPU: nothing can run in parallel, threads or processes")
            }
            return ClaimResult(claim: claim, measured: measured, verdict: .dependsOn("the runtime"), reason: reason)
        case ioBound.id:
            guard let c = reports.scaling, let last = c.ioBound.last else { return missing }
            let measured =
                "\(last.workers) workers: threads \(timesText(last.threadsSpeedup)), processes \(timesText(last.processesSpeedup))"
            if last.threadsSpeedup >= 1.5 {
                return ClaimResult(
                    claim: claim, measured: measured, verdict: .holds,
                    reason: "blocked threads wait side by side without using a CPU, and cost less to start")
            }
            return ClaimResult(
                claim: claim, measured: measured, verdict: .doesNotHold,
                reason: "the waits did not overlap in this run")
        default:
            return missing
        }
    }

    /// A claimed range of microseconds against the net figure.
    private static func range(
        _ claim: ArticleClaim, _ net: Double, _ claimed: ClosedRange<Double>, raw: Double, pinned: Bool
    ) -> ClaimResult {
        guard net > 0.1 * raw else {
            return ClaimResult(
                claim: claim, measured: "\(microsText(raw)) per switch with the pipe calls",
                verdict: .dependsOn("a quieter run"),
                reason: "the switch could not be told apart from the pipe calls in this run; run it again")
        }
        let measured = "\(microsText(net)) per switch, net (\(microsText(raw)) with the pipe calls)"
        let how = pinned ? "pinned to one CPU" : "not pinned"
        if claimed.contains(net) {
            return ClaimResult(
                claim: claim, measured: measured, verdict: .holds, reason: "within the article's range, \(how)")
        }
        return ClaimResult(
            claim: claim, measured: measured, verdict: .doesNotHold,
            reason: net < claimed.lowerBound
                ? "cheaper than the article's range, \(how)" : "dearer than the article's range, \(how)")
    }
}
