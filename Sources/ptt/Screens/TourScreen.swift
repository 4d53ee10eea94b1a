import Curriculum
import Foundation
import TerminalUI

/// `ptt tour`: one step of a class at a time (a lesson excerpt, a lab, a
/// question), with its number, planned and spent time. Every move is
/// published to the tour channel, for `ptt tour --notes` in a second terminal.
struct TourScreen: Screen {
    var tour: Tour
    var position: TourPosition
    /// The channel run: controls carry positions to write.
    var run: RunID?
    /// Rows scrolled in the step's body.
    var offset = 0
    /// A quiz step: the answer is showing.
    var revealed = false
    /// The last channel write that failed, if any.
    var channelTrouble: String?
    /// Step bodies already laid out (shared by the screen's copies).
    let laidOut = TourDocumentCache()

    var name: String { "tour" }
    var needsTicks: Bool { true }
    /// Four or five ticks a second: its clock shows seconds (30 cost 6–8 % of a CPU idle).
    var tickInterval: Double { 0.25 }
    var runs: [RunID] { run.map { [$0] } ?? [] }

    var step: TourStep { tour.steps[position.stepIndex] }

    /// Puts the tour in front at its first step and starts publishing.
    static func open(tour: Tour, channel: TourChannel, _ app: inout AppModel) -> [Effect] {
        // The follower reads the notes from this path, maybe from another
        // working directory: `ptt tour mytour.md` must not reach it as relative.
        let file = URL(fileURLWithPath: tour.file).standardizedFileURL.path
        var screen = TourScreen(
            tour: tour, position: TourPosition(tourFile: file, stepCount: tour.steps.count, now: app.clock()))
        let id = app.newRun("tour")
        screen.run = id
        return [
            .push(screen), .startLab(id, LabStart(channel.path) { _ in TourPublisher(channel: channel) }),
            .controlLab(id, LabControl(screen.position)),
        ]
    }

    static let keyMap = KeyMap<TourScreen>([
        KeyBinding(
            .character(" "), .right, .character("n"), label: "Space", helpLabel: "Space  →  n", hint: "next",
            help: "the next step", section: "Tour", priority: KeyBinding<TourScreen>.essential,
            when: { s, _ in !s.isLastStep }
        ) { s, app, _ in s.move(by: 1, &app) },
        KeyBinding(
            .character(" "), .right, .character("n"), label: "Space",
            help: "on the last step: says that q ends the tour",
            section: "Tour", when: { s, _ in s.isLastStep }
        ) { _, app, _ in
            app.notice = "the last step: q ends the tour"
            return []
        },
        KeyBinding(
            .backspace, .left, .character("p"), label: "⌫", helpLabel: "Backspace  ←  p", hint: "previous",
            help: "the step before", section: "Tour", priority: 90, when: { s, _ in s.position.stepIndex > 0 }
        ) { s, app, _ in s.move(by: -1, &app) },
        KeyBinding(
            .enter, .character("o"), label: "Enter", hint: "open lab",
            // Names the lab, so the class knows which card Enter takes.
            hintText: { s, app in
                "open " + ((s.labOnScreen(app, legendRows: s.legendEstimate(app)) ?? s.labEntry(app))?.name ?? "lab")
            },
            help: "open this step's lab, or the lab its lesson excerpt embeds (q there comes back)",
            section: "Tour", priority: 95, when: { s, app in s.labEntry(app) != nil }
        ) { s, app, _ in s.openLab(&app) },
        // Enter only: a letter would read as choosing that answer.
        KeyBinding(
            .enter, label: "Enter", hint: "answer", help: "show this question's answer",
            section: "Tour", priority: 95, when: { s, app in s.question(app) != nil && !s.revealed }
        ) { s, _, _ in
            s.revealed = true
            return []
        },
        KeyBinding(
            .up, .down, .character("k"), .character("j"), label: "↑↓", hint: "scroll", help: "scroll the step",
            section: "Tour", priority: 40,
            when: { s, app in s.maxOffset(app, legendRows: s.legendEstimate(app)) > 0 }
        ) { s, app, key in
            let limit = s.maxOffset(app, legendRows: s.presenterLegendRows(app))
            s.offset = min(limit, max(0, s.offset + (key == .up || key == .character("k") ? -1 : 1)))
            return []
        },
        .help, .presenter, .back(), .quit,
    ])

    var isLastStep: Bool { position.stepIndex + 1 >= tour.steps.count }

    /// Goes `delta` steps on (or back) and publishes the new position.
    mutating func move(by delta: Int, _ app: inout AppModel) -> [Effect] {
        let target = min(max(0, position.stepIndex + delta), tour.steps.count - 1)
        guard target != position.stepIndex else { return [] }
        position.move(to: target, now: app.clock())
        offset = 0
        revealed = false
        return publish()
    }

