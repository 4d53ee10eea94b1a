import Labs

/// Where the claims lab's batch is, as plain lines: one when a lab or one of
/// its phases starts, and one at every tenth of the whole batch.
extension BatchProgress: LabPayload {
    func plainLines(after previous: BatchProgress?) -> [String] {
        let percent = Int((fraction * 100).rounded(.down))
        if let previous, previous.index == index, previous.progress.phase == progress.phase,
            percent / 10 <= Int((previous.fraction * 100).rounded(.down)) / 10
        {
            return []
        }
        return ["measuring \(phase) (\(percent) % of all done)"]
    }
}

/// The claims lab's end: every claim of the article beside what was
/// measured here, with its verdict, and how many hold, do not, depend.
extension MeasuredReports: LabPayload {
    func plainLines(after previous: MeasuredReports?) -> [String] {
        let results = ArticleClaims.evaluate(self)
        let tally = ClaimsScreen.Tally(results)
        var lines = results.map(MeasurementPlain.line)
        if tally.measured == 0 {
            lines.append("\(results.count) claims: nothing measured yet")
        } else {
            lines.append(
                "\(results.count) claims: \(tally.holds) hold, \(tally.doesNotHold) do not, \(tally.depends) depend\(tally.depends == 1 ? "s" : "")"
                    + (tally.notMeasured > 0 ? ", \(tally.notMeasured) not measured" : ""))
        }
        return lines
    }
}

extension ClaimsCommand {
    /// What `r` on the screen runs: the three measurements in a row, standard settings.
    func plainRuns() throws -> [LabStart] {
        let labs = ClaimsScreen.labs
        return [LabStart("claims " + labs.joined(separator: ",")) { try BatchRunning(labs: labs, executable: $0) }]
    }
}
