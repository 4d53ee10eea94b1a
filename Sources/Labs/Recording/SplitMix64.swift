/// A small seeded random number generator (SplitMix64, Steele, Lea and
/// Flood 2014): the same seed gives the same sequence on every machine, so
/// `--seed N` makes a quiz order or a random schedule repeatable, and the
/// projector and the students' laptops show the same thing.
///
/// ```swift
/// var random = SplitMix64(seed: 42)
/// let order = questions.shuffled(using: &random)
/// let pick = Int.random(in: 0..<10, using: &random)
/// ```
///
/// The raw sequence is fixed by the algorithm; what `shuffled(using:)` and
/// `random(in:using:)` make of it is the Swift standard library's, the same
/// for one ptt binary. Not for cryptography.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