    private func publish() -> [Effect] { run.map { [.controlLab($0, LabControl(position))] } ?? [] }

    /// Leaving the tour: the follower hears that it ended.
    func closing(_ app: AppModel) -> [Effect] {
        var last = position
        last.end(now: app.clock())
        return run.map { [.controlLab($0, LabControl(last)), .stopLab($0)] } ?? []
    }

    mutating func receive(_ message: ScreenMessage, _ app: inout AppModel) -> [Effect] {
        guard case .lab(let id, .progress(let trouble as TourChannelTrouble)) = message, id == run else { return [] }
        channelTrouble = trouble.message
        app.notice = "the notes terminal cannot follow: \(trouble.message)"
        return []
    }

    /// The step's lab, when it is a lab step and this ptt has the lab, or
    /// the first lab a lesson step's excerpt embeds.
    func labEntry(_ app: AppModel) -> LabEntry? {
        switch step.kind {
        case .lab(let name, _): return app.labs.entry(named: name)
        case .lesson(let id, let heading):
            guard let lesson = app.library.lesson(id: id) else { return nil }
            let blocks = heading.flatMap { lesson.excerpt(heading: $0) } ?? lesson.blocks
            for block in blocks {
                if case .live(.lab(let name), _) = block, let entry = app.labs.entry(named: name) { return entry }
            }
            return nil
        case .quiz: return nil
        }
    }

    /// On a lesson step, the first lab whose card shows in the window now:
    /// the card says Enter starts it, so Enter opens that one, not the
    /// excerpt's first lab above it.
    func labOnScreen(_ app: AppModel, legendRows: Int) -> LabEntry? {
        guard case .lesson(let id, let heading) = step.kind, var lesson = app.library.lesson(id: id) else { return nil }
        if let heading, let blocks = lesson.excerpt(heading: heading) { lesson.blocks = blocks }
        let area = bodyArea(app, legendRows: legendRows)
        let full = document(app, width: area.width)
        let scrolls = full.height > area.height && area.width > 12
        let height = scrolls ? document(app, width: area.width - 2).height : full.height
        let top = min(offset, ScrollView.maxOffset(contentHeight: height, height: area.height))
        let layout = LessonLayout(
            lesson: lesson, width: scrolls ? area.width - 2 : area.width, available: { app.isAvailable($0) },
            measure: LessonScreen.measure)
        for spot in layout.liveParts where spot.y < top + area.height && spot.y + spot.height > top {
            if case .lab(let name) = spot.part, let entry = app.labs.entry(named: name) { return entry }
        }
        return nil
    }

    func question(_ app: AppModel) -> QuizQuestion? {
        guard case .quiz(let id) = step.kind else { return nil }
        return app.bank.question(id: id)
    }

    /// Opens the lab with the step's options when they parse as its command
    /// line, with its defaults otherwise (the notice says so).
    func openLab(_ app: inout AppModel) -> [Effect] {
        guard let entry = labOnScreen(app, legendRows: presenterLegendRows(app)) ?? labEntry(app) else { return [] }
        let options: [String]
        if case .lab(_, let given) = step.kind { options = given } else { options = [] }
        if !options.isEmpty {
            do {
                let command = try entry.command.parse(options)
                return command.open(&app)
            } catch {
                app.notice =
                    "options '\(options.joined(separator: " "))' not used: \(entry.command.message(for: error))"
            }
        }
        return app.open(.lab(entry.name))
    }

    // MARK: - View

    func view(_ app: AppModel, on canvas: inout Canvas) {
        let (body, statusRow) = canvas.bounds.splitBottom(1)
        let last = isLastStep ? " · last" : ""
        TitleBar(
            left: "Tour: \(tour.title)", right: "step \(position.stepIndex + 1) of \(tour.steps.count)\(last)"
        ).draw(in: body.splitTop(1).top, on: &canvas)
        defer { statusBar(app).draw(in: statusRow, on: &canvas) }
        let content = columnRect(body.inset(top: 2), maxWidth: LessonScreen.maxTextWidth)
        var y = content.y
        header(app, in: content, y: &y, on: &canvas)
        let area = Rect(x: content.x, y: y, width: content.width, height: max(0, content.maxY - y))
        let document = document(app, area: area)
        let maxOffset = ScrollView.maxOffset(contentHeight: document.height, height: area.height)
        var scroll = ScrollView(content: document, offset: min(offset, maxOffset))
        scroll.showsIndicator = maxOffset > 0
        scroll.draw(in: area, on: &canvas)
    }

