/// What exploring every interleaving of a scenario found.
public struct Exploration: Sendable, Equatable {
    /// Distinct states reached from the start (the start included).
    public var states: Int
    /// Whether some order reaches a state where the goal holds.
    public var goalReachable: Bool
    /// Complete orders: schedules from the start until no thread can run.
    /// Nil when the states form a cycle (a thread can loop for ever, so there
    /// are infinitely many) or the search hit its state limit. Saturates at `Int.max`.
    public var orders: Int?
    /// How many complete orders pass through a state where the goal holds.
    public var failingOrders: Int?
    /// A shortest order reaching the goal, with the fewest preemptions among
    /// the shortest; 1-based thread numbers. Empty when the goal is unreachable.
    public var shortestFailing: [Int]
    /// Preemptions in `shortestFailing`: switches away from a thread that
    /// could still have run.
    public var preemptions: Int
    /// Whether a state can come back (the program can run for ever).
    public var loops: Bool
    /// False when the search stopped at `limit` states: then an unreachable
    /// goal is not proven.
    public var complete: Bool
    /// States where no thread can run although some have not finished.
    public var deadlockStates: Int
}

/// Searches every interleaving of a ``SchedulerMachine`` under sequential
/// consistency: a depth-first search over states with a visited set (so
/// loops end), then counts of orders over the state graph, then a
/// breadth-first search for the shortest order to the goal.
///
///     let result = ScheduleExplorer.explore(scenario.machine)
///     result.goalReachable      // true for the lost update
///     result.orders             // 20 (two threads of load, add, store)
///     result.shortestFailing    // [2, 1, 1, 1, 2, 2]: six steps, one preemption
public enum ScheduleExplorer {
    /// More states than this and the search gives up (`complete == false`).
    public static let defaultLimit = 1_000_000

    private struct Edge {
        var thread: Int
        var to: Int
    }

    public static func explore(_ machine: SchedulerMachine, limit: Int = defaultLimit) -> Exploration {
        // Keyed by a flat encoding: hashing one [Int] is much cheaper than the nested state.
        var index: [[Int]: Int] = [:]
        var states: [MachineState] = []
        var edges: [[Edge]] = []
        var complete = true
        var loops = false

        func intern(_ state: MachineState) -> Int {
            let key = state.flatKey
            if let id = index[key] { return id }
            let id = states.count
            index[key] = id
            states.append(state)
            edges.append([])
            return id
        }

        var color: [UInt8] = []  // 0 unseen, 1 on the stack, 2 done
        func expandEdges(_ node: Int) {
            let state = states[node]
            var out: [Edge] = []
            for thread in 0..<machine.threadCount {
                guard let next = machine.step(thread, from: state) else { continue }
                if states.count >= limit && index[next.flatKey] == nil {
                    complete = false
                    continue
                }
                out.append(Edge(thread: thread, to: intern(next)))
            }
            edges[node] = out
            while color.count < states.count { color.append(0) }
        }

        // Depth-first, iterative: a program may run thousands of steps deep.
        let start = intern(machine.initialState)
        var postOrder: [Int] = []
        var stack: [(node: Int, next: Int)] = [(start, 0)]
        expandEdges(start)
        color[start] = 1

        while let top = stack.last {
            let out = edges[top.node]
            if top.next < out.count {
                stack[stack.count - 1].next += 1
                let child = out[top.next].to
                switch color[child] {
                case 0:
                    color[child] = 1
                    expandEdges(child)
                    stack.append((child, 0))
                case 1:
                    loops = true
                default:
                    break
                }
            } else {
                color[top.node] = 2
                postOrder.append(top.node)
                stack.removeLast()
            }
        }

        let holds = states.map { machine.goalHolds(in: $0) }
        let goalReachable = holds.contains(true)
        let deadlockStates = states.lazy.filter { machine.isDeadlocked($0) }.count

        var orders: Int?
        var failing: Int?
        if !loops && complete {
            var paths = Array(repeating: 0, count: states.count)
            var reaching = Array(repeating: 0, count: states.count)
            for node in postOrder {
                if edges[node].isEmpty {
                    paths[node] = 1
                } else {
                    paths[node] = edges[node].reduce(0) { saturatingAdd($0, paths[$1.to]) }
                }
                reaching[node] =
                    holds[node] ? paths[node] : edges[node].reduce(0) { saturatingAdd($0, reaching[$1.to]) }
            }
            orders = paths[start]
            failing = reaching[start]
        }

        let shortest = goalReachable ? shortestOrder(machine, states: states, edges: edges, holds: holds) : nil
        return Exploration(
            states: states.count, goalReachable: goalReachable, orders: orders, failingOrders: failing,
            shortestFailing: shortest?.order.map { $0 + 1 } ?? [], preemptions: shortest?.preemptions ?? 0,
            loops: loops, complete: complete, deadlockStates: deadlockStates)
    }

