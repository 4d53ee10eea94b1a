import Foundation
import Labs
import Testing

@Suite("Interleaving model")
struct InterleaveTests {
    func play(_ order: [StepperThread], on model: inout InterleaveModel) {
        for thread in order { model.step(thread) }
    }

    @Test("T1 load, T2 load, T1 add, T2 add, T1 store, T2 store ends at 1 with one update lost")
    func classicLosingOrder() {
        var model = InterleaveModel()
        play(InterleaveModel.classicLosingOrder, on: &model)
        #expect(model.isFinished)
        #expect(model.counter == 1)
        #expect(model.lostUpdates == 1)
        #expect(model.steps == 6)
        #expect(model.lastOutcome == .executed(.store, lostUpdates: 1))
        #expect(
            model.log == [
                "T1 loads 0 into its register",
                "T2 loads 0 into its register",
                "T1 adds 1: its register now holds 1",
                "T2 adds 1: its register now holds 1",
                "T1 stores 1 into the counter",
                "T2 stores 1 — T1's update is lost",
            ])
    }

    @Test("the lost update is reported at the store that overwrites, not before")
    func lostUpdateMoment() {
        var model = InterleaveModel()
        play([.t1, .t2, .t1, .t2], on: &model)
        do {
            let outcome = model.step(.t1)
            #expect(outcome == .executed(.store, lostUpdates: 0))
        }
        #expect(model.lostUpdates == 0)
        do {
            let outcome = model.step(.t2)
            #expect(outcome == .executed(.store, lostUpdates: 1))
        }
        #expect(model.lostUpdates == 1)
    }

    @Test("the issue's order T1-load, T2-load, T1-add, T1-store, T2-add, T2-store also loses one")
    func issueOrder() {
        var model = InterleaveModel()
        play([.t1, .t2, .t1, .t1, .t2, .t2], on: &model)
        #expect(model.counter == 1 && model.lostUpdates == 1)
    }

    @Test("one thread after the other ends at 2 with nothing lost")
    func sequential() {
        var model = InterleaveModel()
        play([.t1, .t1, .t1, .t2, .t2, .t2], on: &model)
        #expect(model.isFinished && model.counter == 2 && model.lostUpdates == 0)
    }

    @Test("with the lock the losing order cannot happen: T2 waits at acquire and the counter ends at 2")
    func lockPreventsLoss() {
        var model = InterleaveModel(InterleaveOptions(locked: true))
        #expect(model.program == [.acquire, .load, .add, .store, .release])
        do {
            let outcome = model.step(.t1)
            #expect(outcome == .executed(.acquire, lostUpdates: 0))
        }
        #expect(model.lockHolder == .t1)
        #expect(model.isBlocked(.t2) && !model.canStep(.t2))
        let attempt = model.step(.t2)
        #expect(attempt == .blocked(by: .t1))
        #expect(model.log.last == "T2 waits at acquire: T1 holds the lock")
        #expect(model.pc(of: .t2) == 0 && model.steps == 1)
        // Keep trying the losing alternation; T2 gets nowhere until T1 releases.
        for _ in 0..<4 {
            model.step(.t1)
            if model.lockHolder == .t1 {
                let outcome = model.step(.t2)
                #expect(outcome == .blocked(by: .t1))
            }
        }
        #expect(model.lockHolder == nil && model.pc(of: .t1) == 5)
        play([.t2, .t2, .t2, .t2, .t2], on: &model)
        #expect(model.isFinished && model.counter == 2 && model.lostUpdates == 0)
        #expect(model.losingOrder() == nil)
    }

    @Test("no schedule at all loses an update with the lock, or with counter += 1 collapsed")
    func exhaustive() {
        for options in [
            InterleaveOptions(locked: true), InterleaveOptions(expanded: false),
            InterleaveOptions(rounds: 3, locked: true), InterleaveOptions(rounds: 2, locked: true, expanded: false),
        ] {
            let outcomes = allFinalCounters(InterleaveModel(options))
            #expect(outcomes == [options.rounds * 2], "options \(options): \(outcomes)")
            #expect(InterleaveModel(options).losingOrder() == nil)
        }
    }

    @Test("expanded, one round can end at 1 or 2; two rounds at 2, 3 or 4")
    func reachableResults() {
        #expect(allFinalCounters(InterleaveModel()) == [1, 2])
        #expect(allFinalCounters(InterleaveModel(InterleaveOptions(rounds: 2))) == [2, 3, 4])
    }

    @Test("collapsed, counter += 1 is one step that does load, add and store")
    func collapsed() {
        var model = InterleaveModel(InterleaveOptions(expanded: false))
        #expect(model.program == [.increment])
        do {
            let outcome = model.step(.t2)
            #expect(outcome == .executed(.increment, lostUpdates: 0))
        }
        #expect(model.counter == 1 && model.register(of: .t2) == 1)
        #expect(model.log.last == "T2 runs counter += 1 in one step: the counter goes from 0 to 1")
        model.step(.t1)
        #expect(model.isFinished && model.counter == 2)
    }

    @Test("undo restores the exact previous state, a blocked attempt included")
    func undo() {
        var model = InterleaveModel(InterleaveOptions(rounds: 2, locked: true))
        var states = [model]
        for thread: StepperThread in [.t1, .t2, .t1, .t1, .t2, .t1, .t2] {
            model.step(thread)
            states.append(model)
        }
        while states.count > 1 {
            states.removeLast()
            let undone = model.undo()
            #expect(undone)
            #expect(model == states.last!)
        }
        let undoneAtStart = model.undo()
        #expect(!undoneAtStart && !model.canUndo)
        #expect(model == InterleaveModel(InterleaveOptions(rounds: 2, locked: true)))
    }

    @Test("undo after the lost update brings the counter and registers back")
    func undoLostUpdate() {
        var model = InterleaveModel()
        play(Array(InterleaveModel.classicLosingOrder.dropLast()), on: &model)
        let before = model
        model.step(.t2)
        #expect(model.lostUpdates == 1)
        model.undo()
        #expect(model == before)
        #expect(model.counter == 1 && model.register(of: .t2) == 1 && model.lostUpdates == 0)
    }

    @Test("reset goes back to the start with the same options")
    func reset() {
        var model = InterleaveModel(InterleaveOptions(rounds: 3))
        play([.t1, .t2, .t2, .t1], on: &model)
        model.reset()
        #expect(model == InterleaveModel(InterleaveOptions(rounds: 3)))
        #expect(model.log.isEmpty && model.steps == 0 && !model.canUndo)
    }

    @Test("configure changes the options and resets")
    func configure() {
        var model = InterleaveModel()
        model.step(.t1)
        model.configure(InterleaveOptions(expanded: false))
        #expect(model == InterleaveModel(InterleaveOptions(expanded: false)))
    }

    @Test("stepping a thread that is done does nothing but say so")
    func stepDoneThread() {
        var model = InterleaveModel(InterleaveOptions(expanded: false))
        model.step(.t1)
        do {
            let outcome = model.step(.t1)
            #expect(outcome == .done)
        }
        #expect(model.log.last == "T1 has nothing left to run")
        #expect(model.steps == 1 && model.counter == 1)
    }

    @Test("the losing order from the start is the classic one, and replaying it loses", arguments: 1...3)
    func losingOrder(rounds: Int) throws {
        let model = InterleaveModel(InterleaveOptions(rounds: rounds))
        let order = try #require(model.losingOrder())
        if rounds == 1 { #expect(order == InterleaveModel.classicLosingOrder) }
        var replay = model
        play(order, on: &replay)
        #expect(replay.isFinished && replay.lostUpdates > 0)
        #expect(replay.lostUpdates == replay.expected - replay.counter)
    }

    @Test("a losing order is found from the middle of a run when one still exists")
    func losingOrderMidway() throws {
        var model = InterleaveModel()
        model.step(.t1)
        model.step(.t1)
        let order = try #require(model.losingOrder())
        play(order, on: &model)
        #expect(model.counter == 1)
        var safe = InterleaveModel()
        play([.t1, .t1, .t1], on: &safe)
        #expect(safe.losingOrder() == nil)
    }

    @Test("the report carries lab, steps and lostUpdates")
    func report() throws {
        var model = InterleaveModel()
        play(InterleaveModel.classicLosingOrder, on: &model)
        let data = try JSONEncoder().encode(model.report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["lab"] as? String == "interleave")
        #expect(object["steps"] as? Int == 6)
        #expect(object["lostUpdates"] as? Int == 1)
    }

    @Test("rounds outside 1...5 are rejected by validate and clamped by the model")
    func rounds() {
        #expect(throws: LabConfigError(field: "rounds", allowed: "between 1 and 5", value: "0")) {
            try InterleaveOptions(rounds: 0).validate()
        }
        #expect(InterleaveModel(InterleaveOptions(rounds: 9)).options.rounds == 5)
    }

    // MARK: helpers

    /// Every final counter value some schedule reaches.
    func allFinalCounters(_ start: InterleaveModel) -> Set<Int> {
        var results = Set<Int>()
        func explore(_ model: InterleaveModel) {
            if model.isFinished {
                results.insert(model.counter)
                #expect(model.lostUpdates == model.expected - model.counter)
                return
            }
            for thread in StepperThread.allCases where model.canStep(thread) {
                var next = model
                next.step(thread)
                explore(next)
            }
        }
        explore(start)
        return results
    }
}

