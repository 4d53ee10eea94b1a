import Curriculum
import Foundation
import Labs
import TerminalUI

/// "The article says / your machine": every numeric or comparative claim of
/// the article beside what was measured here (with the date), a verdict and
/// the one-line reason. Enter opens the lab that measures the selected
/// claim; `m` runs the missing or stale measurements, `r` all of them.
struct ClaimsScreen: Screen {
    /// The claim the cursor is on.
    var selected = 0
    var run: RunID?
    /// The batch's latest progress, while it runs.
    var batch: BatchProgress?
    /// The labs of the running batch whose reports are kept already.
    var kept: Set<String> = []
    /// Why the last batch stopped early ("cancelled", or the lab's error).
    var stopped: String?
    /// This machine and build, in one line: a measurement taken elsewhere is stale.
    var machine: String
    /// A measurement older than this is stale.
    static let staleAfter: TimeInterval = 30 * 24 * 3600

    init(machine: String = environmentLine(MeasurementEnvironment.current())) { self.machine = machine }

    var name: String { "lab claims" }
    var needsTicks: Bool { run != nil }
    var runs: [RunID] { run.map { [$0] } ?? [] }

    /// The claims with their verdicts, from this session's and the kept measurements.
    func results(_ app: AppModel) -> [ClaimResult] { ArticleClaims.evaluate(app.measurements) }

    /// The measurement labs, in the order the claims meet them.
    static var labs: [String] { MeasurementLabs.all.map { $0.name } }

    /// Why lab `name`'s measurement should be taken again, if it should: nil when it is fresh.
    func staleness(_ name: String, _ app: AppModel) -> String? {
        if results(app).filter({ $0.claim.lab == name }).allSatisfy({ $0.verdict == .notMeasured }) {
            return "not measured"
        }
        guard let record = app.progress.measurements[name] else { return nil }
        if record.machine != machine { return "stale: another machine or build" }
        if app.clock().timeIntervalSince(record.at) > Self.staleAfter { return "stale: over 30 days old" }
        return nil
    }

    /// The labs not measured yet, or measured on another machine or long ago.
    func missing(_ app: AppModel) -> [String] { Self.labs.filter { staleness($0, app) != nil } }

    static var keyMap: KeyMap<ClaimsScreen> {
        KeyMap([
            KeyBinding(
                .up, .down, .character("k"), .character("j"), label: "↑↓", hint: "select",
                help: "select a claim", section: "Claims", priority: 40
            ) { s, app, key in
                let count = ArticleClaims.all.count
                switch key {
                case .up, .character("k"): s.selected = max(0, s.selected - 1)
                default: s.selected = min(count - 1, s.selected + 1)
                }
                return []
            },
            KeyBinding(
                .enter, label: "Enter", hint: "open its lab",
                help: "open the selected claim's lab (predict, then measure)", section: "Claims",
                priority: 70, when: { s, _ in s.run == nil }
            ) { s, app, _ in
                let lab = ArticleClaims.all[min(s.selected, ArticleClaims.all.count - 1)].lab
                return app.labs.entry(named: lab)?.open(&app) ?? []
            },
            KeyBinding(
                .character("m"), label: "m", hint: "measure missing",
                help: "run the missing or stale measurements, one after the other", section: "Measure",
                priority: 80, when: { s, app in s.run == nil && !s.missing(app).isEmpty }
            ) { s, app, _ in s.start(s.missing(app), &app) },
            KeyBinding(
                .character("r"), label: "r", hint: "rerun all",
                help: "run all three measurements again (10 to 20 s on two CPUs)", section: "Measure",
                priority: 60, when: { s, _ in s.run == nil }
            ) { s, app, _ in s.start(Self.labs, &app) },
            KeyBinding(
                .character("c"), .escape, label: "c", hint: "cancel",
                help: "cancel the measurement (nothing is left running; finished labs are kept)",
                section: "Measure", priority: KeyBinding<ClaimsScreen>.essential, when: { s, _ in s.run != nil }
            ) { s, app, _ in
                app.notice = "cancelled: every thread joined, every child reaped"
                s.stopped = "cancelled"
                s.batch = nil
                defer { s.run = nil }
                return s.run.map { [.stopLab($0)] } ?? []
            },
            .help, .presenter, .pause, .slow, .step, .back(.character("q")), .quit,
        ])
    }

    /// Runs `labs` in a row off the UI thread.
    mutating func start(_ labs: [String], _ app: inout AppModel) -> [Effect] {
        guard !labs.isEmpty else { return [] }
        let id = app.newRun("claims")
        run = id
        kept = []
        stopped = nil
        batch = BatchProgress(labs: labs, index: 0, progress: .starting)
        return [
            .startLab(
                id, LabStart("claims " + labs.joined(separator: ",")) { try BatchRunning(labs: labs, executable: $0) })
        ]
    }

