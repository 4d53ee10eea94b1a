import Curriculum
import TerminalUI

/// `ptt demo interleave`: the scheduler game. Pick a scenario, step its
/// threads one instruction at a time to reach the goal, then let the
/// explorer prove whether any order reaches it.
struct InterleaveScreen: Screen {
    var lab: InterleaveLabState

    /// The picker over `scenarios`; with `open`, that scenario's game.
    init(scenarios: ScenarioLibrary, open id: String? = nil) {
        lab = InterleaveLabState(library: scenarios)
        if let id, let index = scenarios.scenarios.firstIndex(where: { $0.id == id }) { lab.open(index) }
    }

    var name: String { "lab interleave" }
    var needsTicks: Bool { lab.isPlaying }

    private static func playing(_ s: Self) -> Bool { s.lab.mode == .playing && s.lab.game != nil }

    static let keyMap = KeyMap<InterleaveScreen>([
        // Asked before a losing order is shown.
        KeyBinding(
            .character("y"), label: "y", hint: "show it", help: "yes: show a losing order (marks it shown, not done)",
            section: "Show a losing order?", priority: 95, when: { s, _ in s.lab.mode == .confirmingShow }
        ) { s, app, _ in
            s.lab.mode = .playing
            return s.playShortest(&app, marksShown: true)
        },
        KeyBinding(
            .character("n"), .escape, label: "n", hint: "keep trying", help: "no: keep trying",
            section: "Show a losing order?", priority: 95, when: { s, _ in s.lab.mode == .confirmingShow }
        ) { s, _, _ in
            s.lab.mode = .playing
            return []
        },
        // The tree of orders tried.
        KeyBinding(
            .up, .down, label: "↑↓", hint: "choose", help: "choose a state in the tree", section: "Orders tried",
            priority: 90, when: { s, _ in if case .tree = s.lab.mode { true } else { false } }
        ) { s, _, key in
            guard case .tree(let selected) = s.lab.mode else { return [] }
            let count = s.lab.treeRows.count
            s.lab.mode = .tree(selected: max(0, min(count - 1, selected + (key == .up ? -1 : 1))))
            return []
        },
        KeyBinding(
            .enter, label: "Enter", hint: "go there", help: "go to the chosen state and play on from it",
            section: "Orders tried", priority: 95, when: { s, _ in if case .tree = s.lab.mode { true } else { false } }
        ) { s, app, _ in
            guard case .tree(let selected) = s.lab.mode else { return [] }
            let rows = s.lab.treeRows
            s.lab.playing = []
            s.lab.game?.revisit(rows[max(0, min(rows.count - 1, selected))].node)
            s.lab.mode = .playing
            s.byHand()
            s.noted(app)
            return s.checkSolved(&app)
        },
        KeyBinding(
            .character("t"), .escape, label: "t", hint: "close tree", help: "close the tree", section: "Orders tried",
            priority: 90, when: { s, _ in if case .tree = s.lab.mode { true } else { false } }
        ) { s, _, _ in
            s.lab.mode = .playing
            return []
        },
        // The scenario's text.
        KeyBinding(
            .up, .down, label: "↑↓", hint: "scroll", help: "scroll the text", section: "Reading", priority: 90,
            when: { s, _ in if case .reading = s.lab.mode { true } else { false } }
        ) { s, _, key in
            guard case .reading(let offset) = s.lab.mode else { return [] }
            s.lab.mode = .reading(offset: max(0, offset + (key == .up ? -1 : 1)))
            return []
        },
        KeyBinding(
            .character("x"), .escape, label: "x", hint: "back to the game", help: "back to the game",
            section: "Reading", priority: 95,
            when: { s, _ in if case .reading = s.lab.mode { true } else { false } }
        ) { s, _, _ in
            s.lab.mode = .playing
            return []
        },
        // The scenario list.
        KeyBinding(
            .up, .down, label: "↑↓", hint: "choose", help: "choose a scenario", section: "Scenarios", priority: 90,
            when: { s, _ in s.lab.mode == .picker && !s.lab.scenarios.isEmpty }
        ) { s, _, key in
            s.lab.index = max(0, min(s.lab.scenarios.count - 1, s.lab.index + (key == .up ? -1 : 1)))
            return []
        },
        KeyBinding(
            .enter, label: "Enter", hint: "play", help: "play the chosen scenario", section: "Scenarios",
            priority: 95, when: { s, _ in s.lab.mode == .picker && !s.lab.scenarios.isEmpty }
        ) { s, app, _ in
            s.lab.open(s.lab.index)
            s.noted(app)
            return []
        },
        // The game.
        KeyBinding(
            matching: { key in
                if case .character(let c) = key, let d = c.wholeNumberValue { (1...9).contains(d) } else { false }
            }, label: "1-9", hint: "step",
            labelText: { s, _ in
                let n = s.lab.game?.machine.threadCount ?? 1
                return n == 1 ? "1" : "1-\(n)"
            },
            help: "let thread 1, 2, … run its next instruction", section: "Be the scheduler",
            priority: KeyBinding<InterleaveScreen>.essential, when: { s, _ in playing(s) }
        ) { s, app, key in
            guard case .character(let c) = key, let d = c.wholeNumberValue else { return [] }
            return s.step(d - 1, &app)
        },
        KeyBinding(
            .character("u"), .backspace, label: "u", hint: "undo",
            help: "undo one step (the abandoned order stays in the tree)", section: "Be the scheduler", priority: 85,
            when: { s, _ in playing(s) }
        ) { s, app, _ in
            s.lab.playing = []
            if s.lab.game?.undo() != true { app.notice = "at the start: nothing to undo" }
            s.byHand()
            s.noted(app)
            return []
        },
        KeyBinding(
            .character("h"), label: "h", hint: "hint",
            hintText: { s, _ in
                guard let game = s.lab.game, game.hintsShown < game.scenario.hints.count else { return "hints" }
                return "hint \(game.hintsShown + 1)/\(game.scenario.hints.count)"
            },
            help: "show the next hint (one at a time)", section: "Be the scheduler", priority: 75,
            when: { s, _ in playing(s) }
        ) { s, app, _ in
            if s.lab.game?.revealHint() == nil { app.notice = "all the hints are shown" }
            return []
        },
        KeyBinding(
            .character("e"), label: "e", hint: "prove",
            help: "explore every order: can the goal happen at all, and how often?", section: "Be the scheduler",
            priority: 70, when: { s, _ in playing(s) }
        ) { s, _, _ in
            s.lab.explore()
            s.lab.showsProof = true
            return []
        },
        KeyBinding(
            .character("p"), label: "p", hint: "play shortest",
            help: "play the explorer's shortest order to the goal, step by step", section: "Be the scheduler",
            priority: 65,
            when: { s, _ in playing(s) && s.lab.showsProof && s.lab.exploration?.goalReachable == true }
        ) { s, app, _ in
            s.playShortest(&app, marksShown: true)
        },
        KeyBinding(
            .character("t"), label: "t", hint: "tree", help: "the tree of orders tried; go back to any state",
            section: "Be the scheduler", priority: 60, when: { s, _ in playing(s) }
        ) { s, _, _ in
            s.lab.playing = []
            let rows = s.lab.treeRows
            s.lab.mode = .tree(selected: rows.firstIndex { $0.node == s.lab.game?.current } ?? 0)
            return []
        },
        KeyBinding(
            .character("x"), label: "x", hint: "text",
            help: "the scenario's whole text (after a proof or solve: what it means)",
            section: "Be the scheduler", priority: 40, when: { s, _ in playing(s) }
        ) { s, _, _ in
            s.lab.mode = .reading(offset: 0)
            return []
        },
        KeyBinding(
            .character("r"), label: "r", hint: "restart", help: "back to the start (the tree is kept)",
            section: "Be the scheduler", priority: 45, when: { s, _ in playing(s) }
        ) { s, app, _ in
            s.lab.playing = []
            s.lab.game?.restart()
            s.byHand()
            s.noted(app)
            return []
        },
        KeyBinding(
            .character("R"), label: "R", hint: "random",
            help: "play a random schedule (its seed is shown; --seed N repeats it)",
            section: "Be the scheduler", priority: 42, when: { s, _ in playing(s) }
        ) { s, app, _ in
            s.playRandom(&app)
            return []
        },
        KeyBinding(
            .character("s"), label: "s", hint: "scenarios", help: "the list of scenarios", section: "Be the scheduler",
            priority: 35, when: { s, _ in playing(s) }
        ) { s, _, _ in
            s.lab.playing = []
            s.lab.mode = .picker
            return []
        },
        KeyBinding(
            .character("w"), label: "w", hint: "show me",
            help: "show an order that reaches the goal (asks first; counts as shown)",
            section: "Be the scheduler", priority: 30, when: { s, _ in playing(s) }
        ) { s, app, _ in
            s.lab.playing = []
            guard s.lab.explore()?.goalReachable == true else {
                app.notice = "no order reaches the goal, so there is none to show (e proves it)"
                return []
            }
            s.lab.mode = .confirmingShow
            return []
        },
        KeyBinding(
            .character("n"), .character("N"), label: "n", helpLabel: "n  N", hint: "next",
            help: "next / previous scenario", section: "Be the scheduler", priority: 20,
            when: { s, _ in playing(s) && s.lab.scenarios.count > 1 }
        ) { s, app, key in
            let n = s.lab.scenarios.count
            s.lab.open((s.lab.index + (key == .character("n") ? 1 : n - 1)) % n)
            s.noted(app)
            return []
        },
        .help, .presenter, .pause, .slow, .step, .back(), .quit,
    ])

