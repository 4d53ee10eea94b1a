/// The interleaving stepper: a model of two threads that each run
/// `load counter → add 1 → store counter` on one shared counter, where the
/// learner is the scheduler. No threads run: this is a deliberate model of
/// what the CPU does (the screen says so), slowed down to one instruction a key.
///
/// ```swift
/// var model = InterleaveModel()               // one round each, no lock, expanded
/// for thread in InterleaveModel.classicLosingOrder { model.step(thread) }
/// model.counter          // 1, not 2
/// model.lostUpdates      // 1
/// model.log.last         // "T2 stores 1 — T1's update is lost"
/// model.undo()           // back one step, exactly
/// ```
///
/// With `locked`, each increment sits between `acquire lock` and
/// `release lock`; stepping a thread at `acquire` while the other holds the
/// lock does nothing but log that it waits. With `expanded == false` the
/// increment is one step (`counter += 1`) and no order can lose an update,
/// which is why the expansion matters.
public struct InterleaveModel: Sendable, Equatable {
    /// What the last `step` did.
    public enum Outcome: Equatable, Sendable {
        /// The thread ran `instruction`; `lostUpdates` > 0 when that was a store
        /// that overwrote the other thread's update(s): the lost update happens now.
        case executed(StepperInstruction, lostUpdates: Int)
        /// The thread is at `acquire lock` and the other thread holds the lock.
        case blocked(by: StepperThread)
        /// The thread has run its whole program.
        case done
    }

    /// Everything undo restores.
    private struct Frame: Equatable, Sendable {
        var machine = InterleaveMachine()
        var steps = 0
        var log: [String] = []
        var lastOutcome: Outcome?
    }

    /// The order that loses an update in the textbook way: T1 load, T2 load,
    /// T1 add, T2 add, T1 store, T2 store (expanded, one round, no lock).
    public static let classicLosingOrder: [StepperThread] = [.t1, .t2, .t1, .t2, .t1, .t2]

    public private(set) var options: InterleaveOptions
    /// Each thread's program (both run the same one).
    public private(set) var program: [StepperInstruction]
    private var frame = Frame()
    private var history: [Frame] = []

    public init(_ options: InterleaveOptions = InterleaveOptions()) {
        var options = options
        let range = InterleaveOptions.roundRange
        options.rounds = min(max(options.rounds, range.lowerBound), range.upperBound)
        self.options = options
        program = options.program
    }

    // MARK: state

    /// The shared counter.
    public var counter: Int { frame.machine.counter }
    /// Who holds the lock (lock mode), or nil.
    public var lockHolder: StepperThread? { frame.machine.lockHolder }
    /// Instructions executed so far (blocked attempts do not count).
    public var steps: Int { frame.steps }
    /// Human-readable lines, one per step attempt: "T1 loads 0 into its register".
    public var log: [String] { frame.log }
    /// What the last step did, for the screen to highlight ("the update is lost now").
    public var lastOutcome: Outcome? { frame.lastOutcome }
    /// 2 × rounds: the counter's value if no update is lost.
    public var expected: Int { 2 * options.rounds }
    /// Whether both threads have run their whole program.
    public var isFinished: Bool { frame.machine.isFinished(program) }
    /// Increments stored so far minus the counter: the updates lost so far.
    /// When finished, expected − counter.
    public var lostUpdates: Int { frame.machine.completed - frame.machine.counter }
    /// Whether there is a step to undo.
    public var canUndo: Bool { !history.isEmpty }

    public func state(of thread: StepperThread) -> InterleaveThreadState {
        frame.machine.threads[thread.rawValue]
    }
    /// Index of `thread`'s next instruction in `program` (== program.count when done).
    public func pc(of thread: StepperThread) -> Int { state(of: thread).pc }
    public func register(of thread: StepperThread) -> Int? { state(of: thread).register }
    /// The instruction `thread` runs next, or nil when it is done.
    public func nextInstruction(of thread: StepperThread) -> StepperInstruction? {
        frame.machine.next(thread, in: program)
    }
    /// Whether `thread` waits at `acquire lock` for the other thread.
    public func isBlocked(_ thread: StepperThread) -> Bool {
        frame.machine.isBlocked(thread, in: program)
    }
    /// Whether stepping `thread` would execute an instruction.
    public func canStep(_ thread: StepperThread) -> Bool {
        frame.machine.canRun(thread, in: program)
    }

