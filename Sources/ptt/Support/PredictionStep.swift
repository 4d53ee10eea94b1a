import Curriculum
import Foundation
import TerminalUI

/// One question a lab asks before it runs: a choice, or a number.
struct PredictionAsk: Equatable, Sendable {
    enum Form: Equatable, Sendable {
        /// Options chosen by number key (1, 2, …); the label is the prediction.
        case choices([String])
        /// A typed whole number; values outside `valid` are refused.
        case number(valid: ClosedRange<Double>)
    }

    /// Names the question among the lab's (`parent-reads`, `thread-crash`).
    var id: String
    var prompt: String
    var form: Form
    /// When the answer is checked, if not right after the run.
    var note: String?
    /// How close a number must be to count as right (a fraction of the measurement).
    var tolerance = 0.1
}

/// The prediction step of a lab screen: its questions, the answers typed
/// or chosen, and how each came out once the lab has measured.
///
/// It belongs to one configuration (``Prediction/matches(lab:configuration:)``):
/// a screen whose settings change makes a new step, and so asks again.
struct PredictionStep: Equatable, Sendable {
    var lab: String
    var configuration: [String: String]
    var asks: [PredictionAsk]
    /// The question being asked; `asks.count` once all are answered or skipped.
    var index = 0
    /// The digits typed for a number question.
    var input = ""
    /// Why the last entry was refused.
    var error: String?
    /// One per question: the prediction, or nil when skipped.
    var made: [Prediction?] = []
    /// How a prediction came out, and what the lab measured.
    struct Checked: Equatable, Sendable {
        var outcome: Prediction.Outcome
        var measured: Prediction.Value
    }

    /// One per question, once checked.
    var outcomes: [Checked?] = []
    /// Questions whose miss is already a quiz card.
    var recorded: Set<Int> = []

    init(lab: String, configuration: [String: String], asks: [PredictionAsk]) {
        self.lab = lab
        self.configuration = configuration
        self.asks = asks
        outcomes = Array(repeating: nil, count: asks.count)
    }

    var isAsking: Bool { index < asks.count }
    var current: PredictionAsk? { isAsking ? asks[index] : nil }
    var isChoosing: Bool { if case .choices = current?.form { true } else { false } }
    var isTyping: Bool { if case .number = current?.form { true } else { false } }
    /// Whether any question got an answer (not all skipped).
    var hasPredictions: Bool { made.contains { $0 != nil } }

    /// Whether this step was made for these settings.
    func matches(lab: String, configuration: [String: String]) -> Bool {
        self.lab == lab && self.configuration == configuration
    }

    /// The prediction made for question `i`, if any.
    func prediction(_ i: Int) -> Prediction? { i < made.count ? made[i] : nil }

    // MARK: - Answering

    /// Chooses option `position` (0-based) of the current question.
    mutating func choose(_ position: Int) {
        guard case .choices(let options)? = current?.form, options.indices.contains(position) else { return }
        advance(Prediction(lab: lab, configuration: configuration, value: .choice(options[position])))
    }

    mutating func type(_ digit: Character) {
        guard isTyping, digit.isASCII, digit.isNumber, input.count < 12 else { return }
        input.append(digit)
        error = nil
    }

    mutating func deleteLast() {
        input = String(input.dropLast())
        error = nil
    }

    /// Takes the typed number, or refuses it with the valid range.
    mutating func confirm() {
        guard let ask = current, case .number(let valid) = ask.form else { return }
        guard let number = Double(input) else {
            error =
                "type a number from \(Self.format(valid.lowerBound)) to \(Self.format(valid.upperBound)), or s to skip"
            return
        }
        do {
            advance(
                try Prediction.number(
                    number, lab: lab, configuration: configuration, valid: valid, tolerance: ask.tolerance))
        } catch {
            self.error =
                "\(Self.format(error.value)) is impossible here: enter a value from "
                + "\(Self.format(error.valid.lowerBound)) to \(Self.format(error.valid.upperBound))"
        }
    }

