/// A schedule that picks each next runnable thread at random, seeded so the
/// same seed gives the same order (`ptt demo interleave --random --seed N`,
/// `R` in the game): the projector and the students' laptops see the same run.
///
///     let schedule = RandomSchedule.play(machine, seed: 42)
///     schedule.order        // 0-based threads, e.g. [1, 0, 0, 1, …]
///     schedule.seed         // 42
public struct RandomSchedule: Sendable, Equatable {
    /// Steps a schedule takes at most: a program that can loop (a spin
    /// lock) would otherwise never end.
    public static let stepLimit = 500

    public var seed: UInt64
    /// The threads (0-based), in the order they ran.
    public var order: [Int]
    /// Whether the schedule stopped at `stepLimit` with threads still runnable.
    public var cutShort: Bool

    public init(seed: UInt64, order: [Int], cutShort: Bool) {
        self.seed = seed
        self.order = order
        self.cutShort = cutShort
    }

    /// Runs `machine` from its start until no thread can run (all finished,
    /// or stuck) or `limit` steps, each step by a thread drawn uniformly from
    /// the runnable ones with SplitMix64 seeded by `seed`.
    public static func play(_ machine: SchedulerMachine, seed: UInt64, limit: Int = stepLimit) -> RandomSchedule {
        var rng = SplitMix64(seed: seed)
        var state = machine.initialState
        var order: [Int] = []
        while order.count < limit {
            let runnable = machine.enabledThreads(in: state)
            guard !runnable.isEmpty else { return RandomSchedule(seed: seed, order: order, cutShort: false) }
            // A plain remainder, not `random(in:using:)`: its algorithm may
            // change between Swift releases, and the order must not.
            let thread = runnable[Int(rng.next() % UInt64(runnable.count))]
            guard let next = machine.step(thread, from: state) else { break }
            state = next
            order.append(thread)
        }
        return RandomSchedule(seed: seed, order: order, cutShort: !machine.enabledThreads(in: state).isEmpty)
    }

    /// A seed from the clock when none was given: short enough to type back
    /// (`--seed N`), from the milliseconds of `secondsSince1970`.
    public static func clockSeed(secondsSince1970: Double) -> UInt64 {
        UInt64(max(0, (secondsSince1970 * 1000).rounded(.down)).truncatingRemainder(dividingBy: 1_000_000))
    }
}
