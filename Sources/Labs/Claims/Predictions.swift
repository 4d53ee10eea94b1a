/// A question the learner answers before a measurement runs, with choices
/// that cover every possible outcome; the report decides which one was right.
public struct MeasurementPrediction: Sendable, Equatable, Identifiable {
    public struct Choice: Sendable, Equatable, Identifiable {
        public var id: String
        public var text: String
    }

    public var id: String
    /// `switch`, `spawn` or `scaling`: the lab whose report answers it.
    public var lab: String
    public var question: String
    /// In order along the measured scale, so "how far off" is a distance.
    public var choices: [Choice]
    /// The measured quantity, named for the result line ("process ÷ thread switch").
    public var quantity: String
}

/// How a guess compares with the measurement.
public struct PredictionOutcome: Sendable, Equatable {
    public var prediction: MeasurementPrediction
    public var guess: MeasurementPrediction.Choice
    /// The choice the measurement falls in.
    public var measuredChoice: MeasurementPrediction.Choice
    /// The value itself, as text ("1.1×").
    public var measured: String
    public var right: Bool
    /// Choices between guess and measurement: 0 right, 1 next to it, …
    public var stepsOff: Int

    /// "Right: 1.1× is about the same." or "Off by 2: you said …, measured 1.1× (about the same)."
    public var summary: String {
        right
            ? "Right: \(measured) (\(measuredChoice.text))."
            : "Off by \(stepsOff): you said \(guess.text); measured \(measured) (\(measuredChoice.text))."
    }
}

/// The predictions the measurement labs answer.
///
/// ```swift
/// let p = Predictions.switchRatio
/// // the learner picks p.choices[0] before the run
/// let outcome = Predictions.grade(p, guess: p.choices[0].id, MeasuredReports(switchReport: report))
/// outcome?.summary
/// ```
public enum Predictions {
    public static let switchRatio = MeasurementPrediction(
        id: "switch-ratio", lab: "switch",
        question: "Pinned to one CPU, how does a thread switch compare with a process switch?",
        choices: [
            .init(id: "ten", text: "a thread switch is five or more times cheaper"),
            .init(id: "few", text: "a thread switch is 1.5 to 5 times cheaper"),
            .init(id: "same", text: "about the same (within 1.5×)"),
            .init(id: "dearer", text: "a thread switch is dearer by 1.5× or more"),
        ], quantity: "process switch ÷ thread switch")
    public static let threadSwitchSize = MeasurementPrediction(
        id: "thread-switch-size", lab: "switch", question: "How long does one switch between two threads take here?",
        choices: [
            .init(id: "ns", text: "under 0.1 µs (tens of nanoseconds)"),
            .init(id: "sub", text: "0.1 to 1 µs"),
            .init(id: "us", text: "1 to 10 µs"),
            .init(id: "slow", text: "over 10 µs"),
        ], quantity: "thread switch, net")
    public static let forkTouched = MeasurementPrediction(
        id: "fork-touched", lab: "spawn",
        question: "How much slower is a fork after the parent has written 512 MiB than a fork of a small process?",
        choices: [
            .init(id: "same", text: "about the same (under 2×)"),
            .init(id: "some", text: "2 to 10 times slower"),
            .init(id: "lots", text: "10 to 100 times slower"),
            .init(id: "huge", text: "over 100 times slower"),
        ], quantity: "fork after 512 MiB touched ÷ small fork")
    public static let forkUntouched = MeasurementPrediction(
        id: "fork-untouched", lab: "spawn",
        question: "And a fork after mapping 1 GiB that the parent never touched?",
        choices: [
            .init(id: "same", text: "about the same (under 2×)"),
            .init(id: "some", text: "2 to 10 times slower"),
            .init(id: "lots", text: "over 10 times slower"),
        ], quantity: "fork with 1 GiB mapped, untouched ÷ small fork")
    public static let creation = MeasurementPrediction(
        id: "creation", lab: "spawn",
        question: "How does fork + exit + wait compare with creating and joining a thread?",
        choices: [
            .init(id: "same", text: "about the same (under 2×)"),
            .init(id: "some", text: "2 to 10 times dearer"),
            .init(id: "lots", text: "over 10 times dearer"),
        ], quantity: "fork ÷ thread create")
    public static let cpuThreads = MeasurementPrediction(
        id: "cpu-threads", lab: "scaling",
        question: "Counting primes in Swift: how much faster are 2 threads than 1?",
        choices: [
            .init(id: "none", text: "no faster (under 1.3×)"),
            .init(id: "some", text: "somewhat faster (1.3× to 1.7×)"),
            .init(id: "double", text: "about twice as fast (1.7× or more)"),
        ], quantity: "speed-up of 2 threads")
    public static let pythonThreads = MeasurementPrediction(
        id: "python-threads", lab: "scaling",
        question: "The same job in Python: how much faster are 2 Python threads than 1?",
        choices: cpuThreads.choices, quantity: "speed-up of 2 Python threads")
    public static let ioThreads = MeasurementPrediction(
        id: "io-threads", lab: "scaling",
        question: "Blocking waits shared by 4 threads instead of 1: how much sooner are they done?",
        choices: [
            .init(id: "none", text: "no sooner (under 1.5×)"),
            .init(id: "some", text: "1.5× to 3× sooner"),
            .init(id: "all", text: "about 4× sooner (3× or more)"),
        ], quantity: "speed-up of 4 threads, I/O-bound")