    /// Runs `thread`'s next instruction, or says why it cannot run.
    mutating func step(_ thread: Int, _ app: inout AppModel) -> [Effect] {
        guard var game = lab.game else { return [] }
        lab.playing = []
        guard thread < game.machine.threadCount else {
            app.notice = "there is no thread \(thread + 1) (threads 1 to \(game.machine.threadCount))"
            return []
        }
        let readiness = game.machine.readiness(of: thread, in: game.state)
        guard game.step(thread) else {
            app.notice = "\(threadName(thread)) \(game.machine.explain(readiness))"
            return []
        }
        lab.game = game
        lab.assisted = false
        byHand()
        noted(app)
        return checkSolved(&app)
    }

    /// The learner took over: what was being played is no longer on screen.
    mutating func byHand() {
        lab.banner = nil
        lab.randomSeed = nil
    }

    /// Tells the recorder (`--record FILE`) the order now on screen.
    func noted(_ app: AppModel) {
        lab.recorder?.note(lab.game, seed: lab.randomSeed, at: app.clock())
    }

    /// The seed the next random schedule uses: `--seed N` plus the number
    /// played before it, else one from the clock.
    func nextRandomSeed(_ app: AppModel) -> UInt64 {
        app.seed.map { $0 &+ UInt64(lab.randomPlays) }
            ?? RandomSchedule.clockSeed(secondsSince1970: app.clock().timeIntervalSince1970)
    }

