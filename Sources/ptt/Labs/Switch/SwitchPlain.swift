import Labs

/// The switch lab's report as plain lines: the headline figures, each
/// ping-pong on its own, the kernel's counts, then the article's claims.
extension SwitchReport: LabPayload {
    func plainLines(after previous: SwitchReport?) -> [String] {
        var lines: [String] = []
        let how = pinned ? "pinned to one CPU" : "not pinned"
        lines.append(
            "context switch, threads: \(microsText(threadSwitchMicros)) net (\(microsText(rawThreadSwitchMicros)) "
                + "with the pipe calls), \(how)")
        lines.append(
            "context switch, processes: \(microsText(processSwitchMicros)) net "
                + "(\(microsText(rawProcessSwitchMicros)) with the pipe calls), \(how)")
        if let ratio = processToThreadRatio {
            lines.append("a process switch costs \(timesText(ratio)) a thread switch here")
        }
        lines.append(
            "a write + read on one pipe, no hand-off: \(microsText(syscallPairMicros.median)) (subtracted)")
        if let t = unpinnedThreadSwitchMicros, let p = unpinnedProcessSwitchMicros {
            lines.append(
                "unpinned (the two sides free to run on any CPU): threads \(microsText(t)), processes "
                    + "\(microsText(p)) per hand-off")
        }
        for m in measurements {
            let t = m.roundTripMicros
            lines.append(
                "round trip, \(m.partner == .thread ? "threads" : "processes"), "
                    + "\(m.pinned ? "pinned" : "unpinned"): median \(microsText(t.p50)) (p99 \(microsText(t.p99)), "
                    + "min \(microsText(t.min)), max \(microsText(t.max))) over \(grouped(m.timedRounds)) round trips")
        }
        for c in threadCountedSwitches + processCountedSwitches {
            lines.append(
                "switches counted by the kernel for TID \(c.tid) (\(c.role), PID \(c.pid)): \(grouped(c.voluntary)) "
                    + "voluntary + \(grouped(c.involuntary)) involuntary for \(grouped(rounds * repetitions)) round trips"
            )
        }
        lines += MeasurementPlain.claimLines("switch", MeasuredReports(switchReport: self))
        lines += MeasurementPlain.environmentLines(environment)
        return lines
    }
}

extension SwitchCommand {
    /// The screen's one run with these options (its predictions left out).
    func plainRuns() throws -> [LabStart] { [MeasurementScreen<SwitchLabEntry>.labStart(config)] }
}
