import Foundation

/// What a learner expects a lab to show, asked before it runs and checked
/// after: a choice ("the parent reads 42") or a number (a counter total).
///
/// A prediction belongs to the configuration it was made for: a locked run
/// with 3 threads is another question than a racy one with 2, so a screen
/// asks again when ``matches(lab:configuration:)`` is false.
///
///     let p = try Prediction.number(1_500_000, lab: "race", configuration: ["threads": "3"],
///                                   valid: 0...3_000_000)
///     p.check(against: .number(2_100_000)).summary  // "off by 29 %"
public struct Prediction: Sendable, Codable, Equatable {
    /// What was predicted, or what was measured.
    public enum Value: Sendable, Codable, Equatable {
        /// One of the options the screen offered (its label).
        case choice(String)
        case number(Double)
    }

    /// How a prediction compares with the measurement.
    public enum Outcome: Sendable, Equatable {
        case right
        /// A number off by this fraction of the measured value (0.29: 29 %).
        case off(fraction: Double)
        /// Another choice than the one measured.
        case wrong

        public var isRight: Bool { self == .right }

        /// "right", "off by 29 %" or "wrong", for the result line.
        public var summary: String {
            switch self {
            case .right: "right"
            case .off(let fraction): "off by \(Int((fraction * 100).rounded())) %"
            case .wrong: "wrong"
            }
        }
    }

    /// A number outside the values the lab can produce.
    public struct OutOfRange: Error, Sendable, Equatable, CustomStringConvertible {
        public var value: Double
        public var valid: ClosedRange<Double>
        public var description: String {
            "\(Self.format(value)) is impossible here: enter a value from \(Self.format(valid.lowerBound)) to \(Self.format(valid.upperBound))"
        }
        static func format(_ v: Double) -> String {
            v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
        }
    }

    public var lab: String
    /// The settings the prediction was made for (threads, kind, transport …).
    public var configuration: [String: String]
    public var value: Value
    /// A number within this fraction of the measurement counts as right.
    public var tolerance: Double

    public init(lab: String, configuration: [String: String] = [:], value: Value, tolerance: Double = 0.1) {
        self.lab = lab
        self.configuration = configuration
        self.value = value
        self.tolerance = tolerance
    }

    /// A numeric prediction, refused when it lies outside `valid` (say, above
    /// the expected total of a counter run).
    public static func number(
        _ number: Double, lab: String, configuration: [String: String] = [:], valid: ClosedRange<Double>,
        tolerance: Double = 0.1
    ) throws(OutOfRange) -> Prediction {
        guard number.isFinite, valid.contains(number) else { throw OutOfRange(value: number, valid: valid) }
        return Prediction(lab: lab, configuration: configuration, value: .number(number), tolerance: tolerance)
    }

    /// Whether this prediction still applies: same lab, same settings.
    public func matches(lab: String, configuration: [String: String]) -> Bool {
        self.lab == lab && self.configuration == configuration
    }

    public func check(against measured: Value) -> Outcome {
        switch (value, measured) {
        case (.choice(let a), .choice(let b)):
            return a == b ? .right : .wrong
        case (.number(let a), .number(let b)):
            let fraction = b == 0 ? (a == 0 ? 0 : 1) : abs(a - b) / abs(b)
            return fraction <= tolerance ? .right : .off(fraction: fraction)
        default:
            return .wrong
        }
    }

    /// The value as the learner entered it.
    public static func text(_ value: Value) -> String {
        switch value {
        case .choice(let label): label
        case .number(let n): OutOfRange.format(n)
        }
    }
}

/// A prediction the machine proved wrong, kept as a quiz card: "You predicted
/// X; the machine said Y. Why?", answered by the lab's explanation.
public struct PredictionMiss: Sendable, Codable, Equatable {
    public var lab: String
    /// The lesson the lab belongs to (the card's section).
    public var section: String
    public var configuration: [String: String]
    public var predicted: String
    public var measured: String
    /// Why the machine shows what it shows (the lab's explanation).
    public var explanation: String
    public var at: Date

    public init(
        lab: String, section: String, configuration: [String: String] = [:], predicted: String, measured: String,
        explanation: String, at: Date
    ) {
        self.lab = lab
        self.section = section
        self.configuration = configuration
        self.predicted = predicted
        self.measured = measured
        self.explanation = explanation
        self.at = at
    }

    /// One card per lab and configuration: a new miss there replaces the old.
    public var id: String {
        let settings = configuration.keys.sorted().map { key -> String in
            let value = configuration[key]!.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
            return key.lowercased() + "-" + String(value)
        }
        let slug = ([lab] + settings).joined(separator: "-")
            .filter { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
        return "prediction-" + slug
    }

    /// The card as an open question of the quiz (level beginner, its lab one key away).
    public var question: QuizQuestion {
        QuizQuestion(
            id: id, level: .beginner, section: section,
            prompt: [Span("You predicted \(predicted); the machine said \(measured). Why?")],
            answer: [.paragraph([Span(explanation)])],
            keyPoints: [
                [Span("the lab measured \(measured), not \(predicted)")],
                [Span("why: rerun the lab and read its explanation")],
            ],
            lab: lab, file: "prediction", line: 1)
    }
}

extension LearnerProgress {
    /// Keeps a wrong prediction as a quiz card and schedules it like a wrong
    /// answer (due the next review day), unless it is practice.
    public mutating func recordWrongPrediction(_ miss: PredictionMiss, scheduler: any ReviewScheduler) {
        predictionMisses[miss.id] = miss
        recordAnswer(miss.question, grade: .again, at: miss.at, practice: false, scheduler: scheduler)
    }

    /// The cards made from wrong predictions, oldest first, to add to the bank
    /// (``QuizBank/including(_:)``) so that they are asked when due.
    public var predictionQuestions: [QuizQuestion] {
        predictionMisses.values.sorted { ($0.at, $0.id) < ($1.at, $1.id) }.map(\.question)
    }
}