    /// Plays a random schedule from the start, one step per beat, and says
    /// its seed; `seed` overrides the next one (`--random --seed N`).
    mutating func playRandom(_ app: inout AppModel, seed: UInt64? = nil) {
        guard let scenario = lab.scenario, lab.game != nil else { return }
        let seed = seed ?? nextRandomSeed(app)
        let schedule = RandomSchedule.play(scenario.machine, seed: seed)
        lab.randomPlays += 1
        lab.game?.restart()
        lab.playing = schedule.order
        lab.ticksUntilStep = 0
        lab.assisted = true
        lab.randomSeed = seed
        lab.banner = InterleavePlain.randomLine(schedule)
        noted(app)
    }

    /// Plays a recorded game's order from the start, a step every 0.5 s, under the recording's label.
    mutating func playRecording(_ recording: InterleaveRecording, _ app: AppModel) {
        guard let report = recording.report, lab.game != nil else { return }
        lab.game?.restart()
        lab.playing = report.order.map { $0 - 1 }
        lab.ticksUntilStep = 0
        lab.assisted = true
        lab.randomSeed = report.seed
        lab.banner = recording.label
        noted(app)
    }

    /// Records a solve the learner found (once per goal state), with its score.
    mutating func checkSolved(_ app: inout AppModel) -> [Effect] {
        guard let game = lab.game, game.isSolved, !lab.assisted, lab.recordedAt != game.current,
            let shortest = lab.explore()?.shortestFailing.count, let score = game.score(shortest: shortest)
        else { return [] }
        lab.recordedAt = game.current
        app.progress.recordSolved(
            scenario: game.scenario.id, steps: score.steps, shortest: score.shortest, hintsUsed: game.hintsShown,
            at: app.clock())
        return [.saveProgress]
    }

    /// Plays the explorer's shortest order to the goal from the start, one
    /// step per beat; `marksShown` records the puzzle as shown.
    @discardableResult
    mutating func playShortest(_ app: inout AppModel, marksShown: Bool) -> [Effect] {
        guard let scenario = lab.scenario, let found = lab.explore() else { return [] }
        guard found.goalReachable else {
            app.notice = "no order reaches the goal: there is nothing to show"
            return []
        }
        lab.game?.restart()
        lab.playing = found.shortestFailing.map { $0 - 1 }
        lab.ticksUntilStep = 0
        lab.assisted = true
        byHand()
        noted(app)
        guard marksShown else { return [] }
        app.progress.recordShown(scenario: scenario.id)
        return [.saveProgress]
    }

    func threadName(_ thread: Int) -> String {
        lab.game?.machine.program.threads[thread].name ?? "T\(thread + 1)"
    }

    func statusBar(_ app: AppModel) -> StatusBar {
        // The notice is drawn above the bar, where it always has room.
        StatusBar(hints: Self.keyMap.hints(self, app)).message(status(app))
    }

    func status(_ app: AppModel) -> String? {
        guard lab.isPlaying else { return nil }
        if lab.banner?.hasPrefix("replay") == true { return "replaying…" }
        return lab.randomSeed == nil ? "playing the shortest order…" : "playing a random schedule…"
    }

    mutating func receive(_ message: ScreenMessage, _ app: inout AppModel) -> [Effect] {
        guard case .tick = message, lab.isPlaying else { return [] }
        if lab.ticksUntilStep > 0 {
            lab.ticksUntilStep -= 1
            return []
        }
        let thread = lab.playing.removeFirst()
        lab.game?.step(thread)
        lab.ticksUntilStep = InterleaveLabState.playDelay
        noted(app)
        return []
    }
}
