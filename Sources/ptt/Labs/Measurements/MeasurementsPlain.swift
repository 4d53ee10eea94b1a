import Labs

/// A measurement's progress as plain lines: one when a phase starts and one
/// at every tenth of the whole run, never one per frame.
extension LabProgress: LabPayload {
    func plainLines(after previous: LabProgress?) -> [String] {
        let percent = Int((fraction * 100).rounded(.down))
        if let previous, previous.phase == phase, percent / 10 <= Int((previous.fraction * 100).rounded(.down)) / 10 {
            return []
        }
        if phase == "starting" && fraction == 0 { return [] }
        return ["measuring: \(phase) (\(percent) % done)"]
    }
}

/// Plain lines shared by the measurement labs' reports.
enum MeasurementPlain {
    /// One line per claim of the article that lab `lab` measures, judged against `reports`:
    /// "the article says "…"; here: 2.41 µs per switch, net → holds (within the article's range, pinned)".
    static func claimLines(_ lab: String, _ reports: MeasuredReports) -> [String] {
        ArticleClaims.evaluate(reports).filter { $0.claim.lab == lab }.map(line)
    }

    /// One claim with what was measured here and its verdict, on one line.
    static func line(_ r: ClaimResult) -> String {
        "the article says \"\(r.claim.says)\"; here: \(r.measured) -> \(r.verdict.text) (\(r.reason))"
    }

    /// The conditions, and a warning first when a debug build measured.
    static func environmentLines(_ e: MeasurementEnvironment) -> [String] {
        (e.isDebugBuild ? ["WARNING: a debug build: these numbers are not meaningful (swift build -c release)"] : [])
            + ["measured on: " + environmentLine(e)]
    }
}
