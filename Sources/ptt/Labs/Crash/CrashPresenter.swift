import Labs

/// Presenter mode on the crash lab: the signal that killed the child, who survived it, and the threads that died.
extension CrashScreen {
    func presenterTitle(_ app: AppModel) -> String { "Lab: crash — what a segfault takes down" }

    func presenterFigures(_ app: AppModel) -> [PresenterFigure] {
        guard case .finished(let r) = lab.phase else { return [] }
        let a = r.processCrash
        let b = r.threadCrash
        let signal =
            a.signal == "none"
            ? []
            : [
                PresenterFigure(
                    "child PID \(a.pid) killed by signal", String(a.signalNumber), unit: a.signal, role: .bad)
            ]
        return signal + [
            PresenterFigure(
                a.siblingSurvived ? "survived: the sibling" : "the sibling stopped", String(a.siblingPid), unit: "PID",
                role: a.siblingSurvived ? .ok : .bad),
            PresenterFigure(
                a.parentSurvived ? "survived: ptt" : "ptt", String(a.parentPid), unit: "PID", role: .ok),
            PresenterFigure(
                "a thread crashed: threads of PID \(b.pid) that died",
                "\(b.allDied ? b.threadsInProcess : 0)/\(b.threadsInProcess)", unit: "threads", role: .bad),
        ]
    }
}
