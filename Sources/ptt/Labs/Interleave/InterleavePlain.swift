import Curriculum

/// The scheduler game told as plain lines (`ptt demo interleave --plain`):
/// each step of an order with the thread, its instruction and the shared
/// values after it, then the outcome.
enum InterleavePlain {
    /// "scenario lost-update (Two threads, one counter), goal: final counter != 2".
    static func header(_ scenario: Scenario) -> String {
        "scenario \(scenario.id) (\(scenario.title)), goal: \(scenario.goalText)"
    }

    /// One line per step of `threads` (0-based) from the start, then the outcome.
    static func steps(_ scenario: Scenario, _ threads: [Int]) throws(OrderError) -> [String] {
        let machine = scenario.machine
        let replay = try machine.replay(threads: threads)
        var lines = ["order " + threads.map { String($0 + 1) }.joined(separator: ",")]
        var state = machine.initialState
        for (i, thread) in threads.enumerated() {
            let instruction = machine.nextInstructionText(of: thread, in: state) ?? "?"
            let narration = machine.narrate(thread, from: state)
            guard let next = machine.step(thread, from: state) else { break }
            state = next
            lines.append(
                "step \(i + 1), thread \(thread + 1): \(instruction): \(narration); now \(shared(machine, state))")
        }
        lines.append(outcome(scenario, replay))
        return lines
    }

    /// The shared variables (and locks) in `state`: "counter = 1, lock m free".
    static func shared(_ machine: SchedulerMachine, _ state: MachineState) -> String {
        let program = machine.program
        let values = zip(program.variables, state.values).map { "\($0) = \($1)" }
        let locks = zip(program.locks, state.lockOwners).map { lock, owner in
            owner.map { "lock \(lock) held by \(program.threads[$0].name)" } ?? "lock \(lock) free"
        }
        let all = values + locks
        return all.isEmpty ? "nothing shared" : all.joined(separator: ", ")
    }

    /// "outcome after 6 steps: the goal (final counter != 2) was reached; every thread finished; 1 update lost".
    static func outcome(_ scenario: Scenario, _ replay: Replay) -> String {
        var parts = [
            "outcome after \(replay.steps) step\(replay.steps == 1 ? "" : "s"): the goal (\(scenario.goalText)) "
                + (replay.goalReached ? "was reached" : "was not reached"),
            replay.finished ? "every thread finished" : "some threads did not finish",
        ]
        if let lost = replay.lostUpdates { parts.append(lost == 1 ? "1 update lost" : "\(lost) updates lost") }
        return parts.joined(separator: "; ")
    }

    /// The explorer's figures, then its shortest order to the goal step by step.
    static func exploration(_ scenario: Scenario, _ found: Exploration) -> [String] {
        let report = ExploreReport(scenario: scenario, exploration: found)
        let n = found.deadlockStates
        let deadlocks = n == 0 ? "" : " \(n) of them \(n == 1 ? "is a deadlock" : "are deadlocks")."
        var lines = ["explored \(found.states) states: \(report.summary)\(deadlocks)"]
        guard found.goalReachable, !found.shortestFailing.isEmpty else { return lines }
        lines.append(
            "the shortest order to the goal, \(found.shortestFailing.count) steps with \(found.preemptions) "
                + "preemption\(found.preemptions == 1 ? "" : "s"):")
        lines += (try? steps(scenario, found.shortestFailing.map { $0 - 1 })) ?? []
        return lines
    }

    /// The line that says which random schedule this is, and how to repeat it.
    static func randomLine(_ schedule: RandomSchedule) -> String {
        "random schedule, seed \(schedule.seed): each next thread drawn at random from the runnable ones "
            + "(--seed \(schedule.seed) repeats it)"
            + (schedule.cutShort ? "; cut short after \(schedule.order.count) steps" : "")
    }
}
