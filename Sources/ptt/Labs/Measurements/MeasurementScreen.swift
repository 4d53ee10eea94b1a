import Labs
import TerminalUI

/// One of the article's numbers as a lab (switch, spawn, scaling): what the
/// screen needs to know of it. Each lab's folder defines one.
protocol MeasurementLab: Sendable {
    associatedtype Report: Codable & Sendable & Equatable
    associatedtype Config: Sendable & Equatable & CustomStringConvertible
    static var name: String { get }
    static var title: String { get }
    /// The settings a lesson, the claims screen and `ptt demo claims` use.
    static var standardConfig: Config { get }
    /// Runs on a thread of its own; posts progress, stops when `cancel` is raised.
    static func run(
        _ config: Config, executable: ChildExecutable, progress: Mailbox<LabProgress>, cancel: CancellationFlag
    ) throws -> Report
    /// The report where the article's claims look for it.
    static func measured(_ report: Report) -> MeasuredReports
    /// The result as lines of text, for a column `width` wide.
    static func result(_ report: Report, width: Int) -> [[TextRun]]
    /// What the report ran on.
    static func environment(_ report: Report) -> MeasurementEnvironment
    /// The headline figures presenter mode shows large once the report is in.
    static func presenterFigures(_ report: Report) -> [PresenterFigure]
}

extension MeasurementLab {
    static func presenterFigures(_ report: Report) -> [PresenterFigure] { [] }
}

/// A measurement run on the loop's terms: progress each frame, the report
/// at the end, cancelled with nothing left running.
final class MeasurementRunning<Report: Sendable>: RunningLab {
    private let job: BackgroundJob<Report>
    private let progress: Mailbox<LabProgress>
    private let cancel: CancellationFlag

    init(
        name: String,
        _ body: @escaping @Sendable (Mailbox<LabProgress>, CancellationFlag) throws -> Report
    ) throws {
        let progress = Mailbox(LabProgress.starting)
        let cancel = CancellationFlag()
        self.progress = progress
        self.cancel = cancel
        job = try BackgroundJob.start(name: name) { try body(progress, cancel) }
    }

    func sample() -> [LabOutput] {
        switch job.result {
        case nil: [.progress(progress.read())]
        case .success(let report)?: [.finished(report)]
        case .failure(let error)?: [.failed(String(describing: error))]
        }
    }

    /// Raises the flag and waits: every thread joined, every child reaped.
    func stop() {
        cancel.cancel()
        _ = job.wait()
    }
}

/// The screen of a measurement lab: predict (the lab's questions, a choice
/// each), watch the progress bar, then read the figures beside the
/// article's claims with a verdict, and how far off each guess was.
struct MeasurementScreen<Lab: MeasurementLab>: Screen {
    enum Phase: Equatable, Sendable {
        case predicting(Int)
        case running(LabProgress)
        case finished(Lab.Report)
        case failed(String)
    }

    var config: Lab.Config
    var phase = Phase.predicting(0)
    /// Prediction id → the choice id the learner picked.
    var guesses: [String: String] = [:]
    var run: RunID?
    var offset = 0

    init(config: Lab.Config) {
        self.config = config
        if MeasurementPredictions.questions(Lab.name).isEmpty { phase = .running(.starting) }
    }

    var name: String { "lab \(Lab.name)" }

    /// The lab's title; only its name ("Lab: spawn") where the whole title
    /// would push "presenter · P leaves" off the title bar.
    func presenterTitle(_ app: AppModel) -> String {
        guard Lab.title.count + 24 > app.size.width, let dash = Lab.title.range(of: " — ") else { return Lab.title }
        return String(Lab.title[..<dash.lowerBound])
    }

    /// How far the measurement is while it runs; the lab's headline figures once it has finished.
    func presenterFigures(_ app: AppModel) -> [PresenterFigure] {
        switch phase {
        case .running(let p):
            [
                PresenterFigure(
                    "measuring: " + p.phase, String(Int((p.fraction * 100).rounded())), unit: "%", role: .accent)
            ]
        case .finished(let report): Lab.presenterFigures(report)
        case .predicting, .failed: []
        }
    }
    var needsTicks: Bool { if case .running = phase { true } else { false } }
    var runs: [RunID] { run.map { [$0] } ?? [] }

    var question: MeasurementPrediction? {
        guard case .predicting(let i) = phase else { return nil }
        let all = MeasurementPredictions.questions(Lab.name)
        return all.indices.contains(i) ? all[i] : nil
    }

