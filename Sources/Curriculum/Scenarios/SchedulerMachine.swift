/// One thread's part of a ``MachineState``.
public struct ThreadState: Sendable, Hashable {
    /// Where a thread is, besides its program counter.
    public enum Status: Sendable, Hashable {
        /// Runs its next instruction when scheduled (unless a lock is taken).
        case running
        /// Asleep in `wait` on this condition, until a `notify`.
        case waiting(condition: Int)
        /// Notified; its next step takes the `wait`'s lock again.
        case woken
        /// Ran `unlock` or `wait` on a lock it did not hold; it stops there.
        case faulted
    }

    /// Index of the next instruction (== the instruction count when finished).
    public var pc: Int
    /// Register values, parallel to ``ThreadProgram/registers``.
    public var registers: [Int]
    public var status: Status
    /// Between `critical` and `end critical`.
    public var inCritical: Bool

    public init(pc: Int = 0, registers: [Int], status: Status = .running, inCritical: Bool = false) {
        self.pc = pc
        self.registers = registers
        self.status = status
        self.inCritical = inCritical
    }
}

/// Everything that decides what the program does next: shared values, lock
/// owners and each thread's program counter, registers and status. Equal
/// states behave the same, which is what lets the explorer stop at a state
/// it has seen.
public struct MachineState: Sendable, Hashable {
    /// Parallel to ``SchedulerProgram/variables``.
    public var values: [Int]
    /// The 0-based index of the thread holding each lock, or nil.
    public var lockOwners: [Int?]
    public var threads: [ThreadState]

    public init(values: [Int], lockOwners: [Int?], threads: [ThreadState]) {
        self.values = values
        self.lockOwners = lockOwners
        self.threads = threads
    }
}

/// Whether a thread can take a step, and if not, why.
public enum ThreadReadiness: Sendable, Hashable {
    case runnable
    case finished
    /// At `lock L` (or waking from `wait`) while thread `owner` (0-based) holds L.
    case waitingForLock(lock: Int, owner: Int)
    /// Asleep in `wait` until someone runs `notify` on the condition.
    case waitingForNotify(condition: Int)
    /// Stopped after an `unlock` or `wait` on a lock it did not hold.
    case faulted
}

/// The model machine: a pure function from a state and a thread to the next
/// state, under sequentially consistent memory (every step sees every earlier
/// step's writes). No threads run; the caller is the scheduler.
///
///     let machine = scenario.machine
///     var state = machine.initialState
///     state = machine.step(0, from: state)!      // thread 1 runs one instruction
///     machine.enabledThreads(in: state)          // [0, 1]
///     machine.goalHolds(in: state)
///
/// Thread numbers here are 0-based indices into ``SchedulerProgram/threads``;
/// `--order`, JSON and the screen count from 1.
public struct SchedulerMachine: Sendable {
    public let program: SchedulerProgram
    public let goal: ScenarioGoal

    public init(program: SchedulerProgram, goal: ScenarioGoal) {
        self.program = program
        self.goal = goal
    }

    public var threadCount: Int { program.threads.count }

    /// Every variable at its declared value, no lock held, every thread at its first instruction.
    public var initialState: MachineState {
        MachineState(
            values: program.initialValues,
            lockOwners: Array(repeating: nil, count: program.locks.count),
            threads: program.threads.map { ThreadState(registers: Array(repeating: 0, count: $0.registers.count)) })
    }

    // MARK: questions about a state

    public func readiness(of thread: Int, in state: MachineState) -> ThreadReadiness {
        let me = state.threads[thread]
        let code = program.threads[thread].instructions
        guard me.pc < code.count else { return .finished }
        switch me.status {
        case .faulted: return .faulted
        case .waiting(let condition): return .waitingForNotify(condition: condition)
        case .woken:
            guard case .wait(_, let lock) = code[me.pc] else { return .runnable }
            if let owner = state.lockOwners[lock] { return .waitingForLock(lock: lock, owner: owner) }
            return .runnable
        case .running:
            if case .lock(let lock) = code[me.pc], let owner = state.lockOwners[lock] {
                return .waitingForLock(lock: lock, owner: owner)
            }
            return .runnable
        }
    }

    public func canRun(_ thread: Int, in state: MachineState) -> Bool {
        readiness(of: thread, in: state) == .runnable
    }

    public func isFinished(_ thread: Int, in state: MachineState) -> Bool {
        state.threads[thread].pc >= program.threads[thread].instructions.count
    }

    /// The threads that can take a step, in thread order.
    public func enabledThreads(in state: MachineState) -> [Int] {
        (0..<threadCount).filter { canRun($0, in: state) }
    }

    public func allFinished(_ state: MachineState) -> Bool {
        (0..<threadCount).allSatisfy { isFinished($0, in: state) }
    }

