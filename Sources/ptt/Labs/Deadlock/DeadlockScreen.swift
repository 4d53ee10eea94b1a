import Labs
import TerminalUI

/// State of the deadlock lab screen.
struct DeadlockLabState: Equatable {
    enum Phase: Equatable {
        /// Asked the loop to start; no snapshot yet.
        case starting
        /// The lab's own phase, from its latest snapshot.
        case running(DeadlockSnapshot.Phase)
        case finished
        /// Left or restarted from the keyboard: children killed and reaped.
        case stopped
        case failed(String)
    }

    var phase = Phase.starting
    var snapshot: DeadlockSnapshot?
    /// The two threads as last seen in the child (kept once the child is gone).
    var threads: [DeadlockThread] = []
    var cycle: [String] = []
    /// When the wait-for graph found the cycle, in ms since the lab started
    /// (just before it spawned the child): the report's figure once it is
    /// known; before, the snapshot the lab posted as it found the cycle, if
    /// the screen saw that one (it posts only the latest).
    var detectedAfterMs: Double?
    var childPid: Int32?
    /// Asked the run to stop watching and go on.
    var proceeded = false
    var report: DeadlockReport?

    var isRunning: Bool {
        switch phase {
        case .starting, .running: true
        default: false
        }
    }

    var isDeadlocked: Bool { phase == .running(.deadlocked) }

    /// How long a live run watches the stuck threads before going on by itself.
    static let observeMs = 600_000
}

/// `ptt demo deadlock`: two threads, two locks, opposite order: the cycle
/// drawn live; then one lock order, then the fork-with-a-lock pitfall.
struct DeadlockScreen: Screen {
    var lab = DeadlockLabState()
    var run: RunID?

    var name: String { "lab deadlock" }
    var needsTicks: Bool { lab.isRunning }
    var runs: [RunID] { run.map { [$0] } ?? [] }

    static let keyMap = KeyMap<DeadlockScreen>([
        KeyBinding(
            .character(" "), .enter, label: "Space", hint: "continue: one lock order",
            help: "stop watching: kill the stuck process, run the same work with one lock order, then fork",
            section: "Deadlock", priority: KeyBinding<DeadlockScreen>.essential,
            when: { s, _ in s.lab.isDeadlocked && !s.lab.proceeded }
        ) { s, app, _ in
            s.lab.proceeded = true
            app.notice = "stuck process killed; one lock order next"
            return s.run.map { [.controlLab($0, LabControl(DeadlockControl.proceed))] } ?? []
        },
        KeyBinding(
            .character("r"), label: "r", hint: "run again", help: "run the whole lab again (a new child)",
            section: "Deadlock", priority: 60, when: { s, _ in !s.lab.isRunning }
        ) { s, app, _ in s.start(&app) },
        .help, .presenter, .pause, .slow, .step, .back(), .quit,
    ])

    /// Starts a run: the stuck pair first.
    mutating func start(_ app: inout AppModel) -> [Effect] {
        let stop = runs.map { Effect.stopLab($0) }
        lab = DeadlockLabState()
        let id = app.newRun("deadlock")
        run = id
        let options = DeadlockLab.Options(observeMs: DeadlockLabState.observeMs)
        return stop + [
            .startLab(
                id, LabStart(options) { executable in try DeadlockRunning(options: options, executable: executable) })
        ]
    }

    /// Leaving: a run still going is cancelled and waited for (its child killed and reaped).
    func closing(_ app: AppModel) -> [Effect] { lab.isRunning ? runs.map { .stopLab($0) } : [] }

    mutating func receive(_ message: ScreenMessage, _ app: inout AppModel) -> [Effect] {
        guard case .lab(let id, let output) = message, id == run, lab.isRunning else { return [] }
        switch output {
        case .progress(let snap as DeadlockSnapshot):
            take(snap)
        case .finished(let report as DeadlockReport):
            lab.phase = .finished
            lab.report = report
            lab.detectedAfterMs = report.detectedAfterMs
            // The report's last look at the two threads, so a replay ends on the same figures.
            if !report.cycle.isEmpty { lab.threads = report.cycle }
            app.progress.recordLab("deadlock", at: app.clock())
        case .failed(let message):
            lab.phase = .failed(message)
        default:
            break
        }
        return []
    }