    // MARK: actions

    /// Lets `thread` run its next instruction, if it can, and logs what
    /// happened. Every call can be undone, a blocked one included.
    @discardableResult
    public mutating func step(_ thread: StepperThread) -> Outcome {
        history.append(frame)
        let outcome: Outcome
        let line: String
        if nextInstruction(of: thread) == nil {
            outcome = .done
            line = "\(thread) has nothing left to run"
        } else if isBlocked(thread) {
            outcome = .blocked(by: thread.other)
            line = "\(thread) waits at acquire: \(thread.other) holds the lock"
        } else {
            let effect = frame.machine.execute(thread, in: program)
            frame.steps += 1
            outcome = .executed(effect.instruction, lostUpdates: effect.overwritten)
            line = describe(effect, by: thread)
        }
        frame.log.append(line)
        frame.lastOutcome = outcome
        return outcome
    }

    /// Goes back one step, to exactly the state before it. False if there is none.
    @discardableResult
    public mutating func undo() -> Bool {
        guard let previous = history.popLast() else { return false }
        frame = previous
        return true
    }

    /// Back to the start, same options, empty log and history.
    public mutating func reset() {
        frame = Frame()
        history = []
    }

    /// Changes the options (lock, expansion, rounds) and resets.
    public mutating func configure(_ options: InterleaveOptions) {
        self = InterleaveModel(options)
    }

    private func describe(_ effect: InterleaveMachine.Effect, by thread: StepperThread) -> String {
        let me = state(of: thread)
        switch effect.instruction {
        case .acquire: return "\(thread) acquires the lock"
        case .release: return "\(thread) releases the lock"
        case .load: return "\(thread) loads \(counter) into its register"
        case .add: return "\(thread) adds 1: its register now holds \(me.register ?? 0)"
        case .increment:
            let change = "the counter goes from \(effect.counterBefore) to \(counter)"
            return "\(thread) runs counter += 1 in one step: \(change)"
        case .store:
            switch effect.overwritten {
            case 0 where counter > effect.counterBefore + 1:
                // Its load predates an overwrite by the other thread: the counter jumps.
                return "\(thread) stores \(counter) into the counter (it held \(effect.counterBefore))"
            case 0: return "\(thread) stores \(counter) into the counter"
            case 1: return "\(thread) stores \(counter) — \(thread.other)'s update is lost"
            case let n: return "\(thread) stores \(counter) — \(n) of \(thread.other)'s updates are lost"
            }
        }
    }

    // MARK: search

    /// A sequence of thread picks that, from the current state, ends with an
    /// update lost, or nil when none can (with the lock, or collapsed). From
    /// the start it is `classicLosingOrder` (extended for more rounds): the
    /// search tries the other thread first, so the threads alternate.
    public func losingOrder() -> [StepperThread]? {
        var dead = Set<InterleaveMachine>()
        var path: [StepperThread] = []
        let program = program
        let expected = expected
        func search(_ machine: InterleaveMachine, last: StepperThread?) -> Bool {
            if machine.isFinished(program) { return machine.counter < expected }
            if dead.contains(machine) { return false }
            for thread in [last?.other ?? .t1, last ?? .t2] where machine.canRun(thread, in: program) {
                var next = machine
                _ = next.execute(thread, in: program)
                path.append(thread)
                if search(next, last: thread) { return true }
                path.removeLast()
            }
            dead.insert(machine)
            return false
        }
        return search(frame.machine, last: nil) ? path : nil
    }

    /// The `--json` report.
    public var report: InterleaveReport {
        InterleaveReport(
            steps: steps, lostUpdates: lostUpdates, counter: counter, expected: expected,
            finished: isFinished, rounds: options.rounds, locked: options.locked,
            expanded: options.expanded)
    }
}

/// The interleave lab's report: keys `lab` ("interleave"), `steps`,
/// `lostUpdates` (DESIGN.md), plus the counter and the options.
public struct InterleaveReport: Codable, Sendable, Equatable {
    public var lab = "interleave"
    public var steps: Int
    public var lostUpdates: Int
    public var counter: Int
    public var expected: Int
    public var finished: Bool
    public var rounds: Int
    public var locked: Bool
    public var expanded: Bool
}