    public static let all = [
        switchRatio, threadSwitchSize, forkTouched, forkUntouched, creation, cpuThreads, pythonThreads, ioThreads,
    ]

    /// The measured value and the index of the choice it falls in; nil when
    /// the report needed is missing.
    public static func measure(_ prediction: MeasurementPrediction, _ reports: MeasuredReports) -> (
        value: Double, text: String, index: Int
    )? {
        func bin(_ value: Double, _ bounds: [Double]) -> Int { bounds.firstIndex { value < $0 } ?? bounds.count }
        switch prediction.id {
        case switchRatio.id:
            guard let ratio = reports.switchReport?.processToThreadRatio else { return nil }
            // ten ≥ 5 > few ≥ 1.5 > same > 1/1.5 ≥ dearer
            let index = ratio >= 5 ? 0 : ratio >= 1.5 ? 1 : ratio > 1 / 1.5 ? 2 : 3
            return (ratio, timesText(ratio), index)
        case threadSwitchSize.id:
            guard let s = reports.switchReport, s.netResolved else { return nil }
            let micros = s.threadSwitchMicros
            return (micros, microsText(micros), bin(micros, [0.1, 1, 10]))
        case forkTouched.id:
            guard let p = reports.spawn, let big = p.largestTouched, p.forkMicros > 0 else { return nil }
            let ratio = big.forkMicros / p.forkMicros
            return (ratio, timesText(ratio), bin(ratio, [2, 10, 100]))
        case forkUntouched.id:
            guard let p = reports.spawn, let mapped = p.untouched, p.forkMicros > 0 else { return nil }
            let ratio = mapped.forkMicros / p.forkMicros
            return (ratio, timesText(ratio), bin(ratio, [2, 10]))
        case creation.id:
            guard let p = reports.spawn, p.threadCreateMicros > 0 else { return nil }
            let ratio = p.forkMicros / p.threadCreateMicros
            return (ratio, timesText(ratio), bin(ratio, [2, 10]))
        case cpuThreads.id:
            guard let c = reports.scaling, let two = ScalingReport.point(c.cpuBound, workers: 2) else { return nil }
            return (two.threadsSpeedup, timesText(two.threadsSpeedup), bin(two.threadsSpeedup, [1.3, 1.7]))
        case pythonThreads.id:
            guard let py = reports.scaling?.python, let two = ScalingReport.point(py.points, workers: 2) else {
                return nil
            }
            return (two.threadsSpeedup, timesText(two.threadsSpeedup), bin(two.threadsSpeedup, [1.3, 1.7]))
        case ioThreads.id:
            guard let c = reports.scaling, let four = ScalingReport.point(c.ioBound, workers: 4) else { return nil }
            return (four.threadsSpeedup, timesText(four.threadsSpeedup), bin(four.threadsSpeedup, [1.5, 3]))
        default:
            return nil
        }
    }

    /// Grades `guess` (a choice id); nil when the guess is not a choice or
    /// the report needed is missing.
    public static func grade(_ prediction: MeasurementPrediction, guess: String, _ reports: MeasuredReports)
        -> PredictionOutcome?
    {
        guard let guessed = prediction.choices.firstIndex(where: { $0.id == guess }),
            let (_, text, index) = measure(prediction, reports)
        else { return nil }
        return PredictionOutcome(
            prediction: prediction, guess: prediction.choices[guessed], measuredChoice: prediction.choices[index],
            measured: text, right: guessed == index, stepsOff: abs(guessed - index))
    }

    /// The predictions `lab` answers, in order.
    public static func `for`(lab: String) -> [MeasurementPrediction] { all.filter { $0.lab == lab } }
}