    /// A snapshot: the threads while the child lives, the phase always.
    private mutating func take(_ snap: DeadlockSnapshot) {
        lab.snapshot = snap
        lab.phase = .running(snap.phase)
        if !snap.threads.isEmpty, snap.phase == .takingLocks || snap.phase == .deadlocked {
            lab.threads = snap.threads
        }
        if let pid = snap.childPid { lab.childPid = pid }
        if snap.phase == .deadlocked { lab.cycle = snap.cycle }
        // The lab posts the snapshot whose threads close the cycle, then stamps
        // the report's detectedAfterMs: the same moment, microseconds apart. A
        // later snapshot's time is not it (the report would then say less).
        if snap.phase == .takingLocks, lab.detectedAfterMs == nil, Self.formsCycle(snap.threads) {
            lab.detectedAfterMs = snap.elapsedMs
        }
    }

    /// Whether every thread waits for a lock another of them holds (for two threads: the cycle).
    static func formsCycle(_ threads: [DeadlockThread]) -> Bool {
        threads.count >= 2
            && threads.allSatisfy { t in
                t.wants.map { w in threads.contains { $0.tid != t.tid && $0.holds.contains(w) } } ?? false
            }
    }

    /// "61.1 ms after the lab started (timed from just before the child's spawn)".
    static func detectionText(_ ms: Double) -> String {
        "\(msText(ms)) after the lab started (timed from just before the child's spawn)"
    }

    func status(_ app: AppModel) -> String? {
        lab.snapshot.map { "\(oneDecimal($0.elapsedMs / 1000)) s" }
    }

    // MARK: - View

    func view(_ app: AppModel, on canvas: inout Canvas) {
        let (body, statusRow) = canvas.bounds.splitBottom(1)
        TitleBar(left: "Lab: deadlock — two threads, two locks, opposite order", right: "ptt demo deadlock").draw(
            in: body.splitTop(1).top, on: &canvas)
        defer { statusBar(app).draw(in: statusRow, on: &canvas) }
        // Wide: the threads, the cycle and the code on the left; what it means on the right.
        let columns = labColumns(body.inset(top: 2))
        var content = columns?.left ?? columnRect(body.inset(top: 2), maxWidth: 110)
        var y = content.y
        if case .failed(let message) = lab.phase {
            canvas.flow(
                [TextRun("The lab could not run: ", Style(.bad, bold: true)), TextRun(message)], in: content, y: &y)
            return
        }
        canvas.put(Self.phaseLine(lab), x: content.x, y: y, limit: content.maxX)
        y += 2
        canvas.flow(Self.childLine(lab), in: content, y: &y)
        y += 1
        let boxes = Rect(x: content.x, y: y, width: content.width, height: 6)
        Self.drawCycle(lab, in: boxes, on: &canvas)
        y += boxes.height + 1
        if content.height >= 34 { Self.drawCode(in: content, y: &y, on: &canvas) }
        if let columns {
            content = columns.right
            y = content.y + 2
        }
        for part in [Self.explanation(lab), Self.orderedLine(lab), Self.forkLines(lab)] where !part.isEmpty {
            guard y < content.maxY else { break }
            canvas.flow(part, in: content, y: &y)
            // At 80×24 the parts go without blank lines between them, so the fork's result fits.
            if content.height >= 24 { y += 1 }
        }
        if content.maxY - y >= 4, let pid = lab.childPid, lab.isDeadlocked {
            y += 1
            canvas.flow(
                [
                    TextRun("See it from a shell", Style(.heading, bold: true)),
                    TextRun(" while it hangs:", Style(.dim)),
                ],
                in: content, y: &y)
            for command in ["ps -L -o pid,tid,stat,wchan:20,cmd -p \(pid)", "cat /proc/\(pid)/task/*/wchan"]
            where y < content.maxY {
                canvas.put("  " + command, x: content.x, y: y, style: Style(.code), limit: content.maxX)
                y += 1
            }
        }
    }