    /// Breadth-first over (state, last thread run): the first layer with a
    /// goal state gives the shortest length; within a layer each node keeps
    /// its fewest preemptions. Ties go to the order found first (threads tried
    /// in number order), so the answer is the same on every run.
    private static func shortestOrder(
        _ machine: SchedulerMachine, states: [MachineState], edges: [[Edge]], holds: [Bool]
    ) -> (order: [Int], preemptions: Int)? {
        struct Entry {
            var node: Int
            var last: Int  // -1 at the start
            var preemptions: Int
            var parent: Int  // index into entries, -1 at the start
        }
        let width = machine.threadCount + 1
        var entries = [Entry(node: 0, last: -1, preemptions: 0, parent: -1)]
        var seen: Set<Int> = [0 * width + 0]
        var layer = [0]
        func path(to entry: Int) -> [Int] {
            var order: [Int] = []
            var current = entry
            while entries[current].parent >= 0 {
                order.append(entries[current].last)
                current = entries[current].parent
            }
            return order.reversed()
        }
        while !layer.isEmpty {
            let goals = layer.filter { holds[entries[$0].node] }
            if let best = goals.min(by: { entries[$0].preemptions < entries[$1].preemptions }) {
                return (path(to: best), entries[best].preemptions)
            }
            var next: [Int] = []
            var inNext: [Int: Int] = [:]  // key to index into entries
            for current in layer {
                let entry = entries[current]
                let out = edges[entry.node]
                for edge in out {
                    let lastCouldRun = entry.last >= 0 && out.contains { $0.thread == entry.last }
                    let preempts = lastCouldRun && edge.thread != entry.last ? 1 : 0
                    let cost = entry.preemptions + preempts
                    let key = edge.to * width + edge.thread + 1
                    if let existing = inNext[key] {
                        if cost < entries[existing].preemptions {
                            entries[existing].preemptions = cost
                            entries[existing].parent = current
                        }
                        continue
                    }
                    guard !seen.contains(key) else { continue }
                    seen.insert(key)
                    entries.append(Entry(node: edge.to, last: edge.thread, preemptions: cost, parent: current))
                    inNext[key] = entries.count - 1
                    next.append(entries.count - 1)
                }
            }
            layer = next
        }
        return nil
    }

    private static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }
}

extension MachineState {
    /// Every field as one array of integers; equal exactly when the states are equal.
    var flatKey: [Int] {
        var key: [Int] = []
        key.reserveCapacity(values.count + lockOwners.count + threads.count * 4)
        key.append(contentsOf: values)
        for owner in lockOwners { key.append(owner ?? -1) }
        for thread in threads {
            key.append(thread.pc)
            switch thread.status {
            case .running: key.append(0)
            case .woken: key.append(1)
            case .faulted: key.append(2)
            case .waiting(let condition): key.append(3 + condition)
            }
            key.append(thread.inCritical ? 1 : 0)
            // Registers per thread are fixed in number, so no length is needed.
            key.append(contentsOf: thread.registers)
        }
        return key
    }
}
