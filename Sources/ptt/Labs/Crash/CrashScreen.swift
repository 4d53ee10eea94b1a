import Curriculum
import Labs
import TerminalUI

/// `ptt demo crash`: a child process segfaults while ptt and a sibling go
/// on; a thread segfaults and takes its whole process with it.
struct CrashScreen: OneShotScreen {
    static let labName = "crash"
    var lab = OneShotLabState<CrashReport>()
    var run: RunID?
    var predict = CrashScreen.firstStep

    static let asks = [
        PredictionAsk(
            id: "child-crash", prompt: "ptt starts a child process, and the child segfaults. Does ptt survive?",
            form: .choices(["yes, ptt goes on", "no, ptt dies with its child"])),
        PredictionAsk(
            id: "thread-crash",
            prompt: "A process runs several threads; one of them segfaults. Does the process survive?",
            form: .choices(["yes, the other threads go on", "no, the whole process dies"])),
    ]

    static let why =
        "an unhandled fatal signal ends the whole process, every thread in it, and nothing outside it: "
        + "SIGSEGV goes to the faulting thread, and its default action ends the thread group. The sibling and "
        + "ptt have their own address spaces."

    static func measured(_ r: CrashReport) -> [(value: Prediction.Value, explanation: String)] {
        let (a, b) = (asks[0].form, asks[1].form)
        guard case .choices(let first) = a, case .choices(let second) = b else { return [] }
        return [
            (.choice(r.processCrash.parentSurvived ? first[0] : first[1]), why),
            (.choice(r.threadCrash.allDied ? second[1] : second[0]), why),
        ]
    }

    static func makeRun(_ executable: ChildExecutable) throws -> CrashReport {
        try CrashLab.run(executable: executable)
    }

    static let keyMap = KeyMap<CrashScreen>(oneShotKeys(again: "run again", help: "crash them again (new processes)"))

