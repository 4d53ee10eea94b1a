/// A comparison in an `if … goto` or a goal: `==`, `!=`, `<`, `<=`, `>`, `>=`.
public enum Comparison: String, Sendable, Hashable, CaseIterable, Codable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// Whether `left` compared with `right` holds.
    public func holds(_ left: Int, _ right: Int) -> Bool {
        switch self {
        case .equal: left == right
        case .notEqual: left != right
        case .less: left < right
        case .lessOrEqual: left <= right
        case .greater: left > right
        case .greaterOrEqual: left >= right
        }
    }
}

/// What an `if` reads: a shared variable or one of the thread's registers.
public enum Operand: Sendable, Hashable {
    /// Index into ``SchedulerProgram/variables``.
    case shared(Int)
    /// Index into the thread's ``ThreadProgram/registers``.
    case register(Int)
}

/// One compiled instruction; every one is one step of the scheduler.
/// Names are resolved to indices, labels to instruction indices (a label at
/// the end of a thread resolves to the instruction count: jumping there ends
/// the thread).
public enum Instruction: Sendable, Hashable {
    /// `load R VAR`: register := variable.
    case load(register: Int, variable: Int)
    /// `store VAR R`: variable := register.
    case store(variable: Int, register: Int)
    /// `add R N`: register := register + N.
    case add(register: Int, amount: Int)
    /// `set VAR N`: variable := N, atomically.
    case set(variable: Int, value: Int)
    /// `inc VAR`: variable := variable + 1, atomically.
    case increment(variable: Int)
    /// `lock L`: take the mutex; blocked while anyone (itself included) holds it.
    case lock(Int)
    /// `unlock L`: release the mutex this thread holds.
    case unlock(Int)
    /// `wait C L` (an extension): release L and sleep until `notify C`, then
    /// take L again before going on.
    case wait(condition: Int, lock: Int)
    /// `notify C` (an extension): wake every thread waiting on C.
    case notify(condition: Int)
    /// `if X OP N goto LABEL`.
    case branch(Operand, Comparison, Int, target: Int)
    /// `goto LABEL`.
    case jump(target: Int)
    /// `critical`: the thread enters its critical section.
    case enterCritical
    /// `end critical`: the thread leaves it.
    case leaveCritical
}

/// One thread's compiled program.
public struct ThreadProgram: Sendable, Hashable {
    /// As declared (`T1`, `Producer`).
    public var name: String
    public var instructions: [Instruction]
    /// The instruction as written, comment and indentation removed, for the screen.
    public var texts: [String]
    /// The 1-based file line of each instruction.
    public var lines: [Int]
    /// The thread's register names, in order of first use; each starts at 0.
    public var registers: [String]
    /// Label name to instruction index.
    public var labels: [String: Int]

    public init(
        name: String, instructions: [Instruction], texts: [String], lines: [Int], registers: [String],
        labels: [String: Int]
    ) {
        self.name = name
        self.instructions = instructions
        self.texts = texts
        self.lines = lines
        self.registers = registers
        self.labels = labels
    }
}

/// The compiled program of a scenario: what the ```` ```scenario ```` fence declares.
public struct SchedulerProgram: Sendable, Hashable {
    /// Shared variable names, in declaration order.
    public var variables: [String]
    /// Their starting values, parallel to `variables`.
    public var initialValues: [Int]
    /// Mutex names, in declaration order.
    public var locks: [String]
    /// Condition names (`cond NAME`, an extension), in declaration order.
    public var conditions: [String]
    /// Threads in declaration order; thread number n (1-based, as in `--order`)
    /// is `threads[n - 1]`.
    public var threads: [ThreadProgram]

    public init(
        variables: [String], initialValues: [Int], locks: [String], conditions: [String] = [],
        threads: [ThreadProgram]
    ) {
        self.variables = variables
        self.initialValues = initialValues
        self.locks = locks
        self.conditions = conditions
        self.threads = threads
    }

    /// The index of the shared variable `name`.
    public func variable(named name: String) -> Int? { variables.firstIndex(of: name) }

    /// Whether some thread can come back to an instruction it ran (a backward
    /// jump). Such a program may still have finitely many orders; the
    /// explorer decides from the states.
    public var hasBackwardJumps: Bool {
        threads.contains { thread in
            thread.instructions.enumerated().contains { index, instruction in
                switch instruction {
                case .branch(_, _, _, let target), .jump(let target): target <= index
                default: false
                }
            }
        }
    }
}

/// What counts as solving a scenario (the header's `goal:`).
public enum ScenarioGoal: Sendable, Hashable {
    /// `final VAR OP N`: every thread has finished and the comparison holds.
    case final(variable: Int, Comparison, Int)
    /// `ever VAR OP N` (an extension): at some moment the comparison holds.
    case ever(variable: Int, Comparison, Int)
    /// `deadlock`: some thread has not finished and every unfinished thread is blocked.
    case deadlock
    /// `both critical`: two threads are inside `critical` … `end critical` at once.
    case bothCritical

    /// Whether the goal can only hold once no thread can run (so a search
    /// need not stop at the first state where it holds).
    public var isTerminal: Bool {
        switch self {
        case .final, .deadlock: true
        case .ever, .bothCritical: false
        }
    }
}
