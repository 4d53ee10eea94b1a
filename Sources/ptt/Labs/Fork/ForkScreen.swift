import Curriculum
import Labs
import TerminalUI

/// `ptt demo fork`: after fork the child changes its copy of a variable;
/// the parent's copy, at the same address, stays as it was.
struct ForkScreen: OneShotScreen {
    static let labName = "fork"
    var lab = OneShotLabState<ForkReport>()
    var run: RunID?
    var predict = ForkScreen.firstStep

    static func makeRun(_ executable: ChildExecutable) throws -> ForkReport { try ForkLab.run() }

    static let asks = [
        PredictionAsk(
            id: "parent-reads",
            prompt: "A variable holds 42. After fork, the child writes 99 to it. What does the parent read?",
            form: .choices(["42", "99", "something else"]))
    ]

    static func measured(_ r: ForkReport) -> [(value: Prediction.Value, explanation: String)] {
        let read =
            r.parentValue == r.initialValue ? "42" : r.parentValue == r.childValue ? "99" : "something else"
        return [(.choice(read), why(r))]
    }

    /// Why the parent reads what it reads (also the answer of a missed prediction's card).
    static func why(_ r: ForkReport) -> String {
        (r.parentAddress == r.childAddress ? "the same virtual address holds different values: " : "")
            + "fork gave the child its own copy of ptt's memory. The copy is lazy (copy-on-write): the "
            + "page stays shared until one side writes to it, then the kernel copies that page, so the child's "
            + "write changes only its copy."
    }

    static let keyMap = KeyMap<ForkScreen>(oneShotKeys(again: "fork again", help: "fork again (a new child)"))

    func view(_ app: AppModel, on canvas: inout Canvas) {
        let (body, statusRow) = canvas.bounds.splitBottom(1)
        TitleBar(left: "Lab: fork — the child gets a copy", right: "ptt demo fork").draw(
            in: body.splitTop(1).top, on: &canvas)
        defer { statusBar(app).draw(in: statusRow, on: &canvas) }
        // Wide: the code and the two boxes on the left, the explanation on the right.
        let columns = labColumns(body.inset(top: 2))
        var content = columns?.left ?? columnRect(body.inset(top: 2), maxWidth: 90)
        var y = content.y
        let r: ForkReport
        switch lab.phase {
        case .waiting:
            predict.draw(in: content, y: &y, on: &canvas)
            return
        case .running:
            canvas.flow([TextRun("Forking…", Style(.dim))], in: content, y: &y)
            return
        case .failed(let message):
            canvas.flow(
                [TextRun("The lab could not run: ", Style(.bad, bold: true)), TextRun(message)], in: content, y: &y)
            return
        case .finished(let report):
            r = report
        }
        for (code, comment) in [
            ("long value = \(r.initialValue);", "// in ptt, at \(r.parentAddress)"),
            ("pid_t pid = fork();", "// from here on, two processes run"),
            ("if (pid == 0) value = \(r.childValue);", "// the child only"),
        ] where y < content.maxY {
            let end = canvas.put("  " + code, x: content.x, y: y, style: Style(.code), limit: content.maxX)
            canvas.put(
                String(repeating: " ", count: max(1, 34 - (end - content.x))) + comment, x: end, y: y,
                style: Style(.dim), limit: content.maxX)
            y += 1
        }
        y += 1
        let boxWidth = max(16, min(30, (content.width - 4) / 2))
        let sides: [(String, Int32, Int, String, Bool)] = [
            ("parent (ptt)", r.parentPid, r.parentValue, r.parentAddress, r.parentValue == r.initialValue),
            ("child", r.childPid, r.childValue, r.childAddress, false),
        ]
        for (i, side) in sides.enumerated() {
            let box = Rect(x: content.x + i * (boxWidth + 4), y: y, width: boxWidth, height: 5)
            Box(title: side.0).style(Style(.process)).draw(in: box, on: &canvas)
            let inner = box.inset(top: 1, left: 2, bottom: 1, right: 1)
            canvas.put(
                [TextRun("PID ", Style(.dim)), TextRun(String(side.1), Style(.strong, bold: true))],
                x: inner.x, y: inner.y, limit: inner.maxX)
            canvas.put(
                [
                    TextRun("value = ", Style(.dim)), TextRun(String(side.2), Style(.accent, bold: true)),
                    TextRun(side.4 ? "  unchanged" : (i == 1 ? "  its copy" : ""), Style(.ok)),
                ], x: inner.x, y: inner.y + 1, limit: inner.maxX)
            canvas.put(
                [TextRun("at ", Style(.dim)), TextRun(side.3, Style(.code))], x: inner.x, y: inner.y + 2,
                limit: inner.maxX)
        }
        if let columns {
            content = columns.right
            y = content.y
        } else {
            y += 6
        }
        let result = predict.resultRuns(0)
        if !result.isEmpty {
            canvas.flow([TextRun("Prediction: ", Style(.heading, bold: true))] + result, in: content, y: &y)
        }
        canvas.flow(
            [
                TextRun("Why: ", Style(.heading, bold: true)),
                TextRun(Self.why(r) + " The child \(r.childExit) and ptt reaped it."),
            ], in: content, y: &y)
        y += 1
        guard content.maxY - y >= 3 else { return }
        canvas.shellBlock(
            Canvas.seeItFromAShell,
            [
                ("sh -c 'v=42; (v=99; echo child $v); echo parent $v'", "( ) forks a subshell"),
                ("ps -o pid,ppid,stat,cmd --ppid \(r.parentPid)", "the child is gone: reaped"),
            ], in: content, y: &y)
    }
}