    func view(_ app: AppModel, on canvas: inout Canvas) {
        let (body, statusRow) = canvas.bounds.splitBottom(1)
        TitleBar(left: "Lab: crash — what a segfault takes down", right: "ptt demo crash").draw(
            in: body.splitTop(1).top, on: &canvas)
        defer { statusBar(app).draw(in: statusRow, on: &canvas) }
        // Wide: (a) on the left, (b) on the right, the predictions and why below (a).
        let columns = labColumns(body.inset(top: 2))
        var content = columns?.left ?? columnRect(body.inset(top: 2), maxWidth: 90)
        var y = content.y
        let report: CrashReport
        switch lab.phase {
        case .waiting:
            predict.draw(in: content, y: &y, on: &canvas)
            return
        case .running:
            canvas.flow(
                [TextRun("Starting three child processes and crashing two of them…", Style(.dim))], in: content, y: &y)
            return
        case .failed(let message):
            canvas.flow(
                [TextRun("The lab could not run: ", Style(.bad, bold: true)), TextRun(message)], in: content, y: &y)
            return
        case .finished(let r):
            report = r
        }
        let a = report.processCrash
        let b = report.threadCrash
        var indent = content.inset(left: 2)
        func check(_ ok: Bool) -> TextRun { TextRun(ok ? "✓ " : "✗ ", Style(ok ? .ok : .bad, bold: true)) }
        canvas.flow([TextRun("(a) A process crashes", Style(.heading, bold: true))], in: content, y: &y)
        let root = "ptt (PID \(a.parentPid)) "
        let pad = String(repeating: " ", count: CharacterWidth.of(root))
        for runs in [
            [
                TextRun(root, Style(.process, bold: true)), TextRun("─┬─ ", Style(.dim)),
                TextRun("PID \(a.pid) stored through a null pointer:", Style(.normal)),
            ],
            [
                TextRun(pad + " │    ", Style(.dim)), TextRun("status \(Self.hex(a.status)) = ", Style(.dim)),
                TextRun(a.signal == "none" ? a.exit : "killed by \(a.signal)", Style(.bad, bold: true)),
                TextRun(a.coreDumped ? ", core dumped" : ", no core dump", Style(.dim)),
            ],
            [
                TextRun(pad + " └─ ", Style(.dim)), TextRun("PID \(a.siblingPid), the sibling: ", Style(.normal)),
                check(a.siblingSurvived),
                TextRun(a.siblingSurvived ? "kept beating (+\(a.siblingBeatsAfterCrash))" : "stopped", Style(.normal)),
            ],
        ] where y < indent.maxY {
            // Put, not flowed: wrapping would drop the tree's leading spaces.
            canvas.put(runs, x: indent.x, y: y, limit: indent.maxX)
            y += 1
        }
        canvas.flow(
            [
                check(a.parentSurvived),
                TextRun(
                    "ptt read the status with waitpid() and goes on (in a shell: $? = \(a.shellStatus)).",
                    Style(.normal)),
            ], in: indent, y: &y)
        y += 1
        let belowA = y
        if let columns {
            content = columns.right
            indent = content.inset(left: 2)
            y = content.y
        }
        canvas.flow([TextRun("(b) A thread crashes", Style(.heading, bold: true))], in: content, y: &y)
        // Each "TID name" kept together: a line break only falls between two threads.
        var threadRuns: [TextRun] = [
            TextRun("PID \(b.pid), \(b.threadsInProcess) threads (TID name): ", Style(.normal))
        ]
        for (i, t) in b.threads.enumerated() {
            let name = "\(t.tid) \(t.name)" + (t.tid == b.crashedThread ? " ✗" : "")
            threadRuns.append(TextRun(name + (i + 1 < b.threads.count ? " ·" : ""), Style(.thread), keepTogether: true))
            if i + 1 < b.threads.count { threadRuns.append(TextRun(" ", Style(.thread))) }
        }
        canvas.flow(threadRuns, in: indent, y: &y)
        let crasher = b.threads.first { $0.tid == b.crashedThread }?.name ?? "TID \(b.crashedThread)"
        canvas.flow(
            [
                TextRun("\(crasher) stored through a null pointer: ", Style(.normal)),
                TextRun(b.signal == "none" ? b.exit : "killed by \(b.signal)", Style(.bad, bold: true)),
                TextRun(b.coreDumped ? ", core dumped" : ", no core dump", Style(.dim)),
            ], in: indent, y: &y)
        canvas.flow(
            [
                check(b.allDied),
                TextRun(
                    b.allDied
                        ? "all \(b.threadsInProcess) threads died with it: none of their /proc/TID exists any more."
                        : "some of its threads are still listed in /proc.", Style(.normal)),
            ], in: indent, y: &y)
        y += 1
        if let columns {
            content = columns.left
            y = max(y, belowA)
        }
        for (i, label) in ["Prediction (a): ", "Prediction (b): "].enumerated() {
            let result = predict.resultRuns(i)
            if !result.isEmpty {
                canvas.flow([TextRun(label, Style(.heading, bold: true))] + result, in: content, y: &y)
            }
        }
        canvas.flow(
            [
                TextRun("Why: ", Style(.heading, bold: true)),
                TextRun(Self.why + " (No core file: the children set RLIMIT_CORE to 0.)"),
            ], in: content, y: &y)
        y += 1
        guard content.maxY - y >= 3 else { return }
        canvas.shellBlock(
            Canvas.seeItFromAShell,
            [
                ("sh -c 'kill -SEGV $$'; echo $?", "139 = 128 + 11 (SIGSEGV)"),
                ("ps -o pid,ppid,stat,cmd --ppid \(a.parentPid)", "no children left: all reaped"),
            ], in: content, y: &y)
    }

    /// 11 -> "0x000b", as the 16-bit status word.
    static func hex(_ status: Int32) -> String {
        let digits = String(UInt16(truncatingIfNeeded: status), radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