    /// Skips the current question.
    mutating func skip() { advance(nil) }

    private mutating func advance(_ prediction: Prediction?) {
        made.append(prediction)
        index += 1
        input = ""
        error = nil
    }

    // MARK: - Checking

    /// Checks question `i` against what the lab measured. A miss becomes a
    /// quiz card once (the effects save it); a skipped question is not checked.
    mutating func check(
        _ i: Int, against measured: Prediction.Value, explanation: String, _ app: inout AppModel
    ) -> [Effect] {
        guard let prediction = prediction(i), outcomes.indices.contains(i) else { return [] }
        let outcome = prediction.check(against: measured)
        outcomes[i] = Checked(outcome: outcome, measured: measured)
        guard !outcome.isRight, !recorded.contains(i) else { return [] }
        recorded.insert(i)
        var settings = configuration
        if asks.count > 1 { settings["question"] = asks[i].id }
        let section = app.labs.lessons(embedding: lab, in: app.library).first ?? "threads"
        let miss = PredictionMiss(
            lab: lab, section: section, configuration: settings, predicted: Self.text(prediction.value),
            measured: Self.text(measured), explanation: explanation, at: app.clock())
        app.progress.recordWrongPrediction(miss, scheduler: app.scheduler)
        return [.saveProgress]
    }

    /// "1500000" as "1,500,000"; a choice as its label.
    static func text(_ value: Prediction.Value) -> String {
        switch value {
        case .choice(let label): label
        case .number(let n): format(n)
        }
    }

    static func format(_ n: Double) -> String {
        n == n.rounded() && abs(n) < 1e15 ? grouped(Int(n)) : String(n)
    }

    // MARK: - Drawing

    /// The result line of question `i`: what was predicted and how it came
    /// out; `pending` says why it is not checked yet. Empty when skipped.
    func resultRuns(_ i: Int, pending: String? = nil) -> [TextRun] {
        guard let prediction = prediction(i) else { return [] }
        var runs = [TextRun("you predicted "), TextRun(Self.text(prediction.value), Style(.strong, bold: true))]
        if let checked = outcomes[i] {
            let outcome = checked.outcome
            switch outcome {
            case .right:
                runs.append(TextRun(": right ✓", Style(.ok, bold: true)))
                if case .number(let a) = prediction.value, case .number(let b) = checked.measured, a != b, b != 0 {
                    let off = Prediction.Outcome.off(fraction: abs(a - b) / abs(b)).summary
                    runs.append(
                        TextRun(" (\(off), within \(Int((prediction.tolerance * 100).rounded())) %)", Style(.dim)))
                }
            case .off(let fraction):
                // Under 1 % the rounded percentage would say 0: give the difference instead.
                var text = outcome.summary
                if fraction < 0.01, case .number(let a) = prediction.value, case .number(let b) = checked.measured {
                    text = "off by \(Self.format(abs(a - b))) (under 1 %)"
                }
                runs.append(TextRun(": " + text, Style(.warn, bold: true)))
            case .wrong:
                runs.append(TextRun(": wrong ✗", Style(.bad, bold: true)))
                runs.append(TextRun(" (the machine said \(Self.text(checked.measured)))", Style(.dim)))
            }
            if !outcome.isRight { runs.append(TextRun(" · it is now a quiz card", Style(.dim))) }
        } else if let pending {
            runs.append(TextRun(" · " + pending, Style(.dim)))
        }
        return runs
    }