    /// The step's number and title, its kind, the planned and spent time and
    /// the tour's total (presenter mode hides the status bar, so the total is
    /// here too), and in presenter mode the notice the hidden bar would show.
    private func header(_ app: AppModel, in content: Rect, y: inout Int, on canvas: inout Canvas) {
        let now = app.clock()
        let spent = position.seconds(onStep: position.stepIndex, now: now)
        let over = spent > step.minutes * 60
        canvas.flow(
            [TextRun("\(position.stepIndex + 1). \(step.title)", Style(.heading, bold: true))], in: content, y: &y)
        canvas.flow(
            [
                TextRun(Self.kindLabel(step.kind), Style(.accent)),
                TextRun(" · planned ", Self.quiet(app)), TextRun(minutesText(step.minutes), Style(.strong)),
                TextRun(" · on this step ", Self.quiet(app)),
                TextRun(clock(spent), Style(over ? .warn : .strong, bold: true)),
                TextRun(" · ", Self.quiet(app)),
                TextRun(
                    "total \(clock(now.timeIntervalSince(position.tourStarted))) of \(minutesText(tour.plannedMinutes))",
                    Style(.strong), keepTogether: true),
            ], in: content, y: &y)
        if app.presenting, let notice = app.notice {
            canvas.flow([TextRun("› \(notice)", Style(.warn, bold: true))], in: content, y: &y)
        }
        y += 1
    }

    /// The step's body (excerpt, lab card or question) as a document for
    /// `area`: one that scrolls is laid out two columns narrower, so the
    /// scroll bar never covers its last column (a table's right border).
    private func document(_ app: AppModel, area: Rect) -> Canvas {
        let full = document(app, width: area.width)
        guard full.height > area.height, area.width > 12 else { return full }
        return document(app, width: area.width - 2)
    }

    private func document(_ app: AppModel, width: Int) -> Canvas {
        laidOut.canvas(for: "\(position.stepIndex) \(width) \(revealed) \(app.presenting)") {
            switch step.kind {
            case .lesson(let id, let heading): lessonDocument(app, id: id, heading: heading, width: width)
            case .lab(let name, let options): labDocument(app, name: name, options: options, width: width)
            case .quiz(let id): quizDocument(app, id: id, width: width)
            }
        }
    }

    /// The body's area for a terminal of `app.size` less `legendRows` (the
    /// presenter legend), as `view` lays it out.
    private func bodyArea(_ app: AppModel, legendRows: Int) -> Rect {
        var canvas = Canvas(width: app.size.width, height: max(0, app.size.height - legendRows))
        let content = columnRect(canvas.bounds.splitBottom(1).0.inset(top: 2), maxWidth: LessonScreen.maxTextWidth)
        var y = content.y
        header(app, in: content, y: &y, on: &canvas)
        return Rect(x: content.x, y: y, width: content.width, height: max(0, content.maxY - y))
    }

    /// How far the body scrolls, with `legendRows` rows taken by the presenter legend.
    func maxOffset(_ app: AppModel, legendRows: Int) -> Int {
        let area = bodyArea(app, legendRows: legendRows)
        return ScrollView.maxOffset(contentHeight: document(app, area: area).height, height: area.height)
    }

    /// Rows the presenter legend takes from the screen (it is drawn one row
    /// taller than what is left, its own hint bar under the legend).
    func presenterLegendRows(_ app: AppModel) -> Int {
        guard app.presenting else { return 0 }
        return max(0, PresenterView.legendLines(self, app, width: app.size.width).count * 2 - 1)
    }

    /// The presenter legend's rows, estimated for the hint bar's own
    /// entries (the exact count depends on those very hints): two lines
    /// below 120 columns, one above.
    func legendEstimate(_ app: AppModel) -> Int { app.presenting ? (app.size.width < 120 ? 3 : 1) : 0 }

    /// Secondary text: dim on a screen, but plain in presenter mode, where
    /// dim text is lost on a projector at the back of the room.
    static func quiet(_ app: AppModel) -> Style { app.presenting ? Style(.normal) : Style(.dim) }

    static func kindLabel(_ kind: TourStep.Kind) -> String {
        switch kind {
        case .lesson(let id, let heading): "lesson \(id)" + (heading.map { " · \($0)" } ?? "")
        case .lab(let name, _): "lab \(name)"
        case .quiz(let id): "question \(id)"
        }
    }

    private func lessonDocument(_ app: AppModel, id: String, heading: String?, width: Int) -> Canvas {
        guard var lesson = app.library.lesson(id: id) else {
            return Self.text(
                [TextRun("No lesson '\(id)' in this ptt (ptt check names the problem).", Style(.bad))], width)
        }
        if let heading, let blocks = lesson.excerpt(heading: heading) { lesson.blocks = blocks }
        // Prose keeps the lesson reader's measure: at 200 columns a line of 180 is hard to follow.
        let document = LessonLayout(
            lesson: lesson, width: width, available: { app.isAvailable($0) }, measure: LessonScreen.measure
        ).canvas
        return document.render(rows: 0..<document.height)
    }