    /// What each thread runs, side by side (on a tall screen).
    static func drawCode(in content: Rect, y: inout Int, on canvas: inout Canvas) {
        let rows: [(String, String)] = [
            ("T1 (opposite order)", "T2 (opposite order)"), ("pthread_mutex_lock(&A);", "pthread_mutex_lock(&B);"),
            ("/* both hold one lock */", "/* both hold one lock */"),
            ("pthread_mutex_lock(&B);  /* waits for T2 */", "pthread_mutex_lock(&A);  /* waits for T1 */"),
            ("", ""), ("T1 and T2 (one order)", ""), ("pthread_mutex_lock(&A); pthread_mutex_lock(&B);", ""),
            ("counter++;", ""), ("pthread_mutex_unlock(&B); pthread_mutex_unlock(&A);", ""),
        ]
        let half = content.width / 2
        for (i, row) in rows.enumerated() {
            let style = i == 0 || i == 5 ? Style(.heading, bold: true) : Style(.code)
            canvas.put(
                "  " + row.0, x: content.x, y: y, style: style,
                limit: row.1.isEmpty ? content.maxX : content.x + half - 1)
            canvas.put(row.1, x: content.x + half, y: y, style: style, limit: content.maxX)
            y += 1
        }
        y += 1
    }

    /// "taking locks ▸ deadlocked ▸ one lock order ▸ fork with a lock held", the current one bold.
    static func phaseLine(_ lab: DeadlockLabState) -> [TextRun] {
        let steps: [(DeadlockSnapshot.Phase, String)] = [
            (.takingLocks, "1 taking locks"), (.deadlocked, "2 deadlocked"), (.orderedRun, "3 one lock order"),
            (.forkWithLock, "4 fork + lock"), (.done, "done"),
        ]
        let order = steps.map(\.0)
        let current: Int? =
            switch lab.phase {
            case .starting: nil
            case .running(let p): order.firstIndex(of: p == .starting ? .takingLocks : p)
            case .finished: order.count - 1
            case .stopped, .failed: nil
            }
        var runs: [TextRun] = []
        for (i, step) in steps.enumerated() {
            if i > 0 { runs.append(TextRun(" ▸ ", Style(.dim))) }
            let style: Style =
                i == current
                ? Style(step.0 == .deadlocked ? .bad : .accent, bold: true)
                : (current.map { i < $0 } ?? false) ? Style(.normal) : Style(.dim)
            runs.append(TextRun(i == current ? "[\(step.1)]" : step.1, style))
        }
        return runs
    }

    static func childLine(_ lab: DeadlockLabState) -> [TextRun] {
        guard let pid = lab.childPid ?? lab.report?.childPid else {
            return [TextRun("starting the child process…", Style(.dim))]
        }
        let alive = lab.phase == .running(.takingLocks) || lab.isDeadlocked
        if alive {
            return [
                TextRun("Both threads live in child process ", Style(.dim)),
                TextRun("PID \(pid)", Style(.process, bold: true)),
                TextRun(
                    ": ptt reads what each holds and wants from a shared page, and kills the process when you go on.",
                    Style(.dim)),
            ]
        }
        return [
            TextRun("Child process ", Style(.dim)), TextRun("PID \(pid)", Style(.process, bold: true)),
            TextRun(" (both threads): killed with SIGKILL and reaped.", Style(.dim)),
        ]
    }