    /// The question being asked, its options or the typed number, and how to answer.
    func draw(in content: Rect, y: inout Int, on canvas: inout Canvas) {
        guard let ask = current else { return }
        let count = asks.count > 1 ? " (question \(index + 1) of \(asks.count))" : ""
        canvas.flow([TextRun("Before it runs, predict" + count + ":", Style(.heading, bold: true))], in: content, y: &y)
        canvas.flow([TextRun(ask.prompt, Style(.strong, bold: true))], in: content, y: &y)
        y += 1
        switch ask.form {
        case .choices(let options):
            for (i, option) in options.enumerated() where y < content.maxY {
                canvas.flow(
                    [TextRun("  \(i + 1)  ", Style(.accent, bold: true)), TextRun(option)], in: content, y: &y)
            }
            y += 1
            canvas.flow(
                [TextRun("Press 1-\(options.count) to choose, or s to skip.", Style(.dim))], in: content, y: &y)
        case .number(let valid):
            let shown = input.isEmpty ? "" : Self.format(Double(input) ?? 0)
            canvas.flow(
                [TextRun("Your prediction: "), TextRun(shown + "▏", Style(.accent, bold: true))], in: content, y: &y)
            y += 1
            canvas.flow(
                [
                    TextRun(
                        "Type a number from \(Self.format(valid.lowerBound)) to \(Self.format(valid.upperBound)) "
                            + "and press Enter, or s to skip.", Style(.dim))
                ], in: content, y: &y)
        }
        if let note = ask.note { canvas.flow([TextRun(note, Style(.dim))], in: content, y: &y) }
        if let error { canvas.flow([TextRun(error, Style(.bad, bold: true))], in: content, y: &y) }
    }
}

/// A lab screen that asks for a prediction before it runs.
protocol PredictingScreen: Screen {
    var predict: PredictionStep { get set }
    /// The last question is answered or skipped: start the run.
    mutating func predicted(_ app: inout AppModel) -> [Effect]
}

extension PredictingScreen {
    /// Whether the screen is asking now (for the other keys' `when`).
    var isPredicting: Bool { predict.isAsking }

    /// The keys of the prediction step: they apply only while it asks, and
    /// go first in the screen's key map.
    static var predictionKeys: [KeyBinding<Self>] {
        [
            KeyBinding(
                matching: { key in
                    if case .character(let c) = key, let n = c.wholeNumberValue { (1...9).contains(n) } else { false }
                }, label: "1-9", hint: "choose",
                labelText: { s, _ in
                    if case .choices(let options)? = s.predict.current?.form { "1-\(options.count)" } else { "1-9" }
                }, help: "choose a prediction", section: "Prediction", priority: KeyBinding<Self>.essential,
                when: { s, _ in s.predict.isChoosing }
            ) { s, app, key in
                guard case .character(let c) = key, let n = c.wholeNumberValue else { return [] }
                s.predict.choose(n - 1)
                return s.predict.isAsking ? [] : s.predicted(&app)
            },
            KeyBinding(
                matching: { if case .character(let c) = $0 { c.isASCII && c.isNumber } else { false } },
                label: "0-9", hint: "type", help: "type a prediction", section: "Prediction", priority: 50,
                when: { s, _ in s.predict.isTyping }
            ) { s, _, key in
                if case .character(let c) = key { s.predict.type(c) }
                return []
            },
            KeyBinding(
                .backspace, .delete, label: "⌫", help: "delete the last digit", section: "Prediction",
                when: { s, _ in s.predict.isTyping }
            ) { s, _, _ in
                s.predict.deleteLast()
                return []
            },
            KeyBinding(
                .enter, label: "⏎", hint: "run", help: "run with this prediction (refused when impossible)",
                section: "Prediction", priority: KeyBinding<Self>.essential, when: { s, _ in s.predict.isTyping }
            ) { s, app, _ in
                s.predict.confirm()
                return s.predict.isAsking ? [] : s.predicted(&app)
            },
            KeyBinding(
                .character("s"), label: "s", hint: "skip", help: "skip this prediction", section: "Prediction",
                priority: 40, when: { s, _ in s.predict.isAsking }
            ) { s, app, _ in
                s.predict.skip()
                return s.predict.isAsking ? [] : s.predicted(&app)
            },
        ]
    }
}
