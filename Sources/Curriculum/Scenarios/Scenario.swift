/// A scheduler puzzle, parsed from a file in `lessons/scenarios/`: the learner
/// is the scheduler and steps threads of a tiny program toward a goal.
///
/// The format is in `docs/scenario-format.md`; the program runs on a
/// ``SchedulerMachine`` and ``ScheduleExplorer`` proves whether the goal can
/// be reached at all.
public struct Scenario: Sendable, Equatable, Identifiable {
    /// The short name used on the command line (`--scenario lost-update`).
    public var id: String
    public var title: String
    /// The goal as written in the header (`final counter != 2`), for the screen.
    public var goalText: String
    public var goal: ScenarioGoal
    /// Hints in the order they unlock.
    public var hints: [String]
    /// The file it came from, as given to the parser.
    public var file: String
    /// The Markdown before the program (lesson blocks).
    public var prose: [Block]
    /// Any Markdown after the program.
    public var afterword: [Block]
    public var program: SchedulerProgram
    /// The program's source lines (the fence's content), for the screen.
    public var source: [String]

    public init(
        id: String, title: String, goalText: String, goal: ScenarioGoal, hints: [String], file: String,
        prose: [Block], afterword: [Block] = [], program: SchedulerProgram, source: [String]
    ) {
        self.id = id
        self.title = title
        self.goalText = goalText
        self.goal = goal
        self.hints = hints
        self.file = file
        self.prose = prose
        self.afterword = afterword
        self.program = program
        self.source = source
    }

    /// A machine for this scenario's program and goal.
    public var machine: SchedulerMachine { SchedulerMachine(program: program, goal: goal) }
}
