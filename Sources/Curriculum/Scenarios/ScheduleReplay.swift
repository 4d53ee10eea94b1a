/// Why an `--order` string cannot be replayed. Positions count steps from 1.
public enum OrderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The order has no steps at all.
    case empty
    /// Nothing between two commas (or before the first, after the last).
    case emptyStep(position: Int)
    /// A step that is not a thread number (the text is cut to 20 characters).
    case notAThreadNumber(position: Int, text: String)
    /// A number with no thread (threads are 1…count).
    case noSuchThread(position: Int, thread: Int, threadCount: Int)
    /// The thread has run its whole program.
    case threadFinished(position: Int, thread: Int)
    /// The thread cannot run now; `reason` says why ("waits for lock m held by thread 1").
    case threadBlocked(position: Int, thread: Int, reason: String)

    public var position: Int {
        switch self {
        case .empty: 1
        case .emptyStep(let p), .notAThreadNumber(let p, _), .noSuchThread(let p, _, _), .threadFinished(let p, _),
            .threadBlocked(let p, _, _):
            p
        }
    }

    public var description: String {
        switch self {
        case .empty:
            "the order is empty (give thread numbers separated by commas, like 1,2,1)"
        case .emptyStep(let position):
            "step \(position) of the order is empty (a stray comma?)"
        case .notAThreadNumber(let position, let text):
            "step \(position) of the order, '\(text)', is not a thread number"
        case .noSuchThread(let position, let thread, let count):
            "step \(position) of the order names thread \(thread), but there are threads 1 to \(count)"
        case .threadFinished(let position, let thread):
            "step \(position) of the order runs thread \(thread), which has finished"
        case .threadBlocked(let position, let thread, let reason):
            "step \(position) of the order runs thread \(thread), which cannot run: it \(reason)"
        }
    }
}

/// The outcome of replaying an order.
public struct Replay: Sendable, Equatable {
    /// Steps run (the length of the order).
    public var steps: Int
    /// The state after the last step.
    public var state: MachineState
    /// Whether the goal held at some state along the order (at the end, for
    /// `final` and `deadlock` goals).
    public var goalReached: Bool
    /// Whether every thread had finished at the end.
    public var finished: Bool
    /// Increments made by read-modify-write (`load`, `add`, `store` back, or
    /// `inc`) minus the increase they left behind; nil when the program has no
    /// such variable, so a lost update is not meaningful.
    public var lostUpdates: Int?
}

