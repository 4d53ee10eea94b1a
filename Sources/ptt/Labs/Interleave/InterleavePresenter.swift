import Curriculum

/// Presenter mode on the scheduler game: the shared value against what it
/// would be with no update lost, the updates lost, and the steps taken.
extension InterleaveScreen {
    func presenterTitle(_ app: AppModel) -> String {
        guard let game = lab.game, lab.mode != .picker else { return "Lab: interleave — you are the scheduler" }
        return "Lab: interleave — \(game.scenario.title)"
    }

    /// Only over the game itself: the tree, the text and the list are drawn as usual.
    func presenterFigures(_ app: AppModel) -> [PresenterFigure] {
        guard let game = lab.game, lab.mode == .playing || lab.mode == .confirmingShow else { return [] }
        let machine = game.machine
        let program = machine.program
        let replay = machine.outcome(of: game.order)
        var figures: [PresenterFigure] = []
        if let name = program.variables.first {
            let value = game.state.values[0]
            figures.append(PresenterFigure(name, String(value), role: .accent))
            if let lost = replay?.lostUpdates {
                figures.append(PresenterFigure("lost updates", String(lost), role: lost > 0 ? .bad : .ok))
                figures.append(PresenterFigure("expected so far", String(value + lost), unit: "with nothing lost"))
            }
        }
        let shortest = lab.exploration.map { " (shortest to the goal: \($0.shortestFailing.count))" } ?? ""
        figures.append(
            PresenterFigure(
                "steps" + shortest, String(game.order.count), unit: game.isSolved ? "goal reached" : "",
                role: game.isSolved ? .ok : .strong))
        return figures
    }
}
