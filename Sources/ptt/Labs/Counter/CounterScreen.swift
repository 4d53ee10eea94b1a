import Labs
import TerminalUI

/// State of the race / locked / atomic lab screen.
struct CounterLabState: Equatable {
    enum Phase: Equatable {
        /// Before a run with new settings: the learner predicts (or skips).
        case predicting
        /// The slowed-down run the learner watches.
        case watching
        /// The same run at full speed, for an honest ns/increment.
        case measuring
        case finished
        case failed(String)
    }

    var kind: CounterKind
    var threads = 2
    var incrementsPerThread = 1_000_000
    /// How long the next watched runs are spread over (`s`).
    var seconds = 3.0
    /// How long the watched run now on screen is spread over (`s` mid-run does not change it).
    var watchedSeconds: Double?
    var phase = Phase.predicting
    /// The prediction for the current settings.
    var predict: PredictionStep
    var snapshot: CounterSnapshot?
    /// The watched (paced) run's report.
    var watched: CounterReport?
    /// The full-speed run's report.
    var measured: CounterReport?
    /// The result on screen: the watched run's, or the full-speed one's
    /// when there was no watched run (`--no-animation`).
    var result: CounterReport? { watched ?? measured }
    /// The last finished result of each kind, to compare the three.
    var lastResults: [CounterKind: CounterReport] = [:]

    init(kind: CounterKind) {
        self.kind = kind
        predict = PredictionStep(lab: kind.rawValue, configuration: [:], asks: [])
        predict = newStep()
    }

    /// The settings a prediction is made for.
    var configuration: [String: String] {
        ["kind": kind.rawValue, "threads": String(threads), "increments": String(incrementsPerThread)]
    }

    /// The question for the current settings: the final count, from 0 to the expected total.
    func newStep() -> PredictionStep {
        let expected = Double(threads * incrementsPerThread)
        return PredictionStep(
            lab: kind.rawValue, configuration: configuration,
            asks: [
                PredictionAsk(
                    id: "final-count", prompt: "What will the counter read at the end?",
                    form: .number(valid: 0...expected), tolerance: kind == .race ? 0.1 : 0)
            ])
    }

    /// Whether the prediction was made for the current settings.
    var predictionMatches: Bool { predict.matches(lab: kind.rawValue, configuration: configuration) }

    /// The settings changed: a new question, asked before the next run.
    mutating func askAgain() {
        predict = newStep()
        phase = .predicting
        snapshot = nil
        watched = nil
        measured = nil
    }

    var isRunning: Bool { phase == .watching || phase == .measuring }

    func config(paced: Bool) -> CounterConfig {
        CounterConfig(
            kind: kind, threads: threads, incrementsPerThread: incrementsPerThread, pin: true,
            pacing: paced ? .paced(seconds: seconds) : .fullSpeed)
    }

    static let speeds: [Double] = [3, 10, 30, 1]
}

/// The counter labs on screen: one progress bar per thread, the shared
/// counter against the expected total, lost updates counting up.
struct CounterScreen: PredictingScreen {
    var lab: CounterLabState
    var run: RunID?

    init(kind: CounterKind) { lab = CounterLabState(kind: kind) }

    var name: String { "lab counter" }
    var needsTicks: Bool { lab.isRunning }
    var runs: [RunID] { run.map { [$0] } ?? [] }

    var predict: PredictionStep {
        get { lab.predict }
        set { lab.predict = newValue }
    }

    mutating func predicted(_ app: inout AppModel) -> [Effect] { start(&app) }

    /// Switches to new settings: asks again when the prediction was for others, else runs.
    private mutating func changed(_ app: inout AppModel) -> [Effect] {
        let stop = stopRun()
        guard lab.predictionMatches else {
            lab.askAgain()
            return stop
        }
        return stop + start(&app)
    }

