import Labs

/// `ptt demo race|locked|atomic --plain`: a line when the run starts, one
/// at each tenth of the increments done, and the final figures.
extension CounterSnapshot: LabPayload {
    /// The tenths of the configured increments done (0…10).
    var tenth: Int { expected > 0 ? min(10, done * 10 / expected) : 10 }

    func plainLines(after previous: CounterSnapshot?) -> [String] {
        var lines: [String] = []
        if previous == nil {
            let word = perThreadDone.count == 1 ? "thread" : "threads"
            lines.append(
                "\(kind.rawValue): \(perThreadDone.count) OS \(word) × \(grouped(incrementsPerThread)) increments of "
                    + "one shared counter = \(grouped(expected)) expected; "
                    + CounterScreen.placement(threads: perThreadDone.count, cpus: cpus, pinned: pinned))
        }
        // The report tells the end; a snapshot says how far the run got.
        guard !finished, tenth > (previous?.tenth ?? 0) else { return lines }
        lines.append(
            "t=\(oneDecimal(elapsed)) s counter \(grouped(counter)) after \(grouped(done)) of "
                + "\(grouped(expected)) expected increments (\(tenth * 10) %), \(grouped(lostSoFar)) lost so far")
        return lines
    }
}

extension CounterReport: LabPayload {
    func plainLines(after previous: CounterReport?) -> [String] {
        let run = pacedSeconds.map { "slowed-down run (spread over \(oneDecimal($0)) s)" } ?? "full-speed run"
        let lostText = lost == 0 ? "no update lost" : "\(grouped(lost)) updates lost (\(percent(lostFraction)))"
        return [
            "\(lab.rawValue) \(run)\(cancelled ? " stopped early" : " finished"): counter \(grouped(final)) of "
                + "\(grouped(expected)) expected, \(lostText); \(threads) thread\(threads == 1 ? "" : "s") in "
                + "\(Self.duration(seconds)), \(twoDecimals(nsPerIncrement)) ns per increment"
                + (pacedSeconds == nil ? "" : " (sleeps included)")
        ]
    }

    /// "9.6 ms" below a second, "3.00 s" from one on.
    static func duration(_ seconds: Double) -> String {
        seconds < 1 ? "\(oneDecimal(seconds * 1000)) ms" : "\(twoDecimals(seconds)) s"
    }
}

extension CounterOptions {
    /// The runs the screen makes: the watched (slowed-down) run, then the
    /// same at full speed; with `--no-animation`, the full-speed run only.
    func plainRuns(_ kind: CounterKind) -> [LabStart] {
        var state = CounterLabState(kind: kind)
        if let threads { state.threads = threads }
        if let increments { state.incrementsPerThread = increments }
        if let seconds { state.seconds = seconds }
        let paced = global.noAnimation ? [false] : [true, false]
        return paced.map { paced in
            let config = state.config(paced: paced)
            return LabStart(config) { _ in try CounterRunning(CounterRun.start(config)) }
        }
    }
}

extension RaceCommand {
    func plainRuns() throws -> [LabStart] { options.plainRuns(.race) }
}

extension LockedCommand {
    func plainRuns() throws -> [LabStart] { options.plainRuns(.locked) }
}

extension AtomicCommand {
    func plainRuns() throws -> [LabStart] { options.plainRuns(.atomic) }
}