    /// T1's box, T2's box, and the two waits between them.
    static func drawCycle(_ lab: DeadlockLabState, in area: Rect, on canvas: inout Canvas) {
        let boxWidth = max(22, min(40, (area.width - 18) / 2))
        let left = Rect(x: area.x, y: area.y, width: boxWidth, height: 6)
        let right = Rect(x: area.maxX - boxWidth, y: area.y, width: boxWidth, height: 6)
        let stuck = !lab.cycle.isEmpty
        let threads = lab.threads
        for (i, box) in [left, right].enumerated() {
            let t = threads.indices.contains(i) ? threads[i] : nil
            let title = t.map { "\($0.thread) · TID \($0.tid > 0 ? String($0.tid) : "…")" } ?? "T\(i + 1)"
            Box(title: title).style(Style(stuck ? .bad : .thread)).draw(in: box, on: &canvas)
            let inner = box.inset(top: 1, left: 2, bottom: 1, right: 1)
            let lines: [[TextRun]] = [
                [
                    TextRun("holds  ", Style(.dim)),
                    TextRun(
                        t.map { $0.holds.isEmpty ? "—" : $0.holds.joined(separator: ", ") } ?? "…",
                        Style(.strong, bold: true)),
                ],
                [
                    TextRun("wants  ", Style(.dim)),
                    TextRun(t?.wants ?? "—", Style(t?.wants == nil ? .dim : .warn, bold: true)),
                ],
                stateRuns(t, live: lab.isDeadlocked || lab.phase == .running(.takingLocks), wide: inner.width >= 30),
                [
                    TextRun("waited ", Style(.dim)),
                    TextRun(t.map { $0.wants == nil ? "—" : secText($0.waitedMs) } ?? "—", Style(.accent, bold: true)),
                ],
            ]
            for (row, runs) in lines.enumerated() where row < inner.height {
                canvas.put(runs, x: inner.x, y: inner.y + row, limit: inner.maxX)
            }
        }
        let middle = Rect(x: left.maxX + 1, y: area.y + 1, width: max(0, right.x - left.maxX - 2), height: 4)
        guard middle.width >= 8, threads.count == 2 else { return }
        let style = Style(stuck ? .bad : .dim, bold: stuck)
        let top = "wants \(threads[0].wants ?? "—")"
        let bottom = "wants \(threads[1].wants ?? "—")"
        func centred(_ text: String, _ row: Int) {
            canvas.put(
                text, x: middle.x + max(0, (middle.width - CharacterWidth.of(text)) / 2), y: middle.y + row,
                style: style, limit: middle.maxX)
        }
        if threads[0].wants != nil {
            centred(top, 0)
            centred(String(repeating: "─", count: middle.width - 1) + "▶", 1)
        }
        if threads[1].wants != nil {
            centred("◀" + String(repeating: "─", count: middle.width - 1), 2)
            centred(bottom, 3)
        }
    }

    /// "state S futex_wait_queue", or how it ended.
    static func stateRuns(_ t: DeadlockThread?, live: Bool, wide: Bool) -> [TextRun] {
        guard let t else { return [TextRun("state  …", Style(.dim))] }
        guard live else { return [TextRun("state  ", Style(.dim)), TextRun("gone (killed)", Style(.dim))] }
        let state = t.kernelState ?? "?"
        var runs = [TextRun("state  ", Style(.dim)), TextRun(state, Style(.strong, bold: true))]
        if state == "S" { runs.append(TextRun(" asleep", Style(.dim))) }
        if wide, let channel = t.waitChannel, !channel.isEmpty, channel != "0" {
            runs.append(TextRun(" in \(channel)", Style(.dim)))
        }
        return runs
    }

