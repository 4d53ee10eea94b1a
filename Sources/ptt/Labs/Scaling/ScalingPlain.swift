import Labs

/// The scaling lab's report as plain lines: the speed-up at each worker
/// count, CPU-bound then I/O-bound (then Python's), and the article's claims.
extension ScalingReport: LabPayload {
    func plainLines(after previous: ScalingReport?) -> [String] {
        func points(_ title: String, _ points: [ScalingPoint], threads: String = "threads") -> [String] {
            points.map { p in
                "\(title), \(p.workers) worker\(p.workers == 1 ? "" : "s"): \(threads) "
                    + "\(timesText(p.threadsSpeedup)) (\(ScalingChart.secondsText(p.threadsSeconds))), processes "
                    + "\(timesText(p.processesSpeedup)) (\(ScalingChart.secondsText(p.processesSeconds))) "
                    + "speed-up over 1 worker"
            }
        }
        let plural = cpus == 1 ? "" : "s"
        var lines = ["CPU-bound job: \(cpuJob); I/O-bound job: \(ioJob); \(cpus) CPU\(plural)"]
        lines += points("CPU-bound", cpuBound)
        lines.append("CPU-bound: \(cpus) CPU\(plural) give at most \(cpus)×; past that, more workers share them")
        lines += points("I/O-bound", ioBound)
        lines.append("I/O-bound: a blocked thread uses no CPU, so the waits overlap whatever the CPU count")
        if let py = python {
            lines.append(
                "Python \(py.version) (\(py.executable)), GIL \(py.gilEnabled ? "on" : "off") (\(py.gilCheck)), "
                    + "start method \(py.startMethod): the same CPU-bound job")
            lines += points("Python CPU-bound", py.points, threads: "Python threads")
        } else if let note = pythonNote {
            lines.append("Python: \(note)")
        }
        if !countsAgree { lines.append("WARNING: the runs did not all find the same number of primes") }
        lines += MeasurementPlain.claimLines("scaling", MeasuredReports(scaling: self))
        lines += MeasurementPlain.environmentLines(environment)
        return lines
    }
}

extension ScalingCommand {
    /// The screen's one run with these options (its predictions left out).
    func plainRuns() throws -> [LabStart] { [MeasurementScreen<ScalingLabEntry>.labStart(config)] }
}
