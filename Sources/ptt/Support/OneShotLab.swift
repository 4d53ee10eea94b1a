import Curriculum
import Labs
import TerminalUI

/// A lab that runs once to a report (crash, fork): a prediction first, then
/// running, then finished or failed. `r` runs it again; `q` leaves.
struct OneShotLabState<Report: Equatable & Sendable>: Equatable, Sendable {
    enum Phase: Equatable, Sendable {
        /// Not run yet: the prediction is asked first.
        case waiting
        case running
        case finished(Report)
        case failed(String)
    }

    var phase = Phase.waiting

    var isRunning: Bool { phase == .running }
}

/// A screen of a lab that runs once to a report: the state, the run and
/// the keys they share; each screen keeps its own view.
protocol OneShotScreen: PredictingScreen {
    associatedtype Report: Equatable & Sendable
    /// The lab's name in the registry.
    static var labName: String { get }
    var lab: OneShotLabState<Report> { get set }
    var run: RunID? { get set }
    /// Starts one run; called on a thread of its own.
    static func makeRun(_ executable: ChildExecutable) throws -> Report
    /// The questions asked before the first run.
    static var asks: [PredictionAsk] { get }
    /// What the report says for each question, and why (the card's answer).
    static func measured(_ report: Report) -> [(value: Prediction.Value, explanation: String)]
}

extension OneShotScreen {
    var name: String { "lab \(Self.labName)" }
    var needsTicks: Bool { lab.isRunning }
    var runs: [RunID] { run.map { [$0] } ?? [] }

    /// Starts a run (again): the screen shows "running" until the report comes.
    mutating func start(_ app: inout AppModel) -> [Effect] {
        let id = app.newRun(Self.labName)
        run = id
        lab = OneShotLabState(phase: .running)
        return [
            .startLab(
                id,
                LabStart(Self.labName) { executable in
                    try OneShotRun(name: "\(Self.labName)-lab") { try Self.makeRun(executable) }
                })
        ]
    }

    mutating func predicted(_ app: inout AppModel) -> [Effect] { start(&app) }

    /// The prediction step the screen opens with (one-shot labs have no settings).
    static var firstStep: PredictionStep { PredictionStep(lab: labName, configuration: [:], asks: asks) }

    /// Leaving: a run still going is waited for (it ends on its own, within a second).
    func closing(_ app: AppModel) -> [Effect] { lab.isRunning ? runs.map { .stopLab($0) } : [] }

    mutating func receive(_ message: ScreenMessage, _ app: inout AppModel) -> [Effect] {
        guard case .lab(let id, let output) = message, id == run, lab.isRunning else { return [] }
        switch output {
        case .finished(let report as Report):
            lab.phase = .finished(report)
            app.progress.recordLab(Self.labName, at: app.clock())
            var effects: [Effect] = []
            for (i, m) in Self.measured(report).enumerated() {
                effects += predict.check(i, against: m.value, explanation: m.explanation, &app)
            }
            return Array(effects.prefix(1))
        case .failed(let message):
            lab.phase = .failed(message)
        default:
            break
        }
        return []
    }

    /// `r`/Enter run again once the last run is over, then help and back.
    static func oneShotKeys(again hint: String, help: String) -> [KeyBinding<Self>] {
        predictionKeys + [
            KeyBinding(
                .character("r"), .enter, label: "r", hint: hint, help: help, section: "Lab",
                when: { screen, _ in !screen.lab.isRunning && !screen.isPredicting }
            ) { screen, app, _ in screen.start(&app) },
            .help, .presenter, .pause, .slow, .step, .back(), .quit,
        ]
    }
}