@Suite("Interleaving scenarios")
struct InterleaveScenarioTests {
    func scenario(_ id: String) throws -> InterleaveScenario {
        try #require(InterleaveScenario.named(id))
    }

    @Test("every scenario has a title and a goal, and unique ids")
    func shape() {
        let all = InterleaveScenario.all
        #expect(Set(all.map(\.id)).count == all.count)
        #expect(all.allSatisfy { !$0.title.isEmpty && !$0.goal.isEmpty && !$0.hint.isEmpty })
        #expect(all.contains { $0.goal == "Make the counter end at 1 instead of 2." })
    }

    @Test("no scenario is met before its threads finish")
    func notMetAtStart() {
        for scenario in InterleaveScenario.all {
            #expect(!scenario.isMet(by: scenario.makeModel()), "\(scenario.id)")
        }
    }

    @Test("every scenario can be solved, and some order fails it", arguments: InterleaveScenario.all.map(\.id))
    func solvable(id: String) throws {
        let scenario = try scenario(id)
        var met = false
        var failed = false
        var starts = [scenario.makeModel()]
        if !scenario.options.expanded {
            var expanded = scenario.options
            expanded.expanded = true
            starts.append(InterleaveModel(expanded))
        }
        func explore(_ model: InterleaveModel) {
            if model.isFinished {
                if scenario.isMet(by: model) { met = true } else { failed = true }
                return
            }
            for thread in StepperThread.allCases where model.canStep(thread) {
                var next = model
                next.step(thread)
                explore(next)
            }
        }
        starts.forEach(explore)
        #expect(met, "no schedule solves \(id)")
        if scenario.check != .finishLockedWithoutLoss { #expect(failed, "every schedule solves \(id)") }
    }

    @Test("take turns: sequential is met, the losing order is not")
    func takeTurns() throws {
        let s = try scenario("take-turns")
        var good = s.makeModel()
        for t: StepperThread in [.t1, .t1, .t1, .t2, .t2, .t2] { good.step(t) }
        #expect(s.isMet(by: good))
        var bad = s.makeModel()
        for t in InterleaveModel.classicLosingOrder { bad.step(t) }
        #expect(!s.isMet(by: bad))
    }

    @Test("lose one: the classic losing order meets the goal")
    func loseOne() throws {
        let s = try scenario("lose-one")
        var model = s.makeModel()
        for t in InterleaveModel.classicLosingOrder { model.step(t) }
        #expect(s.isMet(by: model))
    }

    @Test("one line: collapsed never meets the goal; expanded, the losing order does")
    func oneLine() throws {
        let s = try scenario("one-line")
        var collapsed = s.makeModel()
        collapsed.step(.t1)
        collapsed.step(.t2)
        #expect(collapsed.isFinished && !s.isMet(by: collapsed))
        var model = s.makeModel()
        model.configure(InterleaveOptions(expanded: true))
        for t in InterleaveModel.classicLosingOrder { model.step(t) }
        #expect(s.isMet(by: model))
    }

    @Test("twice each: the order from the hint ends at 2")
    func twiceEach() throws {
        let s = try scenario("twice-each")
        var model = s.makeModel()
        let order: [StepperThread] = [.t1, .t2, .t2, .t2, .t2, .t1, .t1, .t1, .t1, .t1, .t2, .t2]
        for t in order { model.step(t) }
        #expect(model.isFinished && model.counter == 2)
        #expect(s.isMet(by: model))
    }

    @Test("with the lock: any finished run meets the goal")
    func withLock() throws {
        let s = try scenario("with-lock")
        var model = s.makeModel()
        for t in InterleaveModel.classicLosingOrder + [.t1, .t1, .t2, .t2, .t2, .t2, .t2] { model.step(t) }
        #expect(model.isFinished && model.counter == 2)
        #expect(s.isMet(by: model))
    }
}
