/// One run of the switch lab: how many ping-pong round trips, how often.
///
/// ```swift
/// let report = try SwitchLab.run(SwitchConfig(rounds: 20_000, repetitions: 5))
/// report.threadSwitchMicros    // net cost of one switch between two threads, pinned
/// ```
public struct SwitchConfig: Codable, Sendable, Equatable {
    public static let roundRange = 100...10_000_000
    public static let repetitionRange = 1...50

    /// Timed round trips per repetition (each round trip is two hand-offs).
    public var rounds: Int
    /// Timed repetitions of each measurement; the report gives their median and spread.
    public var repetitions: Int
    /// Untimed round trips before the first repetition (caches, scheduler,
    /// a child's start-up); nil: a tenth of the rounds plus one, as switch.c does.
    public var warmupRounds: Int?
    /// Also measure with both sides free to run on any CPU.
    public var includeUnpinned: Bool
    /// Which echo sides to measure, in this order.
    public var partners: [SwitchPartner]

    public init(
        rounds: Int = 20_000, repetitions: Int = 5, warmupRounds: Int? = nil, includeUnpinned: Bool = true,
        partners: [SwitchPartner] = SwitchPartner.allCases
    ) {
        self.rounds = rounds
        self.repetitions = repetitions
        self.warmupRounds = warmupRounds
        self.includeUnpinned = includeUnpinned
        self.partners = partners
    }

    /// The default: 5 × 20,000 round trips per measurement, 100,000 in all as switch.c times (about 3 s).
    public static let standard = SwitchConfig()
    /// For tests: a fraction of a second.
    public static let quick = SwitchConfig(rounds: 2_000, repetitions: 3)

    public var warmup: Int { warmupRounds ?? rounds / 10 + 1 }

    /// Throws a `LabConfigError` naming the first field out of range.
    public func validate() throws(LabConfigError) {
        try LabConfigError.require("rounds", rounds, in: Self.roundRange)
        try LabConfigError.require("repetitions", repetitions, in: Self.repetitionRange)
        if let warmupRounds { try LabConfigError.require("warmupRounds", warmupRounds, in: 0...10_000_000) }
        if partners.isEmpty {
            throw LabConfigError(field: "partners", allowed: "thread, process or both", value: "none")
        }
    }
}

/// Who plays the echo side of the ping-pong.
public enum SwitchPartner: String, Codable, Sendable, CaseIterable {
    /// A second thread of ptt: a switch between them keeps the address space.
    case thread
    /// A child process (ptt started again): a switch loads another page-table root.
    case process
}
