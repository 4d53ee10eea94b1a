import Foundation
import Testing

@testable import Curriculum

@Suite("Shipped scenarios")
struct ShippedScenariosTests {
    @Test("every shipped scenario parses without diagnostics, in teaching order")
    func allParse() throws {
        let library = try ShippedScenarios.library()
        #expect(library.diagnostics.map(\.description) == [])
        #expect(library.skippedFiles == [])
        #expect(
            library.scenarios.map(\.id) == [
                "take-turns", "lost-update", "twice-each", "atomic-increment", "with-lock", "check-then-act",
                "opposite-locks", "lock-order", "flags", "peterson", "peterson-swapped", "lost-wakeup",
                "if-not-while", "bounded-buffer",
            ])
    }

    @Test("each shipped scenario has prose, a program and three hints, and its file is named NN-id.md")
    func shape() throws {
        for scenario in try ShippedScenarios.library().scenarios {
            #expect(scenario.hints.count == 3, "\(scenario.id)")
            #expect(!scenario.prose.isEmpty, "\(scenario.id)")
            #expect(scenario.program.threads.count >= 2, "\(scenario.id)")
            let name = URL(fileURLWithPath: scenario.file).lastPathComponent
            #expect(name.dropFirst(3) == "\(scenario.id).md", "\(scenario.id)")
            #expect(name.prefix(2).allSatisfy(\.isNumber) && name.dropFirst(2).first == "-")
        }
    }

    @Test("the goals the prose promises: which shipped scenarios can be solved and which are proofs")
    func reachability() throws {
        let unreachable: Set<String> = ["atomic-increment", "with-lock", "lock-order", "peterson"]
        for scenario in try ShippedScenarios.library().scenarios {
            let result = ScheduleExplorer.explore(scenario.machine)
            #expect(result.complete, "\(scenario.id)")
            #expect(result.goalReachable == !unreachable.contains(scenario.id), "\(scenario.id)")
        }
    }

    @Test("twice each: the counter can end at 2 of 4, and never below")
    func twiceEach() throws {
        let machine = try ShippedScenarios.scenario("twice-each").machine
        let result = ScheduleExplorer.explore(machine)
        #expect(result.goalReachable)
        // C(12, 6) orders of two six-step threads.
        #expect(result.orders == 924)
        let finals = Set(allOrders(machine).map { try! machine.replay(threads: $0).state.values[0] })
        #expect(finals == [2, 3, 4])
    }

    @Test("the fixed versions the prose describes are correct")
    func fixes() throws {
        // if-not-while with the loop the afterword suggests.
        let fixed = try scenario(
            """
            shared items = 0
            lock m
            cond nonempty

            thread C1
              lock m
            check:
              if items != 0 goto take
              wait nonempty m
              goto check
            take:
              load r items
              add r -1
              store items r
              unlock m

            thread C2
              lock m
            check:
              if items != 0 goto take
              wait nonempty m
              goto check
            take:
              load r items
              add r -1
              store items r
              unlock m

            thread P
              lock m
              inc items
              notify nonempty
              unlock m
              lock m
              inc items
              notify nonempty
              unlock m

            """, goal: "ever items < 0")
        let result = ScheduleExplorer.explore(fixed.machine)
        #expect(result.complete && !result.goalReachable)
        #expect(result.deadlockStates == 0)

        // lost-wakeup with the check under the lock, in a loop.
        let wakeup = try scenario(
            """
            shared ready = 0
            lock m
            cond go

            thread Waiter
              lock m
            check:
              if ready != 0 goto done
              wait go m
              goto check
            done:
              unlock m

            thread Notifier
              lock m
              set ready 1
              notify go
              unlock m

            """, goal: "deadlock")
        #expect(!ScheduleExplorer.explore(wakeup.machine).goalReachable)

        // Flags raised before the check: never both inside, but both can spin.
        let raiseFirst = try scenario(
            """
            shared flag1 = 0
            shared flag2 = 0

            thread T1
              set flag1 1
            spin:
              if flag2 != 0 goto spin
              critical
              end critical
              set flag1 0

            thread T2
              set flag2 1
            spin:
              if flag1 != 0 goto spin
              critical
              end critical
              set flag2 0

            """, goal: "both critical")
        let raised = ScheduleExplorer.explore(raiseFirst.machine)
        #expect(!raised.goalReachable)
        #expect(raised.loops)
    }
}