    mutating func receive(_ message: ScreenMessage, _ app: inout AppModel) -> [Effect] {
        guard case .lab(let id, let output) = message, id == run else { return [] }
        switch output {
        case .progress(let p as BatchProgress):
            batch = p
        case .progress(let report):
            return keep([report], &app)
        case .finished(let reports as MeasuredReports):
            let effects = keep(reports.reports, &app)
            app.notice = "measured: " + (batch?.labs ?? []).joined(separator: ", ")
            run = nil
            batch = nil
            return effects.isEmpty ? [.saveProgress] : effects
        case .failed(let message):
            stopped = message
            run = nil
            batch = nil
        default:
            break
        }
        return []
    }

    /// Keeps the reports of labs not kept yet in this batch; asks for a save when there were any.
    private mutating func keep(_ reports: [any Sendable], _ app: inout AppModel) -> [Effect] {
        var any = false
        for report in reports {
            guard let lab = MeasurementLabs.all.first(where: { $0.owns(report) }), !kept.contains(lab.name),
                lab.keep(report, &app)
            else { continue }
            kept.insert(lab.name)
            any = true
        }
        return any ? [.saveProgress] : []
    }

    func view(_ app: AppModel, on canvas: inout Canvas) {
        let (body, statusRow) = canvas.bounds.splitBottom(1)
        TitleBar(left: "The article says / your machine", right: "ptt demo claims").draw(
            in: body.splitTop(1).top, on: &canvas)
        defer { statusBar(app).draw(in: statusRow, on: &canvas) }
        // Wide: the claims in two columns, the first half on the left.
        let columns = labColumns(body.inset(top: 2))
        let content = columns?.left ?? columnRect(body.inset(top: 2), maxWidth: 110)
        var y = content.y
        let results = results(app)
        if let batch {
            canvas.flow(
                [TextRun("Measuring: ", Style(.heading, bold: true)), TextRun(batch.phase)], in: content, y: &y)
            let bar = Rect(x: content.x, y: y, width: max(10, content.width - 8), height: 1)
            ProgressBar(fraction: batch.fraction).style(Style(.thread)).draw(in: bar, on: &canvas)
            canvas.put("\(Int((batch.fraction * 100).rounded())) %", x: bar.maxX + 2, y: y, style: Style(.dim))
            y += 2
        } else {
            canvas.flow(summary(results, app), in: content, y: &y)
            if app.progress.measurements.values.contains(where: { $0.machine.contains("debug build") }) {
                canvas.flow(
                    [
                        TextRun(
                            "⚠ a debug build measured these: not meaningful (swift build -c release)",
                            Style(.warn, bold: true))
                    ], in: content, y: &y)
            }
            y += 1
        }
        let area = Rect(x: content.x, y: y, width: content.width, height: max(1, content.maxY - y))
        if let columns, results.count > 1 {
            let half = (results.count + 1) / 2
            drawClaims(results, 0..<half, app, in: area, on: &canvas)
            let right = Rect(x: columns.right.x, y: y, width: columns.right.width, height: area.height)
            drawClaims(results, half..<results.count, app, in: right, on: &canvas)
        } else {
            drawClaims(results, results.indices, app, in: area, on: &canvas)
        }
    }

    /// How many claims hold, do not, depend, and are not measured yet.
    struct Tally: Equatable {
        var holds = 0
        var doesNotHold = 0
        var depends = 0
        var notMeasured = 0

        init(_ results: [ClaimResult]) {
            for r in results {
                switch r.verdict {
                case .holds: holds += 1
                case .doesNotHold: doesNotHold += 1
                case .dependsOn: depends += 1
                case .notMeasured: notMeasured += 1
                }
            }
        }

        var measured: Int { holds + doesNotHold + depends }
    }

    /// "5 hold · 2 do not · 1 depend" (or that nothing is measured yet), and what is missing.
    func summary(_ results: [ClaimResult], _ app: AppModel) -> [TextRun] {
        let tally = Tally(results)
        var runs = [TextRun("\(results.count) claims: ", Style(.heading, bold: true))]
        if tally.measured == 0 {
            runs.append(TextRun("nothing measured yet", Style(.warn, bold: true)))
        } else {
            runs += [
                TextRun("\(tally.holds) hold", Style(.ok, bold: true)), TextRun(" · ", Style(.dim)),
                TextRun("\(tally.doesNotHold) do not", Style(.bad, bold: true)), TextRun(" · ", Style(.dim)),
                TextRun("\(tally.depends) depend\(tally.depends == 1 ? "s" : "")", Style(.warn, bold: true)),
            ]
            if tally.notMeasured > 0 {
                runs.append(TextRun(" · \(tally.notMeasured) not measured", Style(.dim)))
            }
        }
        let missing = missing(app)
        if !missing.isEmpty {
            runs.append(TextRun(" · m measures: " + missing.joined(separator: ", "), Style(.dim)))
        } else if let stopped {
            runs.append(TextRun(" · last run: " + stopped, Style(.dim)))
        }
        return runs
    }

