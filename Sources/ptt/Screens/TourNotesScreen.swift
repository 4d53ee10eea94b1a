import Curriculum
import Foundation
import TerminalUI

/// `ptt tour --notes`: follows the tour another ptt shows (through the tour
/// channel file, read every half second) and shows the current step's
/// speaker notes, the step after, and the clock: time on this step against
/// the plan, and the total.
struct TourNotesScreen: Screen {
    var channel: String
    var followed = TourFollowed.waiting
    /// The tour file the presenter named, parsed (nil until a position names one).
    var tour: Tour?
    var tourProblem: String?
    var run: RunID?

    var name: String { "tour notes" }
    var needsTicks: Bool { true }
    /// Four or five ticks a second: it follows the tour through a file and shows a clock (30 cost 6–8 % of a CPU idle).
    var tickInterval: Double { 0.2 }
    var runs: [RunID] { run.map { [$0] } ?? [] }

    static func open(channel: TourChannel, _ app: inout AppModel) -> [Effect] {
        var screen = TourNotesScreen(channel: channel.path)
        let id = app.newRun("tour-notes")
        screen.run = id
        return [.push(screen), .startLab(id, LabStart(channel.path) { _ in try TourFollower(channel: channel) })]
    }

    static let keyMap = KeyMap<TourNotesScreen>([.help, .presenter, .back(), .quit])

    mutating func receive(_ message: ScreenMessage, _ app: inout AppModel) -> [Effect] {
        guard case .lab(let id, .progress(let seen as TourFollowed)) = message, id == run else { return [] }
        followed = seen
        if case .position(let p) = seen, tour?.file != p.tourFile {
            // The notes come from the tour file itself, as the presenter named it.
            let parsed = TourParser.load(path: p.tourFile)
            tour = parsed.tour
            tourProblem = parsed.tour == nil ? parsed.diagnostics.first.map(String.init(describing:)) : nil
        }
        return []
    }

    func status(_ app: AppModel) -> String? { "following \(URL(fileURLWithPath: channel).lastPathComponent)" }

    func view(_ app: AppModel, on canvas: inout Canvas) {
        let (body, statusRow) = canvas.bounds.splitBottom(1)
        defer { statusBar(app).draw(in: statusRow, on: &canvas) }
        let content = columnRect(body.inset(top: 2), maxWidth: 100)
        var y = content.y
        guard case .position(let p) = followed else {
            TitleBar(left: "Tour notes", right: "ptt tour --notes").draw(in: body.splitTop(1).top, on: &canvas)
            let text: [TextRun] =
                if case .trouble(let message) = followed {
                    [TextRun("Cannot follow: ", Style(.bad, bold: true)), TextRun(message)]
                } else {
                    [
                        TextRun("Waiting for a tour: ", Style(.heading, bold: true)),
                        // Code in its own style: backquotes would reach the screen as they are.
                        TextRun("start "), TextRun("ptt tour", Style(.code), keepTogether: true),
                        TextRun(" in another terminal with the same PTT_STATE (or --state)."),
                    ]
                }
            canvas.flow(text, in: content, y: &y)
            return
        }
        let steps = tour?.steps ?? []
        let step = steps.indices.contains(p.stepIndex) ? steps[p.stepIndex] : nil
        TitleBar(
            left: "Notes: \(tour?.title ?? p.tourFile)", right: "step \(p.stepIndex + 1) of \(p.stepCount)"
        ).draw(in: body.splitTop(1).top, on: &canvas)
        let now = app.clock()
        let gone = p.ended || !Self.isAlive(p.presenterPid)
        let spent = p.seconds(onStep: p.stepIndex, now: gone ? p.tourStarted : now)
        let total = gone ? p.secondsSpent.reduce(0, +) : now.timeIntervalSince(p.tourStarted)
        if gone {
            canvas.flow([TextRun("The tour has ended.", Style(.warn, bold: true))], in: content, y: &y)
            y += 1
            if !steps.isEmpty, steps.count == p.secondsSpent.count {
                Self.drawTimes(steps, p, total: total, in: content, y: &y, on: &canvas)
                return
            }
        }
        canvas.flow(
            [
                TextRun(
                    "\(p.stepIndex + 1). \(step?.title ?? "(step not in the tour file)")", Style(.heading, bold: true))
            ],
            in: content, y: &y)
        let planned = step.map { $0.minutes * 60 } ?? 0
        let over = planned > 0 && spent > planned
        canvas.put(
            [
                TextRun("this step ", Style(.dim)), TextRun(clock(spent), Style(over ? .bad : .ok, bold: true)),
                TextRun(" of \(step.map { minutesText($0.minutes) } ?? "?")", Style(.dim)),
                TextRun(over ? " — over" : "", Style(.bad, bold: true)),
                TextRun(" · total ", Style(.dim)), TextRun(clock(total), Style(.strong, bold: true)),
                TextRun(" of \(tour.map { minutesText($0.plannedMinutes) } ?? "?")", Style(.dim)),
            ], x: content.x, y: y, limit: content.maxX)
        y += 2
        if let tourProblem {
            canvas.flow(
                [TextRun("The tour file cannot be read: ", Style(.bad)), TextRun(tourProblem)], in: content, y: &y)
            return
        }
        for note in step?.notes ?? [] where y < content.maxY - 2 {
            // Wrapped lines hang under the note's first word, not under the bullet.
            let item = Hanging(TextRun("• ", Style(.accent)), WrappedText([TextRun(note)]))
            let h = min(item.height(for: content.width), content.maxY - y)
            item.draw(in: Rect(x: content.x, y: y, width: content.width, height: h), on: &canvas)
            y += h + 1
        }
        if step?.notes.isEmpty ?? false {
            canvas.flow([TextRun("(no notes for this step)", Style(.dim))], in: content, y: &y)
            y += 1
        }
        if steps.indices.contains(p.stepIndex + 1), y < content.maxY {
            let next = steps[p.stepIndex + 1]
            canvas.flow(
                [
                    TextRun("Next: ", Style(.dim)),
                    TextRun("\(next.title) (\(minutesText(next.minutes)))", Style(.normal)),
                ],
                in: content, y: &y)
        }
    }

    /// After the tour: the time spent on each step against its plan, the
    /// steps over their plan marked, and the total.
    static func drawTimes(
        _ steps: [TourStep], _ p: TourPosition, total: Double, in content: Rect, y: inout Int, on canvas: inout Canvas
    ) {
        canvas.flow([TextRun("Time on each step (spent of planned):", Style(.heading, bold: true))], in: content, y: &y)
        let planned = steps.reduce(0) { $0 + $1.minutes }
        for (i, step) in steps.enumerated() where y < content.maxY - 1 {
            let spent = p.secondsSpent[i]
            let over = spent > step.minutes * 60
            let times = "\(clock(spent)) of \(minutesText(step.minutes))"
            let width = CharacterWidth.of(times)
            let title = "\(i + 1). \(step.title)"
            canvas.put(title, x: content.x, y: y, style: Style(.normal), limit: content.maxX - width - 2)
            canvas.put(
                times, x: content.maxX - width, y: y, style: Style(over ? .bad : .ok, bold: over), limit: content.maxX)
            y += 1
        }
        canvas.flow(
            [
                TextRun("total ", Style(.dim)), TextRun(clock(total), Style(.strong, bold: true)),
                TextRun(" of \(minutesText(planned))", Style(.dim)),
            ], in: content, y: &y)
    }

    /// Whether the presenting ptt still runs (signal 0 checks without sending).
    static func isAlive(_ pid: Int32) -> Bool { kill(pid, 0) == 0 || errno == EPERM }
}
