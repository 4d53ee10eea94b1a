/// Who waits for whom: thread `i` has an edge to thread `j` when `i` wants a
/// lock that `j` holds. A cycle is a deadlock when the locks are plain
/// mutexes (no timeout): every thread on it waits for the next, forever.
///
/// ```swift
/// let graph = WaitForGraph(holds: [["A"], ["B"]], wants: ["B", "A"])
/// graph.cycle()   // [0, 1]: T1 waits for T2, which waits for T1
/// ```
public struct WaitForGraph: Sendable, Equatable {
    /// `edges[i]`: the threads holding what thread `i` wants.
    public let edges: [[Int]]

    /// `holds[i]`: the locks thread `i` holds; `wants[i]`: the lock it waits for, if any.
    public init(holds: [[String]], wants: [String?]) {
        edges = wants.enumerated().map { waiter, wanted in
            guard let wanted else { return [] }
            return holds.indices.filter { $0 != waiter && holds[$0].contains(wanted) }
        }
    }

    /// The threads of one cycle, in wait order starting from the lowest
    /// index, or nil when no thread waits in a circle.
    public func cycle() -> [Int]? {
        for start in edges.indices {
            var path = [start]
            var current = start
            var seen: Set<Int> = [start]
            // One lock is held by one thread: each node has at most one
            // successor here, so following it is a full search.
            while let next = edges[current].first {
                if next == start { return path }
                if seen.contains(next) { break }
                seen.insert(next)
                path.append(next)
                current = next
            }
        }
        return nil
    }
}