    private func labDocument(_ app: AppModel, name: String, options: [String], width: Int) -> Canvas {
        guard let entry = app.labs.entry(named: name) else {
            return Self.text(
                [TextRun("Lab '\(name)' is not in this ptt: skip this step.", Style(.bad, bold: true))], width)
        }
        var open = [TextRun("Enter", Style(.statusKey, bold: true)), TextRun(" opens it")]
        if !options.isEmpty { open.append(TextRun(" with \(options.joined(separator: " "))", Style(.code))) }
        open.append(TextRun("; q in the lab comes back here, to the same step and clock."))
        return Self.document(
            [
                WrappedText([TextRun("Lab: \(name)", Style(.heading, bold: true)), TextRun(" — \(entry.summary)")]),
                WrappedText(open),
                WrappedText([
                    TextRun("From a shell: ", Self.quiet(app)),
                    TextRun((["ptt demo", name] + options).joined(separator: " "), Style(.code), keepTogether: true),
                ]),
            ], width)
    }

    private func quizDocument(_ app: AppModel, id: String, width: Int) -> Canvas {
        guard let q = app.bank.question(id: id) else {
            return Self.text([TextRun("No quiz question '\(id)' in this ptt.", Style(.bad))], width)
        }
        var widgets: [any FlowWidget] = [WrappedText(LessonLayout.runs(q.prompt, base: Style(.strong, bold: true)))]
        for (i, choice) in q.choices.enumerated() {
            let mark = revealed ? (choice.isRight ? "✓" : " ") : " "
            let style = revealed && choice.isRight ? Style(.ok, bold: true) : Style(.normal)
            widgets.append(
                Hanging(
                    TextRun("\(mark) \(Character(UnicodeScalar(97 + i)!)))  ", style),
                    WrappedText(LessonLayout.runs(choice.text, base: style))))
        }
        if revealed {
            for point in q.keyPoints {
                widgets.append(Hanging(TextRun("• ", Style(.accent)), WrappedText(LessonLayout.runs(point))))
            }
            if q.choices.isEmpty {
                for block in q.answer {
                    widgets.append(LessonLayout.widget(for: block, available: { app.isAvailable($0) }, plain: false))
                }
            }
        } else {
            widgets.append(WrappedText([TextRun("Enter shows the answer.", Self.quiet(app))]))
        }
        return Self.document(widgets, width)
    }

    /// Widgets, one blank row apart, drawn into a canvas of `width`, at
    /// most the lesson reader's measure wide.
    static func document(_ widgets: [any FlowWidget], _ width: Int) -> Canvas {
        let stack = Stack(widgets, spacing: 1)
        let measure = min(width, LessonScreen.measure)
        var canvas = Canvas(width: width, height: stack.height(for: measure))
        stack.draw(in: Rect(x: 0, y: 0, width: measure, height: canvas.height), on: &canvas)
        return canvas
    }

    /// Runs wrapped into a canvas of `width`.
    static func text(_ runs: [TextRun], _ width: Int) -> Canvas {
        let widget = WrappedText(runs)
        var canvas = Canvas(width: width, height: widget.height(for: width))
        widget.draw(in: Rect(x: 0, y: 0, width: width, height: canvas.height), on: &canvas)
        return canvas
    }
}

/// Laid-out step bodies by step, width and whether the answer shows: a
/// lesson excerpt takes long to lay out, and the tour redraws with every
/// tick of its clock and measures the body on every scroll key.
final class TourDocumentCache: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var canvases: [String: Canvas] = [:]

    /// The canvas laid out for `key`, made by `make` the first time.
    func canvas(for key: String, _ make: () -> Canvas) -> Canvas {
        lock.lock()
        defer { lock.unlock() }
        if let canvas = canvases[key] { return canvas }
        let canvas = make()
        canvases[key] = canvas
        return canvas
    }
}

/// 75 s -> "1:15"; 3,700 s -> "1:01:40".
func clock(_ seconds: Double) -> String {
    let s = max(0, Int(seconds))
    let mm = String(format: "%02d", (s / 60) % 60)
    let ss = String(format: "%02d", s % 60)
    return s >= 3600 ? "\(s / 3600):\(mm):\(ss)" : "\(s / 60):\(ss)"
}

/// 1.5 -> "1.5 min", 2 -> "2 min".
func minutesText(_ minutes: Double) -> String {
    minutes == minutes.rounded() ? "\(Int(minutes)) min" : "\(oneDecimal(minutes)) min"
}