extension SchedulerMachine {
    /// Replays `order` (1-based thread numbers separated by commas, spaces
    /// around them allowed) from the start. The string is read one step at a
    /// time, without splitting it; a step that cannot run is an error naming
    /// its position. Once no thread can run, any further step is an error.
    ///
    /// `onStep` sees each thread (0-based) and the state after its step.
    public func replay(
        _ order: String, onStep: (_ thread: Int, _ state: MachineState) -> Void = { _, _ in }
    ) throws(OrderError) -> Replay {
        var state = initialState
        var tracker = UpdateTracker(program: program)
        var goalReached = goalHolds(in: state)
        var steps = 0
        var position = 0

        let bytes = order.utf8
        var cursor = bytes.startIndex
        var sawAnything = false
        while true {
            // One step: up to the next comma or the end.
            let start = cursor
            while cursor != bytes.endIndex && bytes[cursor] != UInt8(ascii: ",") { cursor = bytes.index(after: cursor) }
            let token = bytes[start..<cursor]
            let atEnd = cursor == bytes.endIndex
            if !atEnd { cursor = bytes.index(after: cursor) }
            position += 1

            let trimmed = token.drop { $0 == UInt8(ascii: " ") }.reversed().drop { $0 == UInt8(ascii: " ") }
            if trimmed.isEmpty {
                if atEnd && !sawAnything && position == 1 { throw .empty }
                throw .emptyStep(position: position)
            }
            sawAnything = true
            var number = 0
            var valid = true
            for byte in trimmed.reversed() {
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"), number < 1_000_000 else {
                    valid = false
                    break
                }
                number = number * 10 + Int(byte - UInt8(ascii: "0"))
            }
            guard valid else {
                let text = String(decoding: token.prefix(20), as: UTF8.self).trimmingSpaces
                throw .notAThreadNumber(position: position, text: text)
            }
            guard (1...threadCount).contains(number) else {
                throw .noSuchThread(position: position, thread: number, threadCount: threadCount)
            }
            let thread = number - 1
            switch readiness(of: thread, in: state) {
            case .runnable: break
            case .finished: throw .threadFinished(position: position, thread: number)
            case let other: throw .threadBlocked(position: position, thread: number, reason: explain(other))
            }
            tracker.record(thread: thread, instruction: program.threads[thread].instructions[state.threads[thread].pc])
            state = step(thread, from: state)!
            steps += 1
            if goalHolds(in: state) { goalReached = true }
            onStep(thread, state)
            if atEnd { break }
        }
        return Replay(
            steps: steps, state: state, goalReached: goalReached, finished: allFinished(state),
            lostUpdates: tracker.lostUpdates(in: state))
    }

    /// Replays 0-based threads (as the explorer's `shortestFailing` minus one, or the game's history).
    public func replay(threads: [Int]) throws(OrderError) -> Replay {
        guard !threads.isEmpty else { throw .empty }
        return try replay(threads.map { String($0 + 1) }.joined(separator: ","))
    }

    /// What `threads` (0-based) come to, the empty order (the start)
    /// included; nil when one of its steps cannot run.
    public func outcome(of threads: [Int]) -> Replay? {
        guard threads.isEmpty else { return try? replay(threads: threads) }
        let state = initialState
        return Replay(
            steps: 0, state: state, goalReached: goalHolds(in: state), finished: allFinished(state),
            lostUpdates: UpdateTracker(program: program).lostUpdates(in: state))
    }

    /// Why a thread cannot run, as the end of a sentence starting "it …".
    public func explain(_ readiness: ThreadReadiness) -> String {
        switch readiness {
        case .runnable: "can run"
        case .finished: "has finished"
        case .waitingForLock(let lock, let owner):
            "waits for lock \(program.locks[lock]), held by \(owner == -1 ? "nobody" : "thread \(owner + 1) (\(program.threads[owner].name))")"
        case .waitingForNotify(let condition): "sleeps in wait until someone notifies \(program.conditions[condition])"
        case .faulted: "stopped: it released a lock it did not hold"
        }
    }
}

/// Counts increments for the lost-update figure, beside the machine (not in
/// its state, which would otherwise split equal states apart).
struct UpdateTracker {
    /// Variables only ever changed by `inc` or by storing a register loaded from them.
    let counted: Set<Int>
    let initial: [Int]
    /// Per thread, per register: the variable it was loaded from and what was added since.
    var sources: [[(variable: Int, added: Int)?]]
    var increments: [Int: Int] = [:]

    init(program: SchedulerProgram) {
        var candidates = Set<Int>()
        var excluded = Set<Int>()
        for thread in program.threads {
            var loadedFrom: [Int: Set<Int>] = [:]
            for instruction in thread.instructions {
                if case .load(let r, let v) = instruction { loadedFrom[r, default: []].insert(v) }
            }
            for instruction in thread.instructions {
                switch instruction {
                case .increment(let v): candidates.insert(v)
                case .set(let v, _): excluded.insert(v)
                case .store(let v, let r):
                    if loadedFrom[r] == [v] { candidates.insert(v) } else { excluded.insert(v) }
                default: break
                }
            }
        }
        counted = candidates.subtracting(excluded)
        initial = program.initialValues
        sources = program.threads.map { Array(repeating: nil, count: $0.registers.count) }
    }

    mutating func record(thread: Int, instruction: Instruction) {
        switch instruction {
        case .load(let r, let v): sources[thread][r] = (v, 0)
        case .add(let r, let n): sources[thread][r]?.added += n
        case .increment(let v): increments[v, default: 0] += 1
        case .store(let v, let r):
            if let source = sources[thread][r], source.variable == v { increments[v, default: 0] += source.added }
        default: break
        }
    }

    func lostUpdates(in state: MachineState) -> Int? {
        guard !counted.isEmpty else { return nil }
        return counted.reduce(0) { sum, v in
            sum + max(0, (increments[v] ?? 0) - (state.values[v] - initial[v]))
        }
    }
}