    static let keyMap = KeyMap<CounterScreen>(
        predictionKeys + [
            // Running or finished.
            KeyBinding(
                .character("c"), .escape, label: "c", hint: "stop", help: "stop the run", section: "Counter lab",
                priority: 60, when: { s, _ in s.lab.isRunning }
            ) { s, app, _ in
                s.lab.phase = .finished
                app.notice = "stopped"
                return s.stopRun()
            },
            KeyBinding(
                .character("r"), .enter, label: "r", hint: "run again", help: "run again", section: "Counter lab",
                priority: 50, when: { s, _ in !s.isPredicting }
            ) { s, app, _ in s.stopRun() + s.start(&app) },
            KeyBinding(
                .character("l"), label: "l", hint: "next lab",
                hintText: { s, _ in CounterScreen.next(s.lab.kind).rawValue },
                help: "switch race → locked → atomic and run",
                section: "Counter lab", priority: 40, when: { s, _ in !s.isPredicting }
            ) { s, app, _ in
                s.lab.kind = CounterScreen.next(s.lab.kind)
                return s.changed(&app)
            },
            KeyBinding(
                .character("+"), .character("="), .character("-"), .character("_"), label: "+/-", hint: "threads",
                help: "more / fewer threads (1…64) and run", section: "Counter lab", priority: 30,
                when: { s, _ in !s.isPredicting }
            ) { s, app, key in
                let range = CounterConfig.threadRange
                let more = key == .character("+") || key == .character("=")
                s.lab.threads = min(range.upperBound, max(range.lowerBound, s.lab.threads + (more ? 1 : -1)))
                return s.changed(&app)
            },
            KeyBinding(
                .character("s"), label: "s", hint: "speed", help: "run length of the next runs: 3, 10, 30 or 1 s",
                section: "Counter lab", priority: 20, when: { s, _ in !s.isPredicting }
            ) { s, app, _ in
                let speeds = CounterLabState.speeds
                s.lab.seconds = speeds[((speeds.firstIndex(of: s.lab.seconds) ?? -1) + 1) % speeds.count]
                app.notice = "next runs last \(oneDecimal(s.lab.seconds)) s"
                return []
            },
            KeyBinding(
                .character("o"), label: "o", hint: "one losing order",
                help: "open the lost update in the scheduler game, played in the shortest order that loses one",
                section: "Counter lab", priority: 35,
                when: { s, _ in s.lab.kind == .race && s.lab.phase == .finished && (s.lab.result?.lost ?? 0) > 0 }
            ) { s, app, _ in
                // Each lost update here was one interleaving like the model's shortest.
                let labs = app.labs
                return labs.follow("interleave", ["lostUpdates": s.lab.result?.lost ?? 0], &app)
            },
            .help, .presenter, .pause, .slow, .step, .back(), .quit,
        ])

    /// Starts the watched (slowed-down) run; the full-speed one follows it.
    /// With reduced motion (`--no-animation`) only the full-speed run, and
    /// only its final figures are shown.
    mutating func start(_ app: inout AppModel) -> [Effect] {
        lab.phase = app.reducedMotion ? .measuring : .watching
        lab.snapshot = nil
        lab.watched = nil
        lab.measured = nil
        return startRun(paced: !app.reducedMotion, &app)
    }

    private mutating func startRun(paced: Bool, _ app: inout AppModel) -> [Effect] {
        let id = app.newRun(lab.kind.rawValue)
        run = id
        let config = lab.config(paced: paced)
        if paced { lab.watchedSeconds = lab.seconds }
        return [.startLab(id, LabStart(config) { _ in try CounterRunning(CounterRun.start(config)) })]
    }

    private mutating func stopRun() -> [Effect] {
        defer { run = nil }
        return run.map { [.stopLab($0)] } ?? []
    }

    /// Messages from the running lab.
    mutating func receive(_ message: ScreenMessage, _ app: inout AppModel) -> [Effect] {
        guard case .lab(let id, let output) = message, id == run else { return [] }
        switch output {
        case .progress(let snap as CounterSnapshot):
            // With no watched run, the full-speed run's final snapshot (sent with its report).
            if lab.phase == .watching || (lab.watched == nil && snap.finished) { lab.snapshot = snap }
        case .finished(let report as CounterReport):
            if lab.phase == .watching {
                lab.watched = report
                lab.phase = .measuring
                return startRun(paced: false, &app)
            } else if lab.phase == .measuring {
                lab.measured = report
                lab.phase = .finished
                lab.lastResults[lab.kind] = lab.watched ?? report
                app.progress.recordLab(lab.kind.rawValue, at: app.clock())
                let final = (lab.watched ?? report).final
                return lab.predict.check(0, against: .number(Double(final)), explanation: lab.kind.explanation, &app)
            }
        case .failed(let message):
            lab.phase = .failed(message)
        default:
            break
        }
        return []
    }

    // MARK: - View

    func presenterTitle(_ app: AppModel) -> String { Self.title(lab.kind) }

    /// The counter against the expected total (in its unit, so it shows at 80×24 too), the
    /// updates lost so far (final once finished), the full-speed time per increment once
    /// measured (second for locked and atomic, whose point it is), and the threads.
    func presenterFigures(_ app: AppModel) -> [PresenterFigure] {
        let counter: Int
        let lost: Int
        if let report = lab.result {
            (counter, lost) = (report.final, report.lost)
        } else if let snap = lab.snapshot {
            (counter, lost) = (snap.counter, snap.lostSoFar)
        } else {
            return []
        }
        let expected = lab.threads * lab.incrementsPerThread
        let counterFigure = PresenterFigure(
            "counter", grouped(counter), unit: "of \(grouped(expected)) expected",
            role: lab.phase == .finished ? (counter == expected ? .ok : .bad) : .strong)
        let lostFigure = PresenterFigure("lost updates", grouped(lost), role: lost > 0 ? .bad : .ok)
        let threads = PresenterFigure("threads", String(lab.threads), unit: "OS threads", role: .thread)
        guard let m = lab.measured, lab.phase == .finished else { return [counterFigure, lostFigure, threads] }
        let perIncrement = PresenterFigure(
            "time per increment, full speed", twoDecimals(m.nsPerIncrement), unit: "ns", role: .accent)
        return lab.kind == .race
            ? [counterFigure, lostFigure, perIncrement, threads] : [counterFigure, perIncrement, lostFigure, threads]
    }