    /// Some thread has not finished and none can run, and none stopped on a fault.
    public func isDeadlocked(_ state: MachineState) -> Bool {
        var unfinished = false
        for thread in 0..<threadCount {
            switch readiness(of: thread, in: state) {
            case .runnable, .faulted: return false
            case .finished: continue
            case .waitingForLock, .waitingForNotify: unfinished = true
            }
        }
        return unfinished
    }

    /// Whether the scenario's goal holds in `state`.
    public func goalHolds(in state: MachineState) -> Bool {
        switch goal {
        case .final(let variable, let comparison, let value):
            allFinished(state) && comparison.holds(state.values[variable], value)
        case .ever(let variable, let comparison, let value):
            comparison.holds(state.values[variable], value)
        case .deadlock:
            isDeadlocked(state)
        case .bothCritical:
            state.threads.lazy.filter(\.inCritical).count >= 2
        }
    }

    /// `thread`'s next instruction as written (`load r counter`), or nil when it has finished.
    public func nextInstructionText(of thread: Int, in state: MachineState) -> String? {
        let code = program.threads[thread]
        let pc = state.threads[thread].pc
        return pc < code.texts.count ? code.texts[pc] : nil
    }

    /// The value of a shared variable by name.
    public func value(of name: String, in state: MachineState) -> Int? {
        program.variable(named: name).map { state.values[$0] }
    }

    // MARK: stepping

    /// The state after `thread` (0-based) runs its next instruction, or nil
    /// when it cannot run (finished, blocked, faulted).
    public func step(_ thread: Int, from state: MachineState) -> MachineState? {
        guard canRun(thread, in: state) else { return nil }
        var next = state
        var me = next.threads[thread]
        let instruction = program.threads[thread].instructions[me.pc]
        me.pc += 1
        switch instruction {
        case .load(let register, let variable):
            me.registers[register] = next.values[variable]
        case .store(let variable, let register):
            next.values[variable] = me.registers[register]
        case .add(let register, let amount):
            me.registers[register] &+= amount
        case .set(let variable, let value):
            next.values[variable] = value
        case .increment(let variable):
            next.values[variable] &+= 1
        case .lock(let lock):
            next.lockOwners[lock] = thread
        case .unlock(let lock):
            if next.lockOwners[lock] == thread {
                next.lockOwners[lock] = nil
            } else {
                me.pc -= 1
                me.status = .faulted
            }
        case .wait(let condition, let lock):
            me.pc -= 1
            if me.status == .woken {
                // Waking: take the lock again and go on past the wait.
                next.lockOwners[lock] = thread
                me.status = .running
                me.pc += 1
            } else if next.lockOwners[lock] == thread {
                next.lockOwners[lock] = nil
                me.status = .waiting(condition: condition)
            } else {
                me.status = .faulted
            }
        case .notify(let condition):
            for other in next.threads.indices where next.threads[other].status == .waiting(condition: condition) {
                next.threads[other].status = .woken
            }
        case .branch(let operand, let comparison, let value, let target):
            let current =
                switch operand {
                case .shared(let variable): next.values[variable]
                case .register(let register): me.registers[register]
                }
            if comparison.holds(current, value) { me.pc = target }
        case .jump(let target):
            me.pc = target
        case .enterCritical:
            me.inCritical = true
        case .leaveCritical:
            me.inCritical = false
        }
        next.threads[thread] = me
        return next
    }

    /// Whether switching from `last` to `thread` in `state` preempts `last`:
    /// `last` could still run but another thread is chosen.
    public func isPreemption(from last: Int?, to thread: Int, in state: MachineState) -> Bool {
        guard let last, last != thread else { return false }
        return canRun(last, in: state)
    }

    /// How many preemptions `order` (0-based threads, from the initial state) has;
    /// nil when some step cannot run.
    public func preemptions(of order: [Int]) -> Int? {
        var state = initialState
        var last: Int?
        var count = 0
        for thread in order {
            if isPreemption(from: last, to: thread, in: state) { count += 1 }
            guard let next = step(thread, from: state) else { return nil }
            state = next
            last = thread
        }
        return count
    }
}

/// A state the game has seen before on the current path: threads ran, and
/// everything is back where it was, so those steps made no progress. Repeated
/// for ever, that is a livelock.
public struct Livelock: Sendable, Equatable {
    /// Index in the path of the earlier occurrence of the repeated state.
    public var firstSeen: Int
    /// Index of the repetition (the path's last state).
    public var repeatedAt: Int
    /// The threads (0-based) that ran in between, in thread order.
    public var threads: [Int]

    /// Whether the last state of `states` occurred earlier. `order[i]` is the
    /// thread that led from `states[i]` to `states[i + 1]`.
    public static func detect(states: [MachineState], order: [Int]) -> Livelock? {
        guard let last = states.last, states.count > 1 else { return nil }
        guard let earlier = states.dropLast().lastIndex(of: last) else { return nil }
        let between = order[earlier..<min(order.count, states.count - 1)]
        return Livelock(firstSeen: earlier, repeatedAt: states.count - 1, threads: Array(Set(between)).sorted())
    }
}
