import ArgumentParser
import Curriculum
import Foundation

/// The scheduler game in the registry, and `ptt demo interleave`.
enum InterleaveLab {
    static let entry = LabEntry(
        name: "interleave",
        summary: "be the scheduler: step modelled threads to reach a goal, then prove whether it can happen (a model)",
        command: InterleaveCommand.self,
        open: { app in [.push(InterleaveScreen(scenarios: scenarios(for: app.library)))] },
        follow: { app, figures in openLostUpdateReplay(&app, lostUpdates: figures["lostUpdates"]) })

    /// The scenario every "lost update" link opens.
    static let lostUpdateID = "lost-update"

    /// The scenarios beside the lessons the app shows (`lessons/scenarios/`),
    /// else beside the lessons folder ptt would use by default.
    static func scenarios(for library: LessonLibrary) -> ScenarioLibrary {
        var folders: [String] = []
        if let file = library.lessons.first?.file {
            folders.append(URL(fileURLWithPath: file).deletingLastPathComponent().path)
        }
        if let fallback = try? GlobalOptions.parse([]).lessonsDirectory() { folders.append(fallback) }
        for folder in folders {
            if let loaded = try? ScenarioLibrary.load(lessonsDirectory: folder), !loaded.scenarios.isEmpty {
                return loaded
            }
        }
        return ScenarioLibrary()
    }

    /// Opens the lost-update scenario with the explorer's shortest failing
    /// order ready to play step by step (for the race lab's result screen:
    /// "each of the N lost updates was one order like this"). `lostUpdates`,
    /// when given, is the real run's count, said in the notice line.
    static func openLostUpdateReplay(_ app: inout AppModel, lostUpdates: Int? = nil) -> [Effect] {
        var screen = InterleaveScreen(scenarios: scenarios(for: app.library), open: lostUpdateID)
        guard screen.lab.game != nil else {
            app.notice = "the lost-update scenario is missing from lessons/scenarios/ (run ptt check)"
            return []
        }
        screen.playShortest(&app, marksShown: false)
        if let lostUpdates, lostUpdates > 0 {
            app.notice =
                lostUpdates == 1
                ? "the lost update was one order like this"
                : "each of the \(grouped(lostUpdates)) lost updates was one order like this"
        }
        return [.push(screen)]
    }
}

/// `ptt demo interleave`: the scheduler game; with `--json`, a replay or the proof.
struct InterleaveCommand: LabCommand {
    static let configuration = CommandConfiguration(
        commandName: "interleave",
        abstract: "Be the scheduler: step modelled threads to reach a goal, and prove whether it can happen (a model).",
        discussion: """
            Scenarios are files in lessons/scenarios/ (see docs/scenario-format.md).
            Every order, counted; one order; a random one (the same for a seed);
            the order you play saved, then played back:
              ptt demo interleave --scenario lost-update --explore --json
              ptt demo interleave --scenario lost-update --order 1,2,1,2,1,2 --json
              ptt demo interleave --random --seed 7 --plain
              ptt demo interleave --record game.json
              ptt demo interleave --replay game.json
            """
    )

    @Option(help: ArgumentHelp("A scenario id (lessons/scenarios/) or a scenario file.", valueName: "id|file"))
    var scenario: String?

    @Option(help: "The order to replay, as thread numbers from 1 separated by commas (1,2,1,…).")
    var order: String?

    @Flag(help: "Explore every interleaving and report whether the goal can be reached (with --json).")
    var explore = false

    @Flag(help: "Play a random schedule: each next thread drawn from the runnable ones (--seed N repeats it).")
    var random = false

    @Flag(help: "Print one JSON report on stdout instead of the live screen.")
    var json = false

    @OptionGroup var show: LabShowOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if [explore, order != nil, random].filter({ $0 }).count > 1 {
            throw ValidationError("--explore, --order and --random: give one of them")
        }
        if show.replay != nil && (explore || order != nil || random || scenario != nil) {
            throw ValidationError(
                "--replay plays the recorded game: leave out --scenario, --order, --explore, --random")
        }
        let found = try chosenScenario()
        if let order {
            do {
                _ = try found.machine.replay(order)
            } catch {
                throw ValidationError("--order: \(error)")
            }
        }
    }

    /// The scenario named by `--scenario`, or the lost update.
    func chosenScenario() throws -> Scenario {
        let argument = scenario ?? InterleaveLab.lostUpdateID
        do {
            return try ScenarioLibrary.find(argument, lessonsDirectory: try global.lessonsDirectory())
        } catch let error as ScenarioLookupError {
            throw ValidationError("--scenario: \(error)")
        }
    }

    func report() throws -> any Encodable {
        let found = try chosenScenario()
        let machine = found.machine
        if explore { return ExploreReport(scenario: found, exploration: ScheduleExplorer.explore(machine)) }
        if random {
            let schedule = randomSchedule(found)
            guard let replay = machine.outcome(of: schedule.order), !schedule.order.isEmpty else {
                throw ValidationError("--scenario \(found.id): no thread can run at the start")
            }
            return RandomScheduleReport(scenario: found, schedule: schedule, replay: replay)
        }
        let replay: Replay
        do {
            if let order {
                replay = try machine.replay(order)
            } else {
                let shortest = ScheduleExplorer.explore(machine).shortestFailing
                guard !shortest.isEmpty else {
                    throw ValidationError(
                        "--scenario \(found.id): no order reaches the goal, so there is none to replay (--explore proves it; --order replays one)"
                    )
                }
                replay = try machine.replay(threads: shortest.map { $0 - 1 })
            }
        } catch let error as OrderError {
            throw ValidationError("--order: \(error)")
        }
        return ReplayReport(scenario: found, replay: replay)
    }

    func open(_ app: inout AppModel) -> [Effect] { [.push(makeScreen(&app))] }

    /// The screen `open` pushes: the picker, or the chosen scenario with
    /// `--order` played or a `--random` schedule under way.
    func makeScreen(_ app: inout AppModel) -> InterleaveScreen {
        var library = (try? ScenarioLibrary.load(lessonsDirectory: global.lessonsDirectory())) ?? ScenarioLibrary()
        guard scenario != nil || random, let found = try? chosenScenario() else {
            return InterleaveScreen(scenarios: library)
        }
        // A file stands in for the library's scenario of the same id, or comes last.
        if let index = library.scenarios.firstIndex(where: { $0.id == found.id }) {
            library.scenarios[index] = found
        } else {
            library.scenarios.append(found)
        }
        var screen = InterleaveScreen(scenarios: library, open: found.id)
        if let order, let threads = Self.threads(order) {
            for thread in threads { screen.lab.game?.step(thread) }
        }
        if random { screen.playRandom(&app, seed: randomSeed) }
        return screen
    }

    /// `--seed N`, or a seed from the clock, fixed once per command.
    var randomSeed: UInt64 { global.seed ?? Self.clockSeed }

    private static let clockSeed = RandomSchedule.clockSeed(secondsSince1970: Date().timeIntervalSince1970)

    /// The random schedule `--random` plays on `scenario`.
    func randomSchedule(_ scenario: Scenario) -> RandomSchedule {
        RandomSchedule.play(scenario.machine, seed: randomSeed)
    }

    /// An order's threads, 0-based (nil when it is not a list of numbers).
    static func threads(_ order: String) -> [Int]? {
        let parts = order.split(separator: ",", omittingEmptySubsequences: false)
        let numbers = parts.map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard numbers.allSatisfy({ $0 != nil }) else { return nil }
        return numbers.map { $0! - 1 }
    }
}
