import ArgumentParser
import Curriculum
import Foundation
import Labs

/// `ptt demo interleave` runs no lab threads, so the generic `--plain`,
/// `--record` and `--replay` have nothing to tell or save: the game tells
/// its orders itself, records the order the learner played, and plays a
/// recorded one back on its screen.
extension InterleaveCommand {
    func run() throws {
        if show.plain {
            try runPlain()
            return
        }
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        if let replay = show.replay {
            let (recording, scenario) = try readRecording(replay)
            if json || !interactive {
                guard let report = recording.report, !report.order.isEmpty,
                    let replayed = scenario.machine.outcome(of: report.order.map { $0 - 1 })
                else { throw ValidationError("\(replay): the recorded game has no steps to replay") }
                try printJSON(ReplayReport(scenario: scenario, replay: replayed))
                return
            }
            var model = AppModel(library: try global.loadLibrary(), size: .init(width: 80, height: 24))
            var screen = InterleaveScreen(scenarios: library(with: scenario), open: scenario.id)
            screen.playRecording(recording, model)
            model.notice = nil
            try runApp(model: model, global: global, startEffects: [.push(screen)])
            return
        }
        if json || !interactive {
            try printJSON(try report())
            if let record = show.record { try recordTold(to: record) }
            return
        }
        var model = AppModel(library: try global.loadLibrary(), size: .init(width: 80, height: 24))
        let recorder = show.record.map { InterleaveRecorder(path: $0) }
        var screen = makeScreen(&model)
        screen.lab.recorder = recorder
        screen.noted(model)
        do {
            try runApp(model: model, global: global, startEffects: [.push(screen)])
        } catch {
            try? recorder?.write()
            throw error
        }
        if let recorder {
            try recorder.write()
            FileHandle.standardOutput.write(Data("recorded the game to \(recorder.path)\n".utf8))
        }
    }

    /// `--plain`: the order told step by step (the scenario, the shared
    /// values after each step, the outcome); with `--explore` the proof's
    /// figures first; with `--replay FILE` the recorded game.
    func runPlain() throws {
        for line in try plainLines() {
            FileHandle.standardOutput.write(Data((line.visibleControlCharacters + "\n").utf8))
        }
        if let record = show.record {
            try recordTold(to: record)
            FileHandle.standardOutput.write(Data("recorded to \(record)\n".utf8))
        }
    }

    /// What `--plain` prints.
    func plainLines() throws -> [String] {
        if let replay = show.replay {
            let (recording, scenario) = try readRecording(replay)
            let order = (recording.report?.order ?? []).map { $0 - 1 }
            var lines = [recording.label, InterleavePlain.header(scenario)]
            if let seed = recording.report?.seed { lines.append("a random schedule, seed \(seed)") }
            if order.isEmpty { return lines + ["the recorded game has no steps"] }
            return lines + (try steps(scenario, order, "\(replay)"))
        }
        let found = try chosenScenario()
        var lines = [InterleavePlain.header(found)]
        if random {
            let schedule = randomSchedule(found)
            lines.append(InterleavePlain.randomLine(schedule))
            return lines + (try steps(found, schedule.order, "the random schedule"))
        }
        if let order, let threads = Self.threads(order) {
            return lines + (try steps(found, threads, "--order"))
        }
        let exploration = ScheduleExplorer.explore(found.machine)
        if explore { return lines + InterleavePlain.exploration(found, exploration) }
        guard exploration.goalReachable, !exploration.shortestFailing.isEmpty else {
            return lines + InterleavePlain.exploration(found, exploration)
        }
        lines.append("the shortest order to the goal, \(exploration.shortestFailing.count) steps:")
        return lines + (try steps(found, exploration.shortestFailing.map { $0 - 1 }, "the shortest order"))
    }

    private func steps(_ scenario: Scenario, _ threads: [Int], _ source: String) throws -> [String] {
        do {
            return try InterleavePlain.steps(scenario, threads)
        } catch {
            throw ValidationError("\(source): \(error)")
        }
    }

    /// The order `--plain` or `--json` told, with its scenario and outcome,
    /// saved as a recording (`--record FILE` without the live screen).
    func recordTold(to path: String) throws {
        let found = try chosenScenario()
        var threads: [Int]
        var seed: UInt64?
        if random {
            threads = randomSchedule(found).order
            seed = randomSeed
        } else if let order, let parsed = Self.threads(order) {
            threads = parsed
        } else {
            threads = ScheduleExplorer.explore(found.machine).shortestFailing.map { $0 - 1 }
        }
        let recorder = InterleaveRecorder(path: path)
        var game = SchedulerGame(scenario: found)
        recorder.note(game, seed: seed, at: Date())
        for thread in threads {
            game.step(thread)
            recorder.note(game, seed: seed, at: Date())
        }
        try recorder.write()
    }

    /// A recording and its scenario, found among the course's scenarios.
    func readRecording(_ path: String) throws -> (InterleaveRecording, Scenario) {
        let recording = try InterleaveRecording.read(from: path, lab: "interleave")
        guard let id = recording.report?.scenario ?? recording.events.last?.snapshot.scenario else {
            throw ValidationError("\(path): the recording names no scenario")
        }
        let found: Scenario
        do {
            found = try ScenarioLibrary.find(id, lessonsDirectory: try global.lessonsDirectory())
        } catch {
            throw ValidationError("\(path): scenario '\(id)' \(error)")
        }
        if let order = recording.report?.order, !order.isEmpty {
            do {
                _ = try found.machine.replay(threads: order.map { $0 - 1 })
            } catch {
                throw ValidationError("\(path): the recorded order does not replay on scenario '\(id)': \(error)")
            }
        }
        return (recording, found)
    }

    /// The course's scenarios with `scenario` among them (in place of the one of the same id).
    private func library(with scenario: Scenario) -> ScenarioLibrary {
        var library = (try? ScenarioLibrary.load(lessonsDirectory: global.lessonsDirectory())) ?? ScenarioLibrary()
        if let index = library.scenarios.firstIndex(where: { $0.id == scenario.id }) {
            library.scenarios[index] = scenario
        } else {
            library.scenarios.append(scenario)
        }
        return library
    }
}