    static func explanation(_ lab: DeadlockLabState) -> [TextRun] {
        switch lab.phase {
        case .starting, .running(.starting), .running(.takingLocks):
            return [
                TextRun("Taking locks: ", Style(.heading, bold: true)),
                TextRun("T1 locks A, T2 locks B; then T1 asks for B and T2 for A."),
            ]
        case .running(.deadlocked):
            let after =
                lab.detectedAfterMs.map { " The wait-for graph found the cycle \(Self.detectionText($0))." } ?? ""
            return [
                TextRun("Deadlocked: ", Style(.bad, bold: true)),
                TextRun(
                    "T1 waits for T2 (it holds B), T2 waits for T1 (it holds A): a cycle. Neither lets go of what "
                        + "it holds, so neither ever runs again; the waits only grow.\(after)"),
            ]
        case .stopped:
            return [TextRun("Stopped: the child process and its threads are killed and reaped.", Style(.dim))]
        default:
            let after = lab.detectedAfterMs.map { "; the cycle was found \(Self.detectionText($0))" } ?? ""
            return [
                TextRun("The deadlock: ", Style(.heading, bold: true)),
                TextRun("each thread held one lock and waited for the other's\(after)."),
            ]
        }
    }

    static func orderedLine(_ lab: DeadlockLabState) -> [TextRun] {
        if let r = lab.report?.orderedRun {
            let ok = lab.report?.orderedRunCompleted == true
            return [
                TextRun("One lock order ", Style(.heading, bold: true)),
                TextRun("(both take A, then B), \(grouped(r.iterationsPerThread)) times each: "),
                TextRun("\(grouped(r.counter)) of \(grouped(r.expected))", Style(ok ? .ok : .bad, bold: true)),
                TextRun(" counted in \(msText(r.milliseconds)), \(ok ? "completed" : "incomplete"): "),
                TextRun("no thread holds B while it waits for A, so no cycle.", Style(.dim)),
            ]
        }
        if lab.phase == .running(.orderedRun) {
            return [
                TextRun("One lock order: ", Style(.heading, bold: true)),
                TextRun("the same two threads, both taking A then B…", Style(.dim)),
            ]
        }
        return []
    }

    static func forkLines(_ lab: DeadlockLabState) -> [TextRun] {
        if let f = lab.report?.forkWithLock {
            return [
                TextRun("Fork with a lock held: ", Style(.heading, bold: true)),
                TextRun("thread \(f.holderTid) held a lock while thread \(f.forkerTid) forked; child "),
                TextRun("PID \(f.grandchildPid) ", Style(.process, bold: true)),
                TextRun(f.childHung ? "hung" : "did not hang", Style(f.childHung ? .bad : .warn, bold: true)),
                TextRun(
                    f.childHung
                        ? " on its copy of the lock for \(grouped(f.timeoutMs)) ms (state \(f.grandchildState ?? "?")): "
                            + "the thread that would unlock it was not copied. "
                        : ". "),
                TextRun(f.grandchildReaped ? "Killed, reaped. " : "", Style(.dim)),
                TextRun(
                    f.controlCompleted
                        ? "Control, lock free: it took the lock and exited 0."
                        : "Control, lock free: it did not complete.",
                    Style(.dim)),
            ]
        }
        if lab.phase == .running(.forkWithLock), let snap = lab.snapshot {
            var runs = [
                TextRun("Fork with a lock held: ", Style(.heading, bold: true)),
                TextRun("one thread holds a lock, another forks; the child asks for its copy of the lock. "),
            ]
            if let pid = snap.grandchildPid, let waited = snap.grandchildWaitedMs {
                runs.append(TextRun("Child PID \(pid) has waited ", Style(.dim)))
                runs.append(TextRun(msText(waited), Style(.accent, bold: true)))
            }
            return runs
        }
        return []
    }
}

/// 12.3 ms, 1.23 s, 61.5 s.
func msText(_ ms: Double) -> String {
    ms < 1000 ? "\(oneDecimal(ms)) ms" : secText(ms)
}

extension DeadlockScreen {
    /// The lab's title, then the part on screen once past the deadlock.
    func presenterTitle(_ app: AppModel) -> String {
        switch lab.phase {
        case .running(.orderedRun): "Lab: deadlock — 3 the same work, one lock order"
        case .running(.forkWithLock): "Lab: deadlock — 4 fork while another thread holds a lock"
        case .running(.done), .finished: "Lab: deadlock — done: one lock order, then fork with a lock held"
        default: "Lab: deadlock — two threads, two locks, opposite order"
        }
    }

