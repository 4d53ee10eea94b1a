import TerminalUI

/// A lab that runs once to a report (crash, fork): running, then finished or
/// failed. `r` runs it again; `q` leaves.
struct OneShotLabState<Report: Equatable>: Equatable {
    enum Phase: Equatable {
        case running
        case finished(Report)
        case failed(String)
    }

    var phase = Phase.running

    var isRunning: Bool { phase == .running }
}

/// The keys and messages the one-shot lab screens share; each screen keeps
/// its own view.
enum OneShotLab {
    /// `q`/Esc leave, `r`/Enter run again once the last run is over.
    static func update<Report>(
        _ model: inout AppModel, _ key: Key, state: WritableKeyPath<AppModel, OneShotLabState<Report>?>,
        start: (inout AppModel) -> [Effect]
    ) -> [Effect] {
        guard let lab = model[keyPath: state] else { return [] }
        switch key {
        case .character("q"), .escape:
            model[keyPath: state] = nil
            return LabLauncher.close(&model)
        case .character("r"), .enter:
            if lab.isRunning { return [] }
            return start(&model)
        default:
            return []
        }
    }

    /// The run ended with a report, or could not run.
    static func receive<Report>(
        _ model: inout AppModel, state: WritableKeyPath<AppModel, OneShotLabState<Report>?>, report: Report?,
        failure: String?
    ) -> [Effect] {
        guard model[keyPath: state]?.isRunning == true else { return [] }
        if let report { model[keyPath: state]?.phase = .finished(report) }
        if let failure { model[keyPath: state]?.phase = .failed(failure) }
        return []
    }
}
