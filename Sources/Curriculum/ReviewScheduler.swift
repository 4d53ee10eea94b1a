import Foundation

/// How a review went. A right choice or a "yes, I had the key points" is
/// `good`, "partly" is `hard`, anything else is `again`.
public enum ReviewGrade: Int, Sendable, Codable, CaseIterable {
    case again = 1
    case hard, good, easy

    /// Whether the review counts as remembered (every grade but `again`).
    public var passed: Bool { self != .again }
}

/// How a learner grades their own answer to an open question, after seeing
/// the model answer and key points: `y`, `p` or `n` on the quiz screen.
public enum SelfGrade: String, Sendable, Codable, CaseIterable {
    /// I had the key points.
    case yes
    /// I had some of them.
    case partly
    /// I did not have them.
    case no

    /// The scheduler's grade: yes is `good`, partly `hard` (it comes back
    /// sooner than a yes, later than a no), no is `again`.
    public var reviewGrade: ReviewGrade {
        switch self {
        case .yes: .good
        case .partly: .hard
        case .no: .again
        }
    }

    /// The key on the quiz screen, and its label.
    public var key: Character {
        switch self {
        case .yes: "y"
        case .partly: "p"
        case .no: "n"
        }
    }

    public init?(key: Character) {
        guard let grade = Self.allCases.first(where: { $0.key == key }) else { return nil }
        self = grade
    }
}

/// What the schedule knows about one question: when it is due next, and the
/// scheduler's own memory of it. Learners are shown `due`, never `memory`.
public struct ReviewCard: Sendable, Codable, Equatable {
    /// When the question should be asked again.
    public var due: Date
    public var lastReview: Date
    /// Reviews that changed the schedule (practice rounds do not count).
    public var reviews: Int
    /// Reviews graded `again`.
    public var lapses: Int
    /// The scheduler's state, by name (FSRS: `stability` in days and
    /// `difficulty` 1…10; Leitner: `box`). Another scheduler may read none of it.
    public var memory: [String: Double]

    public init(due: Date, lastReview: Date, reviews: Int, lapses: Int, memory: [String: Double]) {
        self.due = due
        self.lastReview = lastReview
        self.reviews = reviews
        self.lapses = lapses
        self.memory = memory
    }

    public func isDue(at now: Date) -> Bool { due <= now }

    enum CodingKeys: String, CodingKey { case due, lastReview, reviews, lapses, memory }

    /// Checks every number: counts in ``ProgressLimits/count`` (lapses at
    /// most reviews), memory values finite, FSRS's and Leitner's own in their
    /// ranges, dates between 1970 and 9999.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        due = try c.decode(Date.self, forKey: .due)
        lastReview = try c.decode(Date.self, forKey: .lastReview)
        reviews = try c.decodeWholeNumber(forKey: .reviews) ?? 0
        lapses = try c.decodeWholeNumber(forKey: .lapses) ?? 0
        memory = try c.decodeIfPresent([String: Double].self, forKey: .memory) ?? [:]
        try ProgressLimits.check(due, "due")
        try ProgressLimits.check(lastReview, "lastReview")
        try ProgressLimits.check(reviews, ProgressLimits.count, "reviews")
        try ProgressLimits.check(lapses, 0...reviews, "lapses")
        for (name, value) in memory.sorted(by: { $0.key < $1.key }) {
            let range: ClosedRange<Double> =
                switch name {
                case "stability": ProgressLimits.stability
                case "difficulty": ProgressLimits.difficulty
                case "box": ProgressLimits.box
                default: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
                }
            try ProgressLimits.check(value, range, "memory.\(name)")
        }
    }
}

/// Decides when a question comes back. One method, so that FSRS and a
/// Leitner box scheme (or anything else) can be swapped.
///
/// Time is always passed in: a scheduler never reads the clock, so tests
/// can replay a month of reviews in a microsecond.
///
///     let scheduler = FSRSScheduler()
///     var card = scheduler.review(nil, grade: .again, at: now)    // due tomorrow
///     card = scheduler.review(card, grade: .good, at: card.due)   // due in days
public protocol ReviewScheduler: Sendable {
    /// Stored beside the cards: cards written by another scheduler are
    /// rescheduled from their history rather than misread.
    var name: String { get }
    /// The card after a review at `now`; `card` is nil for a first review.
    func review(_ card: ReviewCard?, grade: ReviewGrade, at now: Date) -> ReviewCard
}

/// Due times fall on the start of a review day, as in Anki: a question due
/// "tomorrow" is due from 4 a.m. local time, so someone who comes back the
/// next morning finds it waiting, whatever the hour they answered it.
public struct ReviewDay: Sendable, Equatable {
    public var timeZone: TimeZone
    /// The hour a new review day starts.
    public var startHour: Int

    public init(timeZone: TimeZone = .current, startHour: Int = 4) {
        self.timeZone = timeZone
        self.startHour = startHour
    }

    /// The start of the review day `days` after the one `date` falls in.
    public func start(ofDayAfter days: Int, from date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let shifted = date.addingTimeInterval(-Double(startHour) * 3600)
        let midnight = calendar.startOfDay(for: shifted)
        let day =
            calendar.date(byAdding: .day, value: days, to: midnight)
            ?? midnight.addingTimeInterval(Double(days) * 86400)
        return day.addingTimeInterval(Double(startHour) * 3600)
    }
}

/// Leitner boxes: right moves a question up a box (longer wait), wrong sends
/// it back to the first. Kept as the simple alternative to FSRS.
public struct LeitnerScheduler: ReviewScheduler {
    public var name: String { "leitner" }
    /// Days to wait in each box.
    public var intervals: [Int]
    public var day: ReviewDay

    public init(intervals: [Int] = [1, 2, 4, 8, 16, 32, 64], day: ReviewDay = ReviewDay()) {
        self.intervals = intervals
        self.day = day
    }

    public func review(_ card: ReviewCard?, grade: ReviewGrade, at now: Date) -> ReviewCard {
        // A new question starts in box 0: right moves it to box 1, wrong keeps it in 0.
        // A box from a file is checked on decode; clamp anyway, so no value traps.
        let stored = card?.memory["box"] ?? 0
        let box = stored.isFinite ? Int(min(max(stored, 0), Double(intervals.count))) : 0
        let next = grade == .again ? 0 : min(intervals.count - 1, box + 1)
        return ReviewCard(
            due: day.start(ofDayAfter: intervals[next], from: now), lastReview: now,
            reviews: (card?.reviews ?? 0).saturatingAdd(1),
            lapses: (card?.lapses ?? 0).saturatingAdd(grade == .again ? 1 : 0),
            memory: ["box": Double(next)])
    }
}