    static var keyMap: KeyMap<MeasurementScreen> {
        KeyMap([
            KeyBinding(
                matching: { key in if case .character(let c) = key { c.isASCII && c.isNumber } else { false } },
                label: "1-4", helpLabel: "1-4", hint: "choose",
                labelText: { s, _ in "1-\(s.question?.choices.count ?? 4)" }, help: "choose your prediction",
                section: "Predict", priority: KeyBinding<MeasurementScreen>.essential,
                when: { s, _ in s.question != nil }
            ) { s, app, key in
                guard let q = s.question, case .character(let c) = key, let n = c.wholeNumberValue,
                    q.choices.indices.contains(n - 1), case .predicting(let i) = s.phase
                else { return [] }
                s.guesses[q.id] = q.choices[n - 1].id
                return s.next(after: i, &app)
            },
            KeyBinding(
                .character("s"), label: "s", hint: "skip", help: "skip this prediction", section: "Predict",
                priority: 50, when: { s, _ in s.question != nil }
            ) { s, app, _ in
                guard case .predicting(let i) = s.phase else { return [] }
                return s.next(after: i, &app)
            },
            KeyBinding(
                .character("c"), .escape, label: "c", hint: "cancel",
                help: "cancel the measurement (nothing is left running)",
                section: "Measure", priority: 80, when: { s, _ in s.needsTicks }
            ) { s, app, _ in
                app.notice = "cancelled: every thread joined, every child reaped"
                s.phase = .failed("cancelled")
                defer { s.run = nil }
                return s.run.map { [.stopLab($0)] } ?? []
            },
            KeyBinding(
                .character("r"), label: "r", hint: "measure again", help: "measure again (predict again first)",
                section: "Measure", priority: 60,
                when: { s, _ in
                    if case .finished = s.phase { true } else if case .failed = s.phase { true } else { false }
                }
            ) { s, app, _ in
                s.guesses = [:]
                s.offset = 0
                if MeasurementPredictions.questions(Lab.name).isEmpty { return s.start(&app) }
                s.phase = .predicting(0)
                return []
            },
            KeyBinding(
                .up, .down, .character("k"), .character("j"), .pageUp, .pageDown, label: "↑↓", hint: "scroll",
                help: "scroll the result", section: "Measure", priority: 30,
                when: { s, _ in if case .finished = s.phase { true } else { false } }
            ) { s, app, key in
                let page = max(1, app.size.height - 6)
                switch key {
                case .up, .character("k"): s.offset = max(0, s.offset - 1)
                case .pageUp: s.offset = max(0, s.offset - page)
                case .pageDown: s.offset += page
                default: s.offset += 1
                }
                return []
            },
            .help, .presenter, .pause, .slow, .step, .back(.character("q")), .quit,
        ])
    }

    private mutating func next(after i: Int, _ app: inout AppModel) -> [Effect] {
        if i + 1 < MeasurementPredictions.questions(Lab.name).count {
            phase = .predicting(i + 1)
            return []
        }
        return start(&app)
    }

    /// Starts the measurement off the UI thread.
    mutating func start(_ app: inout AppModel) -> [Effect] {
        let id = app.newRun(Lab.name)
        run = id
        phase = .running(.starting)
        return [.startLab(id, Self.labStart(config))]
    }

    /// The run the screen starts with `config` (and `--plain` makes): its
    /// progress each frame (`LabProgress`), then the lab's report.
    static func labStart(_ config: Lab.Config) -> LabStart {
        LabStart(config) { executable in
            try MeasurementRunning(name: "\(Lab.name)-lab") { progress, cancel in
                try Lab.run(config, executable: executable, progress: progress, cancel: cancel)
            }
        }
    }

    mutating func receive(_ message: ScreenMessage, _ app: inout AppModel) -> [Effect] {
        guard case .lab(let id, let output) = message, id == run else { return [] }
        switch output {
        case .progress(let p as LabProgress):
            if case .running = phase { phase = .running(p) }
        case .finished(let report as Lab.Report):
            phase = .finished(report)
            run = nil
            app.progress.recordLab(Lab.name, at: app.clock())
            app.keepMeasurement(Lab.self, report)
            return [.saveProgress]
        case .failed(let message):
            phase = .failed(message)
            run = nil
        default:
            break
        }
        return []
    }

