import Foundation

/// FSRS-6, the Free Spaced Repetition Scheduler that Anki schedules with,
/// with its published default parameters (as in the reference `py-fsrs` and
/// `fsrs-rs` implementations).
///
/// It models each question by *stability* (days until the chance of
/// recalling it falls to 90 %) and *difficulty* (1…10). A right answer raises
/// stability (more when recall was less likely), a wrong one cuts it, and the
/// next review is due when recall is predicted to drop to
/// `desiredRetention`.
///
/// Differences from Anki's defaults, on purpose: no minute-scale learning
/// steps (a quiz is taken once a day, not drilled in ten-minute loops) and
/// no random fuzz (schedules stay reproducible). Intervals are whole review
/// days (see ``ReviewDay``), at least one.
public struct FSRSScheduler: ReviewScheduler {
    /// FSRS-6 defaults, w0…w20.
    public static let defaultParameters: [Double] = [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614,
        0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ]
    static let minimumStability = 0.001

    public var name: String { "fsrs-6" }
    public var w: [Double]
    public var desiredRetention: Double
    public var maximumInterval: Int
    public var day: ReviewDay

    public init(
        parameters: [Double] = FSRSScheduler.defaultParameters, desiredRetention: Double = 0.9,
        maximumInterval: Int = 36500, day: ReviewDay = ReviewDay()
    ) {
        precondition(parameters.count == 21, "FSRS-6 takes 21 parameters")
        self.w = parameters
        self.desiredRetention = desiredRetention
        self.maximumInterval = maximumInterval
        self.day = day
    }

    var decay: Double { -w[20] }
    var factor: Double { pow(0.9, 1 / decay) - 1 }

    public func review(_ card: ReviewCard?, grade: ReviewGrade, at now: Date) -> ReviewCard {
        let g = Double(grade.rawValue)
        let stability: Double
        let difficulty: Double
        if let card, var s = card.memory["stability"], var d = card.memory["difficulty"], s.isFinite, d.isFinite {
            // Checked on decode; clamped here too, so no stored value can trap or leave the ranges.
            s = min(max(s, ProgressLimits.stability.lowerBound), ProgressLimits.stability.upperBound)
            d = clampDifficulty(d)
            let elapsed = max(0, (now.timeIntervalSince(card.lastReview) / 86400).rounded(.down))
            if elapsed < 1 {
                stability = shortTermStability(s, grade: grade)
            } else {
                let r = retrievability(stability: s, elapsedDays: elapsed)
                stability = grade == .again ? forgetStability(d, s, r) : recallStability(d, s, r, grade: grade)
            }
            difficulty = nextDifficulty(d, grade: grade)
        } else {
            stability = max(Self.minimumStability, w[grade.rawValue - 1])
            difficulty = clampDifficulty(initialDifficulty(g))
        }
        let days = interval(stability: stability)
        let kept = min(stability, ProgressLimits.stability.upperBound)
        return ReviewCard(
            due: day.start(ofDayAfter: days, from: now), lastReview: now,
            reviews: (card?.reviews ?? 0).saturatingAdd(1),
            lapses: (card?.lapses ?? 0).saturatingAdd(grade == .again ? 1 : 0),
            memory: ["stability": kept, "difficulty": difficulty])
    }

    /// The predicted chance of recall after `elapsedDays`.
    public func retrievability(stability: Double, elapsedDays: Double) -> Double {
        pow(1 + factor * elapsedDays / stability, decay)
    }

    /// Whole days until recall is predicted to fall to `desiredRetention`.
    public func interval(stability: Double) -> Int {
        let days = stability / factor * (pow(desiredRetention, 1 / decay) - 1)
        guard days.isFinite else { return maximumInterval }
        // Clamp as a Double first: Int(1e300) traps.
        return Int(min(Double(maximumInterval), max(1, days.rounded())))
    }

    func initialDifficulty(_ g: Double) -> Double { w[4] - exp(w[5] * (g - 1)) + 1 }

    func clampDifficulty(_ d: Double) -> Double { min(10, max(1, d)) }

    func nextDifficulty(_ d: Double, grade: ReviewGrade) -> Double {
        let delta = -w[6] * (Double(grade.rawValue) - 3)
        let damped = d + (10 - d) * delta / 9
        // Mean reversion towards the difficulty of a first "easy".
        return clampDifficulty(w[7] * initialDifficulty(4) + (1 - w[7]) * damped)
    }

    func recallStability(_ d: Double, _ s: Double, _ r: Double, grade: ReviewGrade) -> Double {
        let hard = grade == .hard ? w[15] : 1
        let easy = grade == .easy ? w[16] : 1
        let growth = exp(w[8]) * (11 - d) * pow(s, -w[9]) * (exp((1 - r) * w[10]) - 1) * hard * easy
        return max(Self.minimumStability, s * (1 + growth))
    }

    func forgetStability(_ d: Double, _ s: Double, _ r: Double) -> Double {
        let longTerm = w[11] * pow(d, -w[12]) * (pow(s + 1, w[13]) - 1) * exp((1 - r) * w[14])
        let shortTerm = s / exp(w[17] * w[18])
        return max(Self.minimumStability, min(longTerm, shortTerm))
    }

    /// A second review on the same day.
    func shortTermStability(_ s: Double, grade: ReviewGrade) -> Double {
        var increase = exp(w[17] * (Double(grade.rawValue) - 3 + w[18])) * pow(s, -w[19])
        if grade == .good || grade == .easy { increase = max(1, increase) }
        return max(Self.minimumStability, s * increase)
    }
}
