/// One of the two threads of the interleaving model.
public enum StepperThread: Int, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case t1, t2

    public var description: String { self == .t1 ? "T1" : "T2" }

    /// The other thread.
    public var other: StepperThread { self == .t1 ? .t2 : .t1 }
}

/// One instruction of the modelled program.
public enum StepperInstruction: String, CaseIterable, Codable, Sendable {
    case acquire, load, add, store, release
    /// `counter += 1` collapsed into one step (load, add and store at once).
    case increment

    /// How the screen writes it.
    public var text: String {
        switch self {
        case .acquire: "acquire lock"
        case .load: "load counter"
        case .add: "add 1"
        case .store: "store counter"
        case .release: "release lock"
        case .increment: "counter += 1"
        }
    }
}

/// How the interleaving model is set up.
public struct InterleaveOptions: Codable, Sendable, Hashable {
    public static let roundRange = 1...5

    /// How many times each thread adds 1.
    public var rounds: Int
    /// Whether each increment runs between `acquire lock` and `release lock`.
    public var locked: Bool
    /// Whether `counter += 1` is shown as its three instructions (load, add,
    /// store) or as one step that does all three at once.
    public var expanded: Bool

    public init(rounds: Int = 1, locked: Bool = false, expanded: Bool = true) {
        self.rounds = rounds
        self.locked = locked
        self.expanded = expanded
    }

    /// Each thread's program: the increment `rounds` times, maybe locked.
    public var program: [StepperInstruction] {
        let body: [StepperInstruction] = expanded ? [.load, .add, .store] : [.increment]
        let once = locked ? [.acquire] + body + [.release] : body
        return Array([[StepperInstruction]](repeating: once, count: max(1, rounds)).joined())
    }

    public func validate() throws(LabConfigError) {
        try LabConfigError.require("rounds", rounds, in: Self.roundRange)
    }
}

/// One thread's part of the model's state.
public struct InterleaveThreadState: Hashable, Sendable {
    /// Index of the next instruction in the program.
    public internal(set) var pc = 0
    /// The thread's register; nil before its first load.
    public internal(set) var register: Int?
    /// The value its last load read; what its next store will be based on.
    public internal(set) var loaded: Int?
    /// Increments this thread has stored.
    public internal(set) var completed = 0
}

/// The bare machine: counter, lock and threads, and the semantics of each
/// instruction. Shared by the stepper (which logs) and the search for a
/// losing order (which does not).
struct InterleaveMachine: Hashable, Sendable {
    var counter = 0
    var threads = [InterleaveThreadState(), InterleaveThreadState()]
    var lockHolder: StepperThread?

    /// What executing one instruction did.
    struct Effect {
        var instruction: StepperInstruction
        /// The counter before the instruction.
        var counterBefore: Int
        /// For a store: updates by the other thread this store overwrote (the
        /// counter held more than this thread had loaded).
        var overwritten = 0
    }

    func next(_ thread: StepperThread, in program: [StepperInstruction]) -> StepperInstruction? {
        let pc = threads[thread.rawValue].pc
        return pc < program.count ? program[pc] : nil
    }

    func isBlocked(_ thread: StepperThread, in program: [StepperInstruction]) -> Bool {
        next(thread, in: program) == .acquire && lockHolder == thread.other
    }

    func canRun(_ thread: StepperThread, in program: [StepperInstruction]) -> Bool {
        next(thread, in: program) != nil && !isBlocked(thread, in: program)
    }

    func isFinished(_ program: [StepperInstruction]) -> Bool {
        threads.allSatisfy { $0.pc >= program.count }
    }

    var completed: Int { threads.reduce(0) { $0 + $1.completed } }

    /// Runs `thread`'s next instruction; the caller has checked `canRun`.
    mutating func execute(_ thread: StepperThread, in program: [StepperInstruction]) -> Effect {
        let instruction = program[threads[thread.rawValue].pc]
        var effect = Effect(instruction: instruction, counterBefore: counter)
        var me = threads[thread.rawValue]
        switch instruction {
        case .acquire:
            lockHolder = thread
        case .release:
            lockHolder = nil
        case .load:
            me.register = counter
            me.loaded = counter
        case .add:
            me.register = (me.register ?? 0) + 1
        case .store:
            let value = me.register ?? 0
            effect.overwritten = max(0, counter - (me.loaded ?? 0))
            counter = value
            me.completed += 1
        case .increment:
            me.loaded = counter
            counter += 1
            me.register = counter
            me.completed += 1
        }
        me.pc += 1
        threads[thread.rawValue] = me
        return effect
    }
}
