/// The `--explore --json` report of the interleave lab (DESIGN.md keys: lab,
/// scenario, states, goalReachable, orders, failingOrders, shortestFailing,
/// preemptions). `orders` and `failingOrders` are JSON null when the
/// scenario can loop.
public struct ExploreReport: Codable, Sendable, Equatable {
    public var lab = "interleave"
    public var scenario: String
    public var goal: String
    public var states: Int
    public var goalReachable: Bool
    public var orders: Int?
    public var failingOrders: Int?
    public var shortestFailing: [Int]
    public var preemptions: Int
    public var loops: Bool
    /// False when the state limit stopped the search (nothing is proven then).
    public var complete: Bool
    public var deadlockStates: Int

    public init(scenario: Scenario, exploration: Exploration) {
        self.scenario = scenario.id
        goal = scenario.goalText
        states = exploration.states
        goalReachable = exploration.goalReachable
        orders = exploration.orders
        failingOrders = exploration.failingOrders
        shortestFailing = exploration.shortestFailing
        preemptions = exploration.preemptions
        loops = exploration.loops
        complete = exploration.complete
        deadlockStates = exploration.deadlockStates
    }

    enum CodingKeys: String, CodingKey {
        case lab, scenario, goal, states, goalReachable, orders, failingOrders, shortestFailing, preemptions, loops,
            complete, deadlockStates
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lab, forKey: .lab)
        try container.encode(scenario, forKey: .scenario)
        try container.encode(goal, forKey: .goal)
        try container.encode(states, forKey: .states)
        try container.encode(goalReachable, forKey: .goalReachable)
        try container.encode(orders, forKey: .orders)  // null, not missing, when looping
        try container.encode(failingOrders, forKey: .failingOrders)
        try container.encode(shortestFailing, forKey: .shortestFailing)
        try container.encode(preemptions, forKey: .preemptions)
        try container.encode(loops, forKey: .loops)
        try container.encode(complete, forKey: .complete)
        try container.encode(deadlockStates, forKey: .deadlockStates)
    }

    /// One sentence for the screen: the proof or the count.
    public var summary: String {
        if !complete {
            return "Stopped after \(states) states: too many to prove anything."
        }
        if !goalReachable {
            return "No order of these \(states) states reaches the goal: it cannot happen."
        }
        if let orders, let failingOrders {
            return
                "\(failingOrders) of \(orders) orders reach the goal; the shortest takes \(shortestFailing.count) steps."
        }
        return
            "The goal is reachable (the program can loop, so orders are not counted); the shortest order takes \(shortestFailing.count) steps."
    }
}

/// The `--order … --json` report of the interleave lab: lab, scenario,
/// steps, values (each shared variable at the end), goalReached, and
/// lostUpdates (null when the program has no read-modify-write).
public struct ReplayReport: Codable, Sendable, Equatable {
    public var lab = "interleave"
    public var scenario: String
    public var goal: String
    public var steps: Int
    public var values: [String: Int]
    public var goalReached: Bool
    public var finished: Bool
    public var lostUpdates: Int?

    public init(scenario: Scenario, replay: Replay) {
        self.scenario = scenario.id
        goal = scenario.goalText
        steps = replay.steps
        values = Dictionary(
            uniqueKeysWithValues: zip(scenario.program.variables, replay.state.values).map { ($0, $1) })
        goalReached = replay.goalReached
        finished = replay.finished
        lostUpdates = replay.lostUpdates
    }

    enum CodingKeys: String, CodingKey {
        case lab, scenario, goal, steps, values, goalReached, finished, lostUpdates
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lab, forKey: .lab)
        try container.encode(scenario, forKey: .scenario)
        try container.encode(goal, forKey: .goal)
        try container.encode(steps, forKey: .steps)
        try container.encode(values, forKey: .values)
        try container.encode(goalReached, forKey: .goalReached)
        try container.encode(finished, forKey: .finished)
        try container.encode(lostUpdates, forKey: .lostUpdates)
    }
}

/// The `--random --json` report of the interleave lab: the `--order` report's
/// keys (lab, scenario, goal, steps, values, goalReached, finished,
/// lostUpdates), plus `seed` (the SplitMix64 seed, `--seed N` or from the
/// clock) and `order` (the threads played, numbered from 1, as `--order` takes them).
public struct RandomScheduleReport: Encodable, Sendable, Equatable {
    public var replay: ReplayReport
    public var seed: UInt64
    public var order: [Int]

    public init(scenario: Scenario, schedule: RandomSchedule, replay: Replay) {
        self.replay = ReplayReport(scenario: scenario, replay: replay)
        seed = schedule.seed
        order = schedule.order.map { $0 + 1 }
    }

    enum CodingKeys: String, CodingKey {
        case seed, order
    }

    public func encode(to encoder: any Encoder) throws {
        try replay.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seed, forKey: .seed)
        try container.encode(order, forKey: .order)
    }
}
