/// The spread of repeated measurements of one thing: the median, the least
/// and the most, and percentiles, all in microseconds. Percentiles are read
/// off the sorted samples (nearest rank), no interpolation.
///
/// ```swift
/// let stats = SampleStats(micros: [2.1, 2.0, 2.4, 9.0])
/// stats.median   // 2.4 (the upper middle of an even count)
/// stats.p99      // 9.0
/// ```
public struct SampleStats: Codable, Sendable, Equatable {
    public var count: Int
    public var median: Double
    public var min: Double
    public var max: Double
    public var mean: Double
    public var p50: Double
    public var p99: Double

    public init(micros samples: [Double]) {
        let sorted = samples.sorted()
        count = sorted.count
        median = Self.percentile(sorted, 50)
        min = sorted.first ?? 0
        max = sorted.last ?? 0
        mean = sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count)
        p50 = median
        p99 = Self.percentile(sorted, 99)
    }

    /// The nearest-rank percentile of sorted samples: the smallest sample with
    /// at least `percent` % of the samples at or below it; 0 for none.
    public static func percentile(_ sorted: [Double], _ percent: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        if percent == 50 { return sorted[sorted.count / 2] }
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(sorted.count - 1, Swift.max(0, rank - 1))]
    }
}
