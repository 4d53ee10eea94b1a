import Curriculum
import Foundation

/// State of the scheduler game screen: the scenario list, the game being
/// played, the proofs found so far, and what the screen is asking.
struct InterleaveLabState: Sendable {
    /// What the screen shows besides the game.
    enum Mode: Sendable, Equatable {
        /// The list of scenarios, easy to hard.
        case picker
        /// The game.
        case playing
        /// The tree of orders tried; `selected` indexes `treeRows`.
        case tree(selected: Int)
        /// "Show a losing order?" waits for y or n.
        case confirmingShow
        /// The scenario's whole text in place of the threads, from line `offset`.
        case reading(offset: Int)
    }

    var library: ScenarioLibrary
    var mode: Mode = .picker
    /// The scenario chosen in the picker or being played.
    var index = 0
    var game: SchedulerGame?
    /// Explorations already run, by scenario id.
    var explorations: [String: Exploration] = [:]
    /// Whether the proof is on screen.
    var showsProof = false
    /// Threads still to play (a shown or replayed order), one per beat.
    var playing: [Int] = []
    var ticksUntilStep = 0
    /// The current solve was played by ptt, not found by the learner.
    var assisted = false
    /// Node at which the solve was last recorded (one record per solve).
    var recordedAt: Int?
    /// A line above the messages saying what is being played: a random
    /// schedule and its seed, or a recorded game being replayed.
    var banner: String?
    /// The seed of the random schedule on screen (nil once the learner steps by hand).
    var randomSeed: UInt64?
    /// Random schedules played so far: with `--seed N` the k-th uses N + k.
    var randomPlays = 0
    /// With `--record FILE`: keeps each change of the order played.
    var recorder: InterleaveRecorder?

    /// Ticks between two played steps (~0.5 s at 30 frames a second).
    static let playDelay = 15

    init(library: ScenarioLibrary) { self.library = library }

    var scenarios: [Scenario] { library.scenarios }
    var scenario: Scenario? { scenarios.indices.contains(index) ? scenarios[index] : nil }
    var isPlaying: Bool { !playing.isEmpty }
    var exploration: Exploration? { scenario.flatMap { explorations[$0.id] } }

    /// Starts scenario `index` afresh.
    mutating func open(_ index: Int) {
        guard scenarios.indices.contains(index) else { return }
        self.index = index
        game = SchedulerGame(scenario: scenarios[index])
        mode = .playing
        showsProof = false
        playing = []
        assisted = false
        recordedAt = nil
        banner = nil
        randomSeed = nil
    }

    /// Explores the current scenario (once; the answer is kept).
    @discardableResult
    mutating func explore() -> Exploration? {
        guard let scenario else { return nil }
        if let known = explorations[scenario.id] { return known }
        let found = ScheduleExplorer.explore(scenario.machine)
        explorations[scenario.id] = found
        return found
    }

    /// The tree of orders tried, depth first, as rows: the node, how far it
    /// is indented (a chain stays in its column; each branch moves right),
    /// and its branch mark ("├ ", "└ ", or "" inside a chain).
    var treeRows: [(node: Int, indent: Int, mark: String)] {
        guard let game else { return [] }
        var rows: [(node: Int, indent: Int, mark: String)] = []
        var stack: [(node: Int, indent: Int, mark: String)] = [(0, 0, "")]
        while let row = stack.popLast() {
            rows.append(row)
            let children = game.nodes[row.node].children
            let branches = children.count > 1
            for (i, child) in children.enumerated().reversed() {
                let mark = branches ? (i == children.count - 1 ? "└ " : "├ ") : ""
                stack.append((child, row.indent + (branches ? 1 : 0), mark))
            }
        }
        return rows
    }
}