    func presenterTitle(_ app: AppModel) -> String { "The article says / your machine" }

    /// While a batch runs, how far it is; then how many claims hold, do not
    /// and depend (none before anything is measured: the table is drawn).
    func presenterFigures(_ app: AppModel) -> [PresenterFigure] {
        if let batch {
            return [
                PresenterFigure(
                    "measuring: " + batch.phase, String(Int((batch.fraction * 100).rounded())), unit: "%",
                    role: .accent)
            ]
        }
        let results = results(app)
        let tally = Tally(results)
        guard tally.measured > 0 else { return [] }
        let legendRows = PresenterView.legendLines(self, app, width: app.size.width).count * 2
        if PresenterView.capacity(app.size, legendRows: legendRows) < 3 {
            // Too small for three: the tally as one figure.
            let label =
                "of \(results.count) claims: hold / do not / depend"
                + (tally.notMeasured > 0 ? " (\(tally.notMeasured) not measured)" : "")
            return [PresenterFigure(label, "\(tally.holds) / \(tally.doesNotHold) / \(tally.depends)", role: .strong)]
        }
        var figures = [
            PresenterFigure("claims that hold here (of \(results.count))", String(tally.holds), role: .ok),
            PresenterFigure("claims that do not hold", String(tally.doesNotHold), role: .bad),
            PresenterFigure(
                "claims that depend (on the runtime, the CPUs, the run)", String(tally.depends), role: .warn),
        ]
        if tally.notMeasured > 0 {
            figures.append(PresenterFigure("not measured yet (m measures)", String(tally.notMeasured), role: .dim))
        }
        return figures
    }

    /// One claim: the article's words, what was measured here and when, the
    /// verdict and why; each line with its indent.
    func block(_ result: ClaimResult, _ app: AppModel, selected: Bool) -> [(indent: Int, runs: [TextRun])] {
        let role: ColorRole =
            switch result.verdict {
            case .holds: .ok
            case .doesNotHold: .bad
            case .dependsOn, .notMeasured: .warn
            }
        var when = result.claim.lab + " lab"
        if result.verdict != .notMeasured, let date = app.measuredDate(result.claim.lab) {
            when += ", " + Self.dateText(date)
        }
        var here = [TextRun("here (\(when)): ", Style(.dim)), TextRun(result.measured)]
        if result.verdict != .notMeasured, let stale = staleness(result.claim.lab, app) {
            here.append(TextRun(" (\(stale))", Style(.warn)))
        }
        return [
            (
                0,
                [
                    TextRun(selected ? "▸ " : "  ", Style(.accent, bold: true)),
                    TextRun("“\(result.claim.says)”", Style(.strong, bold: selected)),
                ]
            ),
            (4, here),
            (4, [TextRun(result.verdict.text, Style(role, bold: true)), TextRun(": " + result.reason, Style(.dim))]),
        ]
    }

    /// The date a measurement was taken, in local time: "2026-12-01 21:40".
    static func dateText(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    /// Every claim, scrolled so the selected one is in view.
    /// The claims `shown` of `results`, scrolled to the selected one when it is among them.
    private func drawClaims(
        _ results: [ClaimResult], _ shown: Range<Int>, _ app: AppModel, in area: Rect, on canvas: inout Canvas
    ) {
        let width = max(8, area.width - 2)
        var blocks: [Int: (start: Int, end: Int)] = [:]
        var lines: [(indent: Int, runs: [TextRun])] = []
        var height = 0
        var marker: Int?
        for i in shown {
            let result = results[i]
            let start = height
            if i == selected { marker = height }
            for line in block(result, app, selected: i == selected) {
                lines.append(line)
                height += WrappedText(line.runs).height(for: width - line.indent)
            }
            blocks[i] = (start, height)
            lines.append((0, []))
            height += 1
        }
        var doc = Canvas(width: width, height: max(1, height))
        var y = 0
        for line in lines {
            if line.runs.isEmpty {
                y += 1
                continue
            }
            doc.flow(line.runs, in: Rect(x: line.indent, y: 0, width: width - line.indent, height: height), y: &y)
        }
        if let marker { doc.put("▸", x: 0, y: marker, style: Style(.accent, bold: true)) }
        var offset = 0
        if let b = blocks[selected] {
            offset = min(b.start, max(0, b.end - area.height))
        }
        var scroll = ScrollView(content: doc, offset: min(offset, max(0, height - area.height)))
        scroll.showsIndicator = height > area.height
        scroll.draw(in: area, on: &canvas)
    }
}
