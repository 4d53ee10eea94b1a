/// A puzzle for the interleaving stepper: a title, a goal shown on screen, the
/// options it starts with, and a check whether the learner has reached it.
///
/// ```swift
/// let scenario = InterleaveScenario.all[1]      // "Lose an update"
/// var model = scenario.makeModel()
/// // … the learner steps threads …
/// if scenario.isMet(by: model) { showSolved() }
/// ```
public struct InterleaveScenario: Sendable, Identifiable, Equatable {
    /// What counts as solving a scenario.
    public enum Goal: Sendable, Equatable {
        /// Both threads finished and the counter ends at this value.
        case finishWithCounter(Int)
        /// Both threads finished and at least one update was lost.
        case loseAnUpdate
        /// Both threads finished, nothing lost, with the lock on.
        case finishLockedWithoutLoss
    }

    public let id: String
    public let title: String
    /// One sentence shown on screen: what to achieve.
    public let goal: String
    /// A nudge for the learner who is stuck.
    public let hint: String
    public let options: InterleaveOptions
    public let check: Goal

    /// A fresh model set up for this scenario.
    public func makeModel() -> InterleaveModel { InterleaveModel(options) }

    /// Whether `model` has reached the goal. The model's own options count,
    /// so expanding `counter += 1` inside a scenario is allowed.
    public func isMet(by model: InterleaveModel) -> Bool {
        guard model.isFinished else { return false }
        switch check {
        case .finishWithCounter(let value): return model.counter == value
        case .loseAnUpdate: return model.lostUpdates > 0
        case .finishLockedWithoutLoss: return model.options.locked && model.lostUpdates == 0
        }
    }

    /// The scenarios, in teaching order.
    public static let all: [InterleaveScenario] = [
        InterleaveScenario(
            id: "take-turns", title: "Take turns",
            goal: "Run T1 to the end, then T2: the counter should end at 2.",
            hint: "Step T1 three times, then T2 three times.",
            options: InterleaveOptions(), check: .finishWithCounter(2)),
        InterleaveScenario(
            id: "lose-one", title: "Lose an update",
            goal: "Make the counter end at 1 instead of 2.",
            hint: "Let both threads load the counter before either one stores.",
            options: InterleaveOptions(), check: .finishWithCounter(1)),
        InterleaveScenario(
            id: "one-line", title: "One line, three instructions",
            goal: "Lose an update. counter += 1 looks like one step: expand it first.",
            hint: "Collapsed, no order loses anything. Expanded, it is load, add, store.",
            options: InterleaveOptions(expanded: false), check: .loseAnUpdate),
        InterleaveScenario(
            id: "twice-each", title: "Twice each",
            goal: "Each thread adds 1 twice. Make the counter end at 2 instead of 4.",
            hint: "Let T1 load; run T2 through a whole round and its next load; then finish T1, and let T2 store last.",
            options: InterleaveOptions(rounds: 2), check: .finishWithCounter(2)),
        InterleaveScenario(
            id: "with-lock", title: "With the lock",
            goal: "With the lock: try to lose an update — you can't. Finish both threads.",
            hint: "A thread at acquire waits while the other holds the lock.",
            options: InterleaveOptions(locked: true), check: .finishLockedWithoutLoss),
    ]

    /// The scenario with this id.
    public static func named(_ id: String) -> InterleaveScenario? {
        all.first { $0.id == id }
    }
}
