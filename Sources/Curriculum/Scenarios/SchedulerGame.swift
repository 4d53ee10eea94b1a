/// The state of one scheduler game: the learner's tries as a tree (undo
/// keeps the abandoned branch, and any node can be revisited), hints
/// unlocked one at a time, and whether the goal or a livelock was reached.
/// No screen: the lab screen draws it and feeds it keys.
///
///     var game = SchedulerGame(scenario: scenario)
///     game.step(0)                  // thread 1 runs; false when it cannot
///     game.undo()                   // back to the parent; the branch stays in `nodes`
///     game.revisit(3)               // jump to any node of the tree
///     game.isSolved                 // the goal holds at the current node
///     game.revealHint()             // the next hint, or nil when all are shown
public struct SchedulerGame: Sendable {
    /// One state reached by an order; the root is the start.
    public struct Node: Sendable, Equatable {
        public var state: MachineState
        /// Index of the parent node, nil for the root.
        public var parent: Int?
        /// The thread (0-based) that led here from the parent, nil for the root.
        public var thread: Int?
        /// Child node per thread that has been tried from here, in the order tried.
        public var children: [Int] = []
        /// Steps from the start.
        public var depth: Int
        /// What the step did, in words ("T1 loads 0 from counter into r").
        public var narration: String?
    }

    public let scenario: Scenario
    public let machine: SchedulerMachine
    /// Every node ever reached; index 0 is the start. Nodes are never removed.
    public private(set) var nodes: [Node]
    /// The node the learner is at.
    public private(set) var current = 0
    /// How many hints are shown.
    public private(set) var hintsShown = 0

    public init(scenario: Scenario) {
        self.scenario = scenario
        machine = scenario.machine
        nodes = [Node(state: machine.initialState, parent: nil, thread: nil, depth: 0)]
    }

    public var state: MachineState { nodes[current].state }

    /// Threads (0-based) from the start to the current node.
    public var order: [Int] { path(to: current).compactMap { nodes[$0].thread } }

    /// Node indices from the root to `node`.
    public func path(to node: Int) -> [Int] {
        var result: [Int] = []
        var at: Int? = node
        while let here = at {
            result.append(here)
            at = nodes[here].parent
        }
        return result.reversed()
    }

    /// Runs `thread`'s next instruction. When this thread was already tried
    /// from here, goes to that node instead of making a new one. False when
    /// the thread cannot run (the state does not change).
    @discardableResult
    public mutating func step(_ thread: Int) -> Bool {
        guard thread >= 0, thread < machine.threadCount else { return false }
        if let existing = nodes[current].children.first(where: { nodes[$0].thread == thread }) {
            current = existing
            return true
        }
        let narration = machine.narrate(thread, from: state)
        guard let next = machine.step(thread, from: state) else { return false }
        nodes.append(
            Node(
                state: next, parent: current, thread: thread, depth: nodes[current].depth + 1, narration: narration))
        nodes[current].children.append(nodes.count - 1)
        current = nodes.count - 1
        return true
    }

    /// Back one step; the abandoned node stays in the tree. False at the start.
    @discardableResult
    public mutating func undo() -> Bool {
        guard let parent = nodes[current].parent else { return false }
        current = parent
        return true
    }

    /// Goes to any node of the tree.
    public mutating func revisit(_ node: Int) {
        guard nodes.indices.contains(node) else { return }
        current = node
    }

    /// Back to the start; the tree is kept.
    public mutating func restart() { current = 0 }

    /// The next hint, which from now on stays shown; nil when all are shown.
    public mutating func revealHint() -> String? {
        guard hintsShown < scenario.hints.count else { return nil }
        hintsShown += 1
        return scenario.hints[hintsShown - 1]
    }

    public var shownHints: ArraySlice<String> { scenario.hints.prefix(hintsShown) }

    /// Whether the goal holds at the current node (or held on the way to it,
    /// for goals such as `both critical` that hold for a moment).
    public var isSolved: Bool {
        path(to: current).contains { machine.goalHolds(in: nodes[$0].state) }
    }

    /// No thread can run at the current node.
    public var isOver: Bool { machine.enabledThreads(in: state).isEmpty }

    /// The current state repeats an earlier one on the path: the threads run
    /// but nothing moves.
    public var livelock: Livelock? {
        let path = path(to: current)
        return Livelock.detect(states: path.map { nodes[$0].state }, order: path.dropFirst().map { nodes[$0].thread! })
    }

    /// Score for a solved game: the steps used and the explorer's shortest.
    public func score(shortest: Int) -> (steps: Int, shortest: Int)? {
        guard isSolved else { return nil }
        let steps = path(to: current).first { machine.goalHolds(in: nodes[$0].state) }.map { nodes[$0].depth } ?? 0
        return (steps, shortest)
    }
}
