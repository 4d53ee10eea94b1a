import Labs

/// Presenter mode on the fork lab: the value the parent reads against the child's copy.
extension ForkScreen {
    func presenterTitle(_ app: AppModel) -> String { "Lab: fork — the child gets a copy" }

    func presenterFigures(_ app: AppModel) -> [PresenterFigure] {
        guard case .finished(let r) = lab.phase else { return [] }
        return [
            PresenterFigure(
                "parent PID \(r.parentPid) reads", String(r.parentValue), unit: "at \(r.parentAddress)", role: .ok),
            PresenterFigure(
                "child PID \(r.childPid) wrote its copy", String(r.childValue), unit: "at \(r.childAddress)",
                role: .accent),
            PresenterFigure("before fork", String(r.initialValue), unit: "in both", role: .strong),
        ]
    }
}
