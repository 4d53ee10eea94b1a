import Foundation
import Testing

@testable import Curriculum

/// The shipped scenarios, loaded once.
enum ShippedScenarios {
    static let lessonsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // CurriculumTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("lessons").path

    static func library() throws -> ScenarioLibrary {
        try ScenarioLibrary.load(lessonsDirectory: lessonsDirectory)
    }

    static func scenario(_ id: String) throws -> Scenario {
        try #require(try library().scenario(id: id), "no shipped scenario '\(id)'")
    }
}

/// Parses a scenario written inline, failing the test on any diagnostic.
func scenario(_ program: String, goal: String, id: String = "test") throws -> Scenario {
    let text = "---\nid: \(id)\ntitle: Test\ngoal: \(goal)\nhint: h\n---\nProse.\n\n```scenario\n\(program)```\n"
    let result = ScenarioParser.parse(text, file: "test.md")
    #expect(result.diagnostics.map(\.description) == [])
    return try #require(result.scenario)
}

/// Every complete order of `machine`, found by brute force with no visited
/// set: an independent check on the explorer's counting. Only for small,
/// loop-free programs.
func allOrders(_ machine: SchedulerMachine) -> [[Int]] {
    var result: [[Int]] = []
    func walk(_ state: MachineState, _ order: [Int]) {
        let enabled = machine.enabledThreads(in: state)
        if enabled.isEmpty {
            result.append(order)
            return
        }
        for thread in enabled { walk(machine.step(thread, from: state)!, order + [thread]) }
    }
    walk(machine.initialState, [])
    return result
}

/// Whether the goal holds at some state along `order` (0-based threads).
func reachesGoal(_ machine: SchedulerMachine, _ order: [Int]) -> Bool {
    var state = machine.initialState
    if machine.goalHolds(in: state) { return true }
    for thread in order {
        state = machine.step(thread, from: state)!
        if machine.goalHolds(in: state) { return true }
    }
    return false
}

let loadAddStore = """
    shared counter = 0

    thread T1
      load r counter
      add r 1
      store counter r

    thread T2
      load r counter
      add r 1
      store counter r

    """

@Suite("Schedule explorer")
struct ScheduleExplorerTests {
    @Test("the lost update: 20 orders of 6 steps, only the 2 serial ones keep both updates")
    func lostUpdateCounts() throws {
        // Hand count: an order is fixed by which 3 of the 6 slots are T1's: C(6,3) = 20.
        // The counter ends at 2 only if one thread's store precedes the other's load,
        // which forces all of one thread before the other: 2 orders. 20 - 2 = 18.
        let lost = try scenario(loadAddStore, goal: "final counter != 2")
        let result = ScheduleExplorer.explore(lost.machine)
        #expect(result.orders == 20)
        #expect(result.failingOrders == 18)
        #expect(result.goalReachable)
        #expect(!result.loops && result.complete)
        // Shortest: all six steps (the goal needs both finished); one switch
        // away from a runnable thread is needed, and enough.
        #expect(result.shortestFailing.count == 6)
        #expect(result.preemptions == 1)
        let replay = try lost.machine.replay(result.shortestFailing.map(String.init).joined(separator: ","))
        #expect(replay.goalReached)
        #expect(replay.lostUpdates == 1)
        #expect(replay.state.values == [1])

        let kept = try scenario(loadAddStore, goal: "final counter == 2")
        let keptResult = ScheduleExplorer.explore(kept.machine)
        #expect(keptResult.failingOrders == 2)
        #expect(keptResult.preemptions == 0)
    }

    @Test("orders and failing orders agree with brute force on every small loop-free shipped scenario")
    func bruteForce() throws {
        for scenario in try ShippedScenarios.library().scenarios where !scenario.program.hasBackwardJumps {
            let machine = scenario.machine
            let orders = allOrders(machine)
            guard orders.count < 50_000 else { continue }
            let result = ScheduleExplorer.explore(machine)
            #expect(result.orders == orders.count, "\(scenario.id)")
            let failing = orders.filter { reachesGoal(machine, $0) }
            #expect(result.failingOrders == failing.count, "\(scenario.id)")
            #expect(result.goalReachable == !failing.isEmpty, "\(scenario.id)")
        }
    }

    @Test("the shortest failing order is as short as brute force finds, with the fewest preemptions")
    func shortestIsShortest() throws {
        for scenario in try ShippedScenarios.library().scenarios where !scenario.program.hasBackwardJumps {
            let machine = scenario.machine
            let orders = allOrders(machine)
            guard orders.count < 50_000 else { continue }
            // Every prefix that first reaches the goal.
            var best: (length: Int, preemptions: Int)?
            for order in orders {
                var state = machine.initialState
                for (i, thread) in order.enumerated() {
                    state = machine.step(thread, from: state)!
                    if machine.goalHolds(in: state) {
                        let candidate = (i + 1, machine.preemptions(of: Array(order[...i]))!)
                        if best == nil || candidate < best! { best = candidate }
                        break
                    }
                }
            }
            let result = ScheduleExplorer.explore(machine)
            #expect(result.shortestFailing.count == best?.length ?? 0, "\(scenario.id)")
            #expect(result.preemptions == best?.preemptions ?? 0, "\(scenario.id)")
            if !result.shortestFailing.isEmpty {
                #expect(machine.preemptions(of: result.shortestFailing.map { $0 - 1 }) == result.preemptions)
            }
        }
    }

