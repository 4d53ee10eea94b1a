import Foundation

/// One sitting of the quiz: which questions, in what order, with the choices
/// shuffled, and how each was answered.
///
/// A scheduled round asks the due questions first (the longest overdue, so
/// usually the ones got wrong, first), then new ones in bank order (beginner
/// before senior). A practice round (`--cram`) asks any question, shuffled,
/// and leaves the schedule alone.
///
///     var round = QuizRound.plan(bank: bank, progress: progress, now: now, seed: 7)
///     let item = round.items[0]
///     round.answers.append(.init(item.question, correct: true))
public struct QuizRound: Sendable, Equatable {
    public enum Reason: String, Sendable, Equatable {
        /// On the schedule, and its time has come.
        case due
        /// Never answered outside practice.
        case new
        /// Asked in a practice round.
        case practice
    }

    public struct Item: Sendable, Equatable {
        public var question: QuizQuestion
        /// Display position to index in `question.choices`.
        public var choiceOrder: [Int]
        public var reason: Reason

        /// The choices in the order shown.
        public var shownChoices: [QuizQuestion.Choice] { choiceOrder.map { question.choices[$0] } }

        /// The display position of the right choice.
        public var rightPosition: Int? { choiceOrder.firstIndex { question.choices[$0].isRight } }
    }

    public struct Answer: Sendable, Equatable {
        public var question: QuizQuestion
        /// Right, or (for an open question) self-graded yes or partly.
        public var correct: Bool
        /// The scheduler's grade: `.good`, `.again`, or `.hard` for "partly".
        public var grade: ReviewGrade

        public init(_ question: QuizQuestion, correct: Bool) {
            self.question = question
            self.correct = correct
            self.grade = correct ? .good : .again
        }

        /// An open question's self-grade (`y`, `p`, `n`).
        public init(_ question: QuizQuestion, selfGrade: SelfGrade) {
            self.question = question
            self.grade = selfGrade.reviewGrade
            self.correct = grade.passed
        }
    }

    public var items: [Item]
    public var practice: Bool
    public var answers: [Answer] = []

    public init(items: [Item], practice: Bool) {
        self.items = items
        self.practice = practice
    }

    public static let defaultLimit = 10

    /// Picks the questions of a round. `seed` fixes the shuffles (tests pass
    /// one; the app passes the time).
    public static func plan(
        bank: QuizBank, progress: LearnerProgress, level: QuizLevel? = nil, section: String? = nil,
        practice: Bool = false,
        limit: Int = defaultLimit, now: Date, seed: UInt64
    ) -> QuizRound {
        var rng = SplitMix64(seed: seed)
        let candidates = bank.questions(level: level, section: section)
        var picked: [(QuizQuestion, Reason)]
        if practice {
            picked = candidates.shuffled(using: &rng).map { ($0, .practice) }
        } else {
            let cards = progress.quiz.cards
            let due = candidates.filter { cards[$0.id]?.isDue(at: now) == true }
                .sorted { cards[$0.id]!.due < cards[$1.id]!.due }
            let new = candidates.filter { cards[$0.id] == nil }
            picked = due.map { ($0, .due) } + new.map { ($0, .new) }
        }
        let items = picked.prefix(max(0, limit)).map { question, reason in
            Item(question: question, choiceOrder: Array(question.choices.indices).shuffled(using: &rng), reason: reason)
        }
        return QuizRound(items: items, practice: practice)
    }

    public var isFinished: Bool { answers.count >= items.count }

    /// The item being asked (nil when the round is over).
    public var current: Item? { isFinished ? nil : items[answers.count] }

    public var rightCount: Int { answers.filter(\.correct).count }

    /// Right and asked, per level, in level order.
    public var byLevel: [(level: QuizLevel, right: Int, asked: Int)] {
        QuizLevel.allCases.compactMap { level in
            let asked = answers.filter { $0.question.level == level }
            return asked.isEmpty ? nil : (level, asked.filter(\.correct).count, asked.count)
        }
    }

    /// Right and asked, per section, in the order sections were first asked.
    public var bySection: [(section: String, right: Int, asked: Int)] {
        var order: [String] = []
        for answer in answers where !order.contains(answer.question.section) { order.append(answer.question.section) }
        return order.map { section in
            let asked = answers.filter { $0.question.section == section }
            return (section, asked.filter(\.correct).count, asked.count)
        }
    }

    /// The questions got wrong, in the order asked.
    public var toReview: [QuizQuestion] { answers.filter { !$0.correct }.map(\.question) }
}

/// A small seeded generator (SplitMix64), so a round's order is reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