    /// The figures of the part on screen: while deadlocked the cycle (each thread's
    /// wait, and when it was found); then the one-lock-order run's counter against
    /// the expected total; then the forked child's wait, and whether it hung.
    func presenterFigures(_ app: AppModel) -> [PresenterFigure] {
        switch lab.phase {
        case .starting, .running(.starting), .running(.takingLocks), .running(.deadlocked):
            return Self.cycleFigures(lab)
        case .running(.orderedRun):
            return [Self.killedFigure(lab)].compactMap { $0 }
        case .running(.forkWithLock):
            guard let snap = lab.snapshot, let pid = snap.grandchildPid, let waited = snap.grandchildWaitedMs else {
                return []
            }
            return [
                PresenterFigure(
                    "fork with a lock held: child PID \(pid) waits for its copy of the lock", measured: msText(waited),
                    role: .warn)
            ]
        case .running(.done), .finished:
            return Self.reportFigures(lab)
        case .running(.cancelled), .stopped, .failed:
            return []
        }
    }

    /// Each waiting thread's wait by its name and TID, then when the cycle was found.
    static func cycleFigures(_ lab: DeadlockLabState) -> [PresenterFigure] {
        var figures = lab.threads.filter { $0.wants != nil }.map { t in
            PresenterFigure(
                "\(t.thread) (TID \(t.tid)) holds \(t.holds.joined(separator: ", ")), waits for \(t.wants ?? "")",
                measured: secText(t.waitedMs), role: lab.cycle.isEmpty ? .warn : .bad)
        }
        if lab.isDeadlocked, let ms = lab.detectedAfterMs { figures.append(detectionFigure(ms)) }
        return figures
    }

    static func detectionFigure(_ ms: Double) -> PresenterFigure {
        PresenterFigure("cycle found, since the lab started (just before the child's spawn)", measured: msText(ms))
    }

    /// While the one-lock-order run goes: the stuck process is gone, the lab's clock runs.
    static func killedFigure(_ lab: DeadlockLabState) -> PresenterFigure? {
        guard let snap = lab.snapshot else { return nil }
        let pid = lab.childPid.map { " PID \($0)" } ?? ""
        return PresenterFigure(
            "stuck child\(pid) killed; one lock order (A, then B) running", measured: secText(snap.elapsedMs),
            role: .strong)
    }

    /// The report's figures: the ordered run, the fork pitfall, when the cycle was found.
    static func reportFigures(_ lab: DeadlockLabState) -> [PresenterFigure] {
        guard let report = lab.report else { return [] }
        let r = report.orderedRun
        let ok = report.orderedRunCompleted
        var figures = [
            PresenterFigure(
                "one lock order (A, then B): counter", grouped(r.counter),
                unit: "of \(grouped(r.expected)) expected, \(ok ? "completed" : "incomplete")", role: ok ? .ok : .bad)
        ]
        if let f = report.forkWithLock {
            figures.append(
                f.childHung
                    ? PresenterFigure(
                        "fork with a lock held: child PID \(f.grandchildPid) hung on its copy of the lock",
                        grouped(f.timeoutMs), unit: "ms, then killed", role: .bad)
                    : PresenterFigure(
                        "fork with a lock held: child PID \(f.grandchildPid) did not hang within",
                        grouped(f.timeoutMs), unit: "ms", role: .warn))
        }
        figures.append(detectionFigure(lab.detectedAfterMs ?? report.detectedAfterMs))
        return figures
    }
}

/// 0.42 s, 12.3 s from milliseconds.
func secText(_ ms: Double) -> String {
    ms < 10_000 ? "\(twoDecimals(ms / 1000)) s" : "\(oneDecimal(ms / 1000)) s"
}