    func view(_ app: AppModel, on canvas: inout Canvas) {
        let (body, statusRow) = canvas.bounds.splitBottom(1)
        TitleBar(left: Lab.title, right: "ptt demo \(Lab.name)").draw(in: body.splitTop(1).top, on: &canvas)
        defer { statusBar(app).draw(in: statusRow, on: &canvas) }
        let content = columnRect(body.inset(top: 2), maxWidth: 110)
        var y = content.y
        switch phase {
        case .predicting:
            guard let q = question else { return }
            let all = MeasurementPredictions.questions(Lab.name)
            let number = (all.firstIndex(of: q) ?? 0) + 1
            canvas.flow(
                [
                    TextRun(
                        "Before it runs, predict" + (all.count > 1 ? " (\(number) of \(all.count)):" : ":"),
                        Style(.heading, bold: true))
                ],
                in: content, y: &y)
            canvas.flow([TextRun(q.question, Style(.strong, bold: true))], in: content, y: &y)
            y += 1
            for (i, choice) in q.choices.enumerated() where y < content.maxY {
                canvas.flow(
                    [TextRun("  \(i + 1)  ", Style(.accent, bold: true)), TextRun(choice.text)], in: content, y: &y)
            }
            y += 1
            canvas.flow(
                [
                    TextRun(
                        "Press 1-\(q.choices.count) to choose, or s to skip. The result says how far off you were.",
                        Style(.dim))
                ],
                in: content, y: &y)
        case .running(let p):
            canvas.flow(
                [TextRun("Measuring on this machine: ", Style(.heading, bold: true)), TextRun(p.phase)], in: content,
                y: &y)
            y += 1
            let bar = Rect(x: content.x, y: y, width: max(10, content.width - 8), height: 1)
            ProgressBar(fraction: p.fraction).style(Style(.thread)).draw(in: bar, on: &canvas)
            canvas.put("\(Int((p.fraction * 100).rounded())) %", x: bar.maxX + 2, y: y, style: Style(.dim))
            y += 2
            canvas.flow(
                [TextRun("c cancels: the threads stop and join, the children are killed and reaped.", Style(.dim))],
                in: content, y: &y)
        case .failed(let message):
            canvas.flow(
                [
                    TextRun(
                        message == "cancelled" ? "Cancelled. " : "The lab could not run: ", Style(.bad, bold: true)),
                    TextRun(message == "cancelled" ? "r measures again." : message),
                ],
                in: content, y: &y)
        case .finished(let report):
            // Wide: the figures and predictions on the left, the article's claims on the right.
            let columns = labColumns(body.inset(top: 2))
            var lines = Lab.result(report, width: columns?.left.width ?? content.width)
            if Lab.environment(report).isDebugBuild {
                lines.insert(
                    [
                        TextRun(
                            "⚠ a debug build: these numbers are not meaningful (swift build -c release)",
                            Style(.warn, bold: true))
                    ], at: 0)
            }
            let measured = Lab.measured(report)
            let outcomes = MeasurementPredictions.questions(Lab.name).compactMap { q in
                guesses[q.id].flatMap { MeasurementPredictions.grade(q, guess: $0, measured) }
            }
            if !outcomes.isEmpty {
                lines.append([])
                lines.append([TextRun("Your predictions", Style(.heading, bold: true))])
                for o in outcomes {
                    lines.append([
                        TextRun(o.right ? "✓ " : "✗ ", Style(o.right ? .ok : .bad, bold: true)),
                        TextRun(o.prediction.quantity + ": ", Style(.dim)), TextRun(o.summary),
                    ])
                }
            }
            var claims: [[TextRun]] = [[TextRun("The article says / this machine", Style(.heading, bold: true))]]
            for result in ArticleClaims.evaluate(app.measurements) where result.claim.lab == Lab.name {
                claims += ClaimsView.lines(result)
            }
            if let columns {
                drawScrolled(lines, in: columns.left, on: &canvas)
                drawScrolled(claims, in: columns.right, on: &canvas)
            } else {
                drawScrolled(
                    lines + [[]] + claims, in: Rect(x: content.x, y: y, width: content.width, height: content.maxY - y),
                    on: &canvas)
            }
        }
    }

    private func drawScrolled(_ lines: [[TextRun]], in area: Rect, on canvas: inout Canvas) {
        let width = max(1, area.width - 2)
        let height = lines.reduce(0) { $0 + ($1.isEmpty ? 1 : WrappedText($1).height(for: width)) }
        var doc = Canvas(width: width, height: max(1, height))
        var y = 0
        for line in lines {
            if line.isEmpty {
                y += 1
                continue
            }
            doc.flow(line, in: Rect(x: 0, y: 0, width: width, height: height), y: &y)
        }
        var scroll = ScrollView(content: doc, offset: min(offset, max(0, height - area.height)))
        scroll.showsIndicator = height > area.height
        scroll.draw(in: area, on: &canvas)
    }
}

/// The lab's prediction questions, and grading them (from Labs' data).
enum MeasurementPredictions {
    static func questions(_ lab: String) -> [MeasurementPrediction] { Predictions.for(lab: lab) }

    static func grade(_ q: MeasurementPrediction, guess: String, _ reports: MeasuredReports) -> PredictionOutcome? {
        Predictions.grade(q, guess: guess, reports)
    }
}

/// One claim of the article with what this machine measured and a verdict.
enum ClaimsView {
    static func lines(_ result: ClaimResult) -> [[TextRun]] {
        let role: ColorRole =
            switch result.verdict {
            case .holds: .ok
            case .doesNotHold: .bad
            case .dependsOn, .notMeasured: .warn
            }
        return [
            [TextRun("“\(result.claim.says)”", Style(.strong))],
            [
                TextRun("  here: ", Style(.dim)), TextRun(result.measured), TextRun("  → ", Style(.dim)),
                TextRun(result.verdict.text, Style(role, bold: true)),
            ],
            [TextRun("  " + result.reason, Style(.dim))],
        ]
    }
}

extension MeasuredReports {
    /// Keeps the newer report of each kind.
    mutating func merge(_ other: MeasuredReports) {
        if let s = other.switchReport { switchReport = s }
        if let s = other.spawn { spawn = s }
        if let s = other.scaling { scaling = s }
    }
}
