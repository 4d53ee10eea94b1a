import Foundation
import Testing

@testable import Curriculum

@Suite("Scheduler game")
struct SchedulerGameTests {
    @Test("solving the lost update by steps, with undo keeping the abandoned branch")
    func playLostUpdate() throws {
        var game = SchedulerGame(scenario: try ShippedScenarios.scenario("lost-update"))
        do {
            let ok = game.step(0)
            #expect(ok)
        }
        do {
            let ok = game.step(0)
            #expect(ok)
        }
        do {
            let ok = game.undo()
            #expect(ok)
        }  // T1's add abandoned
        #expect(game.order == [0])
        #expect(game.nodes.count == 3)
        for thread in [1, 0, 1, 0, 1] {
            do {
                let ok = game.step(thread)
                #expect(ok)
            }
        }
        #expect(game.isOver)
        #expect(game.isSolved)
        #expect(game.machine.value(of: "counter", in: game.state) == 1)
        let score = try #require(game.score(shortest: 6))
        #expect(score.steps == 6 && score.shortest == 6)
        do {
            let ok = game.step(0)
            #expect(!ok)
        }  // finished
        // The abandoned branch is still there and can be revisited.
        let abandoned = try #require(game.nodes.firstIndex { $0.depth == 2 && $0.thread == 0 })
        game.revisit(abandoned)
        #expect(game.order == [0, 0])
        #expect(!game.isSolved)
        // Stepping a thread already tried from a node goes back to that node.
        game.restart()
        let before = game.nodes.count
        do {
            let ok = game.step(0)
            #expect(ok)
        }
        #expect(game.nodes.count == before)
    }

    @Test("hints unlock one at a time")
    func hints() throws {
        let scenario = try ShippedScenarios.scenario("lost-update")
        var game = SchedulerGame(scenario: scenario)
        #expect(game.shownHints.isEmpty)
        var hint = game.revealHint()
        #expect(hint == scenario.hints[0])
        hint = game.revealHint()
        #expect(hint == scenario.hints[1])
        hint = game.revealHint()
        #expect(hint == scenario.hints[2])
        hint = game.revealHint()
        #expect(hint == nil)
        #expect(Array(game.shownHints) == scenario.hints)
    }

    @Test("a thread spinning in place is a livelock; a blocked step changes nothing")
    func livelockAndBlocked() throws {
        var game = SchedulerGame(scenario: try ShippedScenarios.scenario("flags"))
        game.step(0)
        game.step(0)  // T1 raised flag1
        #expect(game.livelock == nil)
        game.step(1)  // T2 spins: back where it was
        #expect(game.livelock?.threads == [1])

        var locked = SchedulerGame(scenario: try ShippedScenarios.scenario("with-lock"))
        locked.step(0)
        do {
            let ok = locked.step(1)
            #expect(!ok)
        }
        #expect(locked.order == [0])
    }

    @Test("both critical counts as solved once reached, even after a thread leaves")
    func momentaryGoal() throws {
        let scenario = try ShippedScenarios.scenario("flags")
        var game = SchedulerGame(scenario: scenario)
        for thread in ScheduleExplorer.explore(scenario.machine).shortestFailing { game.step(thread - 1) }
        #expect(game.isSolved)
        game.step(0)  // T1 leaves its critical section
        #expect(game.isSolved)
    }

    @Test("each step is narrated from the state before it")
    func narration() throws {
        let machine = try ShippedScenarios.scenario("lost-update").machine
        var state = machine.initialState
        #expect(machine.narrate(0, from: state) == "T1 loads 0 from counter into r")
        state = machine.step(0, from: state)!
        #expect(machine.narrate(0, from: state) == "T1 adds 1 to r: 0 → 1")
        state = machine.step(0, from: state)!
        #expect(machine.narrate(0, from: state) == "T1 stores 1 into counter, which held 0")

        let locked = try ShippedScenarios.scenario("with-lock").machine
        let held = locked.step(0, from: locked.initialState)!
        #expect(locked.narrate(1, from: held) == "T2 waits: lock m is held by T1")

        let wakeup = try ShippedScenarios.scenario("lost-wakeup").machine
        var w = wakeup.initialState
        #expect(wakeup.narrate(0, from: w) == "Waiter checks ready != 0: ready is 0, so it goes on")
        for thread in [1, 1] { w = wakeup.step(thread, from: w)! }
        #expect(wakeup.narrate(1, from: w) == "Notifier notifies go: nobody is waiting, so nothing happens")
    }
}

@Suite("Scenario progress")
struct ScenarioProgressTests {
    @Test("solved beats shown, the best steps are kept, and it round-trips through JSON")
    func record() throws {
        var progress = LearnerProgress()
        let date = Date(timeIntervalSince1970: 1_000_000)
        progress.recordShown(scenario: "lost-update")
        #expect(progress.scenarios["lost-update"]?.status == .shown)
        progress.recordSolved(scenario: "lost-update", steps: 9, shortest: 6, hintsUsed: 2, at: date)
        progress.recordSolved(scenario: "lost-update", steps: 7, shortest: 6, hintsUsed: 0, at: date + 60)
        progress.recordShown(scenario: "lost-update")
        let entry = try #require(progress.scenarios["lost-update"])
        #expect(entry.status == .done)
        #expect(entry.bestSteps == 7)
        #expect(entry.hintsUsed == 2)
        #expect(entry.solvedAt == date)
        let decoded = try JSONDecoder().decode(LearnerProgress.self, from: JSONEncoder().encode(progress))
        #expect(decoded == progress)
    }

    @Test("a file without scenarios, or with an unknown status, still reads")
    func oldFiles() throws {
        let old = try JSONDecoder().decode(LearnerProgress.self, from: Data(#"{"version": 1}"#.utf8))
        #expect(old.scenarios.isEmpty)
        let newer = try JSONDecoder().decode(
            LearnerProgress.self,
            from: Data(#"{"version": 1, "scenarios": {"x": {"status": "mastered", "hintsUsed": 1}}}"#.utf8))
        #expect(newer.scenarios["x"]?.status == nil)
        #expect(newer.scenarios["x"]?.hintsUsed == 1)
    }
}