    static func next(_ kind: CounterKind) -> CounterKind {
        let all = CounterKind.allCases
        return all[(all.firstIndex(of: kind)! + 1) % all.count]
    }

    /// How the threads sit on the CPUs, in one sentence.
    static func placement(threads: Int, cpus: Int, pinned: Bool) -> String {
        let here = "\(cpus) CPU\(cpus == 1 ? "" : "s")"
        let word = "thread\(threads == 1 ? "" : "s")"
        guard pinned else {
            return "\(here); \(threads) \(word) not pinned (Linux places them), started together behind a barrier."
        }
        if threads <= cpus {
            return "\(here); \(threads) \(word) pinned one per CPU, started together behind a barrier."
        }
        let most = (threads + cpus - 1) / cpus
        return "\(here); \(threads) threads pinned round-robin, thread i on CPU i mod \(cpus): up to \(most) "
            + "share each CPU and take turns on it. Started together behind a barrier."
    }

    static func title(_ kind: CounterKind) -> String {
        switch kind {
        case .race: "Lab: race — threads share one counter, no lock"
        case .locked: "Lab: locked — the same counter behind a mutex"
        case .atomic: "Lab: atomic — the same counter with an atomic add"
        }
    }

    func view(_ app: AppModel, on canvas: inout Canvas) {
        let area = canvas.bounds
        let (body, statusRow) = area.splitBottom(1)
        TitleBar(left: Self.title(lab.kind), right: "ptt demo \(lab.kind.rawValue)").draw(
            in: body.splitTop(1).top, on: &canvas)
        // Wide: the bars on the left, the figures, result and why on the right.
        let columns = labColumns(body.inset(top: 2))
        var content = columns?.left ?? columnRect(body.inset(top: 2), maxWidth: 90)
        var y = content.y
        func line(_ runs: [TextRun]) { canvas.flow(runs, in: content, y: &y) }
        let expected = lab.threads * lab.incrementsPerThread
        line([
            TextRun("\(lab.threads) OS thread\(lab.threads == 1 ? "" : "s")", Style(.thread, bold: true)),
            TextRun(" × \(grouped(lab.incrementsPerThread)) increments of one counter = "),
            TextRun(grouped(expected), Style(.strong, bold: true)), TextRun(" expected"),
        ])
        y += 1
        if lab.phase == .predicting {
            lab.predict.draw(in: content, y: &y, on: &canvas)
            statusBar(app).draw(in: statusRow, on: &canvas)
            return
        }
        if case .failed(let message) = lab.phase {
            line([TextRun("The lab could not run: ", Style(.bad, bold: true)), TextRun(message)])
            statusBar(app).draw(in: statusRow, on: &canvas)
            return
        }
        let snap = lab.snapshot
        let cpus = snap?.cpus ?? 0
        if let snap {
            line([TextRun(Self.placement(threads: lab.threads, cpus: cpus, pinned: snap.pinned), Style(.dim))])
            if cpus < 2 && lab.kind == .race {
                line([
                    TextRun(
                        "With one CPU the threads take turns and rarely overlap: expect few or no lost updates.",
                        Style(.warn))
                ])
            }
        }
        y += 1
        // One bar per thread (as many as fit).
        let done = snap?.perThreadDone ?? Array(repeating: 0, count: lab.threads)
        // Bars give way to the numbers when rows are short.
        let reserved = columns == nil ? 11 : 1
        let barRows = max(1, min(done.count, content.maxY - y - reserved))
        // Each bar: the thread's kernel id (as /proc/PID/task lists it) and its CPU.
        let tids = snap?.tids ?? []
        let threadCPUs = snap?.threadCPUs ?? []
        func label(_ i: Int) -> String {
            let tid = tids.indices.contains(i) && tids[i] > 0 ? "TID \(tids[i])" : "T\(i + 1)"
            return threadCPUs.indices.contains(i) ? "\(tid) cpu\(threadCPUs[i])" : tid
        }
        let labelW = max(4, (0..<min(done.count, barRows)).map { CharacterWidth.of(label($0)) + 1 }.max() ?? 0)
        let countW = CharacterWidth.of(grouped(lab.incrementsPerThread)) * 2 + 3
        let barW = max(4, content.width - labelW - countW - 2)
        for (i, d) in done.enumerated().prefix(barRows) {
            guard y < content.maxY else { break }
            canvas.put(label(i), x: content.x, y: y, style: Style(.thread, bold: true))
            ProgressBar(fraction: Double(d) / Double(max(1, lab.incrementsPerThread))).style(Style(.thread))
                .draw(in: Rect(x: content.x + labelW, y: y, width: barW, height: 1), on: &canvas)
            let count = "\(grouped(d)) / \(grouped(lab.incrementsPerThread))"
            canvas.put(count, x: content.maxX - CharacterWidth.of(count), y: y, style: Style(.dim))
            y += 1
        }
        if done.count > barRows {
            let more = done.count - barRows
            line([TextRun("… and \(more) more thread\(more == 1 ? "" : "s")", Style(.dim))])
        }
        if let columns {
            content = columns.right
            y = content.y
        } else {
            y += 1
        }
        let counter = snap?.counter ?? 0
        let doneTotal = snap?.done ?? 0
        let lost = snap?.lostSoFar ?? 0
        let labelWidth = 14
        func stat(_ label: String, _ value: [TextRun]) {
            guard y < content.maxY else { return }
            canvas.put(label, x: content.x, y: y, style: Style(.dim))
            canvas.put(value, x: content.x + labelWidth, y: y, limit: content.maxX)
            y += 1
        }
        stat(
            "counter",
            [
                TextRun(grouped(counter), Style(.strong, bold: true)),
                TextRun("   of \(grouped(doneTotal)) increments done", Style(.dim)),
            ])
        let lostRole: ColorRole = lost > 0 ? .bad : .ok
        let pct = doneTotal > 0 ? " (\(percent(Double(lost) / Double(doneTotal))))" : ""
        stat("lost updates", [TextRun(grouped(lost) + pct, Style(lostRole, bold: true))])
        let elapsed = snap?.elapsed ?? 0
        stat(
            "elapsed",
            [
                TextRun("\(oneDecimal(elapsed)) s", Style(.strong)),
                TextRun(
                    lab.phase == .watching
                        ? "   slowed down to last about \(oneDecimal(lab.watchedSeconds ?? lab.seconds)) s" : "",
                    Style(.dim)),
            ])
        if let m = lab.measured {
            stat(
                "full speed",
                [
                    TextRun(String(twoDecimals(m.nsPerIncrement)) + " ns per increment", Style(.accent, bold: true)),
                    TextRun(
                        "   \(grouped(m.lost)) lost of \(grouped(m.expected)), in \(oneDecimal(m.seconds * 1000)) ms",
                        Style(.dim)),
                ])
        } else if lab.phase == .measuring {
            stat("full speed", [TextRun("measuring…", Style(.dim))])
        } else {
            stat(
                "ns/increment",
                [
                    TextRun(
                        doneTotal > 0
                            ? twoDecimals(elapsed * 1e9 / Double(doneTotal))
                                + " (slowed run; the full-speed figure follows)" : "—", Style(.dim))
                ])
        }
        y += 1
        if lab.phase == .finished, let w = lab.result {
            let verdict: [TextRun] = [
                TextRun("Result: ", Style(.heading, bold: true)),
                TextRun("counter = \(grouped(w.final))", Style(.strong, bold: true)),
                TextRun(" of \(grouped(w.expected)) expected"),
            ]
            line(verdict)
            let result = lab.predict.resultRuns(0)
            if !result.isEmpty { line([TextRun("Prediction: ", Style(.heading, bold: true))] + result) }
        }
        line([TextRun("Why: ", Style(.heading, bold: true)), TextRun(lab.kind.explanation)])
        if lab.lastResults.count > 1 {
            let parts = CounterKind.allCases.compactMap { k in
                lab.lastResults[k].map { "\(k.rawValue) lost \(grouped($0.lost))" }
            }
            line([TextRun("So far: " + parts.joined(separator: " · "), Style(.dim))])
        }
        statusBar(app).draw(in: statusRow, on: &canvas)
    }
}

/// One decimal for seconds-like values.
func oneDecimal(_ x: Double) -> String {
    let r = (x * 10).rounded() / 10
    return r == r.rounded() ? String(Int(r)) + ".0" : String(r)
}

/// Two decimals.
func twoDecimals(_ x: Double) -> String {
    guard x.isFinite else { return "—" }
    let v = Int((x * 100).rounded())
    let frac = abs(v % 100)
    return "\(v / 100).\(frac < 10 ? "0" : "")\(frac)"
}

func percent(_ f: Double) -> String { oneDecimal(f * 100) + " %" }