    @Test("with a lock no order loses an update: 2 orders, none failing")
    func withLock() throws {
        // Whoever takes m first runs to its unlock; the other cannot start
        // before: exactly two orders, both serial.
        let result = ScheduleExplorer.explore(try ShippedScenarios.scenario("with-lock").machine)
        #expect(!result.goalReachable)
        #expect(result.orders == 2)
        #expect(result.failingOrders == 0)
        #expect(result.shortestFailing == [])
        #expect(result.complete)
    }

    @Test("an atomic increment cannot lose an update")
    func atomicIncrement() throws {
        let result = ScheduleExplorer.explore(try ShippedScenarios.scenario("atomic-increment").machine)
        #expect(!result.goalReachable)
        #expect(result.orders == 2)
    }

    @Test("two locks in opposite order deadlock after one step each; in one order they cannot")
    func deadlocks() throws {
        let opposite = ScheduleExplorer.explore(try ShippedScenarios.scenario("opposite-locks").machine)
        #expect(opposite.goalReachable)
        #expect(opposite.deadlockStates == 1)  // T1 holds a, T2 holds b: the only way
        #expect(opposite.shortestFailing.count == 2)
        #expect(Set(opposite.shortestFailing) == [1, 2])
        #expect(opposite.preemptions == 1)

        let ordered = ScheduleExplorer.explore(try ShippedScenarios.scenario("lock-order").machine)
        #expect(!ordered.goalReachable)
        #expect(ordered.deadlockStates == 0)
        #expect(ordered.complete)
    }

    @Test("Peterson's algorithm keeps both out; with its first two lines swapped it does not")
    func peterson() throws {
        let peterson = ScheduleExplorer.explore(try ShippedScenarios.scenario("peterson").machine)
        #expect(peterson.complete)
        #expect(!peterson.goalReachable)
        #expect(peterson.loops)  // a thread can spin
        #expect(peterson.orders == nil && peterson.failingOrders == nil)

        let swappedScenario = try ShippedScenarios.scenario("peterson-swapped")
        let swapped = ScheduleExplorer.explore(swappedScenario.machine)
        #expect(swapped.goalReachable)
        let replay = try swappedScenario.machine.replay(threads: swapped.shortestFailing.map { $0 - 1 })
        #expect(replay.goalReached)
    }

    @Test("every shipped scenario's shortest failing order replays to its goal")
    func shippedReplays() throws {
        for scenario in try ShippedScenarios.library().scenarios {
            let result = ScheduleExplorer.explore(scenario.machine)
            #expect(result.complete, "\(scenario.id)")
            guard result.goalReachable else { continue }
            let order = result.shortestFailing.map(String.init).joined(separator: ",")
            let replay = try scenario.machine.replay(order)
            #expect(replay.goalReached, "\(scenario.id)")
            #expect(replay.steps == result.shortestFailing.count)
        }
    }

    @Test("a spinning scenario terminates with orders nil")
    func loopTerminates() throws {
        let spin = try scenario(
            """
            shared flag = 0

            thread Spinner
            top:
              if flag == 0 goto top

            thread Setter
              set flag 1

            """, goal: "final flag == 1")
        let result = ScheduleExplorer.explore(spin.machine)
        #expect(result.loops)
        #expect(result.orders == nil)
        #expect(result.failingOrders == nil)
        #expect(result.goalReachable)
        #expect(result.shortestFailing == [2, 1])
        // Spinner at top or done, Setter before or after: the start, the
        // Spinner spinning (same state), Setter done, Spinner done.
        #expect(result.states == 3)
    }

    @Test("a counting loop with no repeated state is not a loop: its orders are counted")
    func boundedLoop() throws {
        let counting = try scenario(
            """
            shared x = 0

            thread T1
            again:
              inc x
              add n 1
              if n != 2 goto again

            thread T2
              inc x

            """, goal: "final x == 3")
        let result = ScheduleExplorer.explore(counting.machine)
        #expect(!result.loops)
        // T1 runs 6 steps, T2 one: 7 ways to place T2's step.
        #expect(result.orders == 7)
        #expect(result.failingOrders == 7)
    }

    @Test("a state limit stops the search and says nothing is proven")
    func limit() throws {
        let result = ScheduleExplorer.explore(try ShippedScenarios.scenario("peterson").machine, limit: 10)
        #expect(!result.complete)
        #expect(result.orders == nil)
        #expect(result.states <= 10)
    }

    @Test("the explore report encodes null orders for a looping scenario")
    func reportJSON() throws {
        let peterson = try ShippedScenarios.scenario("peterson")
        let report = ExploreReport(scenario: peterson, exploration: ScheduleExplorer.explore(peterson.machine))
        let json = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        #expect(json["lab"] as? String == "interleave")
        #expect(json["scenario"] as? String == "peterson")
        #expect(json["orders"] is NSNull)
        #expect(json["failingOrders"] is NSNull)
        #expect((json["shortestFailing"] as? [Int]) == [])
        #expect(json["goalReachable"] as? Bool == false)
        #expect(json["states"] as? Int == report.states)
        #expect(json["preemptions"] as? Int == 0)

        let lost = try ShippedScenarios.scenario("lost-update")
        let lostReport = ExploreReport(scenario: lost, exploration: ScheduleExplorer.explore(lost.machine))
        let lostJSON = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(lostReport)) as? [String: Any])
        #expect(lostJSON["orders"] as? Int == 20)
        #expect(lostJSON["failingOrders"] as? Int == 18)
    }
}
