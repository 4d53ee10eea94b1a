import Labs
import TerminalUI

/// State of the threads-overhead lab screen.
struct ThreadsOverheadLabState: Equatable {
    enum Phase: Equatable {
        case starting
        case running
        case finished
        case failed(String)
    }

    var maxThreads = 10_000
    var connections = 10_000
    var phase = Phase.starting
    var snapshot: ThreadsOverheadSnapshot?
    var limits: ThreadLimits?
    var report: ThreadsOverheadReport?
    /// The steps finished so far, by index (the report has their figures).
    var stepsSeen: Int = 0

    var isRunning: Bool { phase == .starting || phase == .running }
    var counts: [Int] { ThreadsOverheadLab.counts(max: maxThreads) }
}

/// `ptt demo threads-overhead`: what many blocked threads cost, step by
/// step, against the limits, and one epoll thread serving as many connections.
struct ThreadsOverheadScreen: Screen {
    var lab = ThreadsOverheadLabState()
    var run: RunID?

    init(maxThreads: Int = 10_000, connections: Int = 10_000) {
        lab.maxThreads = maxThreads
        lab.connections = connections
    }

    var name: String { "lab threads-overhead" }
    var needsTicks: Bool { lab.isRunning }
    var runs: [RunID] { run.map { [$0] } ?? [] }

    static let keyMap = KeyMap<ThreadsOverheadScreen>([
        KeyBinding(
            .character("r"), .enter, label: "r", hint: "run again", help: "run every step again (a new child)",
            section: "Threads overhead", priority: 60, when: { s, _ in !s.lab.isRunning }
        ) { s, app, _ in s.start(&app) },
        .help, .presenter, .pause, .slow, .step, .back(), .quit,
    ])

    mutating func start(_ app: inout AppModel) -> [Effect] {
        let stop = runs.map { Effect.stopLab($0) }
        let (maxThreads, connections) = (lab.maxThreads, lab.connections)
        lab = ThreadsOverheadLabState(maxThreads: maxThreads, connections: connections)
        let id = app.newRun("threads-overhead")
        run = id
        return stop + [
            .startLab(
                id,
                LabStart("max \(maxThreads), connections \(connections)") { executable in
                    try ThreadsOverheadRunning(maxThreads: maxThreads, connections: connections, executable: executable)
                })
        ]
    }

    /// Leaving: a run still going is cancelled and waited for (its child killed and reaped).
    func closing(_ app: AppModel) -> [Effect] { lab.isRunning ? runs.map { .stopLab($0) } : [] }

    mutating func receive(_ message: ScreenMessage, _ app: inout AppModel) -> [Effect] {
        guard case .lab(let id, let output) = message, id == run, lab.isRunning else { return [] }
        switch output {
        case .progress(let p as ThreadsOverheadProgress):
            lab.phase = .running
            lab.snapshot = p.snapshot
            lab.limits = p.limits
        case .finished(let report as ThreadsOverheadReport):
            lab.phase = .finished
            lab.report = report
            lab.limits = report.limits
            app.progress.recordLab("threads-overhead", at: app.clock())
        case .failed(let message):
            lab.phase = .failed(message)
        default:
            break
        }
        return []
    }

    func status(_ app: AppModel) -> String? {
        lab.snapshot.map { "\(oneDecimal($0.elapsedMs / 1000)) s" }
    }

    func presenterTitle(_ app: AppModel) -> String { "Lab: threads-overhead — what 10,000 threads cost" }

    /// While it runs: the threads blocked now and the child's tasks (or the
    /// connections served); once done: the threads started, reserved against
    /// resident memory, and the epoll thread's connections.
    func presenterFigures(_ app: AppModel) -> [PresenterFigure] {
        if let r = lab.report {
            guard let s = r.steps.last else { return [] }
            // Reserved against resident first: the two that fit at 80×24.
            var figures = [
                PresenterFigure(
                    "\(grouped(s.created)) threads reserved (VmSize grew by)", Self.mebibytes(s.vmSizeGrowthKiB),
                    unit: "MiB", role: .warn),
                PresenterFigure("resident (VmRSS grew by)", Self.mebibytes(s.rssGrowthKiB), unit: "MiB", role: .ok),
                PresenterFigure("threads started (of \(grouped(s.threads)))", grouped(s.created), role: .thread),
            ]
            if let e = r.epoll {
                figures.append(
                    PresenterFigure(
                        "one epoll thread served \(grouped(e.connections)) connections in",
                        measured: msText(e.exchangeMs),
                        role: .accent))
            }
            return figures
        }
        guard let snap = lab.snapshot, snap.childPid != nil else { return [] }
        if snap.phase == .connections {
            return [
                PresenterFigure(
                    "connections served by one epoll thread (of \(grouped(lab.connections)))",
                    grouped(snap.connectionsServed), role: .accent)
            ]
        }
        return [
            PresenterFigure(
                "threads blocked now (of \(grouped(snap.threadsTarget)))", grouped(snap.threadsBlocked), role: .thread),
            PresenterFigure("tasks in child PID \(snap.childPid ?? 0)", grouped(snap.tasksInChild), role: .process),
        ]
    }

    /// KiB as whole MiB ("80,078"), one decimal under 100 MiB ("3.1").
    static func mebibytes(_ kib: Int) -> String {
        let mib = Double(kib) / 1024
        return abs(mib) >= 100 ? grouped(Int(mib.rounded())) : oneDecimal(mib)
    }

    // MARK: - View

    func view(_ app: AppModel, on canvas: inout Canvas) {
        let (body, statusRow) = canvas.bounds.splitBottom(1)
        TitleBar(left: "Lab: threads-overhead — what 10,000 threads cost", right: "ptt demo threads-overhead").draw(
            in: body.splitTop(1).top, on: &canvas)
        defer { statusBar(app).draw(in: statusRow, on: &canvas) }
        // Wide: the steps' table on the left, what they mean on the right.
        let columns = labColumns(body.inset(top: 2))
        var content = columns?.left ?? columnRect(body.inset(top: 2), maxWidth: 100)
        var y = content.y
        if case .failed(let message) = lab.phase {
            canvas.flow(
                [TextRun("The lab could not run: ", Style(.bad, bold: true)), TextRun(message)], in: content, y: &y)
            return
        }
        let gap = content.height >= 24 ? 1 : 0
        canvas.flow(Self.intro(lab), in: content, y: &y)
        y += gap
        Self.drawTable(lab, in: content, y: &y, on: &canvas)
        if let columns {
            content = columns.right
            y = content.y
        } else {
            y += 1
        }
        for part in [
            Self.pending(lab), Self.perThread(lab), Self.epollLine(lab),
            Self.limitsLine(lab, wide: content.width >= 90), Self.explanation(lab),
        ]
        where !part.isEmpty {
            guard y < content.maxY else { break }
            canvas.flow(part, in: content, y: &y)
            y += gap
        }
    }

    static func intro(_ lab: ThreadsOverheadLabState) -> [TextRun] {
        let pid = lab.report?.childPid ?? lab.snapshot?.childPid
        let stack = lab.report.map { " \(byteSize($0.stackSizeBytes)) (ulimit -s)" } ?? ""
        return [
            TextRun("Child ", Style(.dim)),
            TextRun(pid.map { "PID \($0)" } ?? "…", Style(.process, bold: true)),
            TextRun(
                ": each step's threads block in read(2), default stack\(stack). Memory: VmSize and VmRSS "
                    + "growth (/proc/PID/status); tasks: before → blocked → after the joins.",
                Style(.dim)),
        ]
    }

    /// One row per step: threads, creation time, per thread, VmSize and VmRSS growth, tasks.
    static func drawTable(_ lab: ThreadsOverheadLabState, in content: Rect, y: inout Int, on canvas: inout Canvas) {
        let columns = [9, 13, 12, 12, 11]
        let header = ["threads", "created in", "per thread", "VmSize +", "VmRSS +", "tasks in child"]
        func row(_ cells: [String], _ styles: [Style]) {
            var x = content.x
            for (i, cell) in cells.enumerated() {
                let width = i < columns.count ? columns[i] : content.maxX - x
                let text =
                    i < columns.count
                    ? String(repeating: " ", count: max(0, width - 2 - CharacterWidth.of(cell))) + cell : "  " + cell
                canvas.put(
                    text, x: x, y: y, style: styles[min(i, styles.count - 1)], limit: min(content.maxX, x + width))
                x += width
            }
            y += 1
        }
        row(header, [Style(.heading, bold: true)])
        let steps = lab.report?.steps ?? []
        let snap = lab.snapshot
        let current = snap.flatMap { $0.phase == .threads && $0.threadsTarget > 0 ? $0.threadsTarget : nil }
        for count in lab.counts {
            if let s = steps.first(where: { $0.threads == count }) {
                let failed = s.error != nil
                row(
                    [
                        grouped(s.threads) + (failed ? "!" : ""), msText(s.createMs),
                        micros(s.microsPerThread),
                        kib(s.vmSizeGrowthKiB), kib(s.rssGrowthKiB),
                        "\(grouped(s.tasksBefore)) → \(grouped(s.tasksWhileBlocked)) → \(grouped(s.tasksAfter))"
                            + (s.allJoined ? " ✓" : " NOT joined"),
                    ],
                    [
                        Style(failed ? .bad : .strong, bold: true), Style(.normal), Style(.normal),
                        Style(.warn, bold: true),
                        Style(.ok, bold: true), Style(s.allJoined ? .normal : .bad),
                    ])
                if let error = s.error, y < content.maxY {
                    canvas.put(
                        "  ! stopped at \(grouped(s.created)): \(error)", x: content.x, y: y, style: Style(.bad),
                        limit: content.maxX)
                    y += 1
                }
            } else if count == current, let snap {
                row(
                    [
                        grouped(count), "starting…", "", "", "",
                        "\(grouped(snap.threadsBlocked)) blocked",
                    ],
                    [Style(.accent, bold: true), Style(.accent), Style(.dim), Style(.dim), Style(.dim), Style(.accent)])
            } else {
                let done = current.map { count < $0 } ?? (snap?.phase != .threads && snap != nil)
                row([grouped(count), done ? "done" : "—"], [Style(.normal), Style(.dim)])
            }
        }
    }

    /// While it runs: where the figures will come from.
    static func pending(_ lab: ThreadsOverheadLabState) -> [TextRun] {
        guard lab.report == nil, lab.isRunning else { return [] }
        let now = lab.snapshot.map { "Tasks in the child now: \(grouped($0.tasksInChild)). " } ?? ""
        return [TextRun(now + "The figures of every step come together, after the last join.", Style(.dim))]
    }

    static func perThread(_ lab: ThreadsOverheadLabState) -> [TextRun] {
        guard let s = lab.report?.steps.last, s.created > 0 else { return [] }
        return [
            TextRun("Per thread, at \(grouped(s.created)): ", Style(.heading, bold: true)),
            TextRun(kib(Int(s.virtualPerThreadKiB.rounded())), Style(.warn, bold: true)),
            TextRun(" of address space reserved (VmSize), "),
            TextRun(kib(Int(s.residentPerThreadKiB.rounded())), Style(.ok, bold: true)),
            TextRun(" resident (VmRSS); joining all took \(msText(s.joinMs))."),
        ]
    }

    static func epollLine(_ lab: ThreadsOverheadLabState) -> [TextRun] {
        if let e = lab.report?.epoll {
            var runs = [
                TextRun("One epoll thread: ", Style(.heading, bold: true)),
                TextRun("\(grouped(e.connections)) connections", Style(.strong, bold: true)),
                TextRun(" (socketpairs, 4 bytes each way) set up in \(msText(e.setupMs)), served in "),
                TextRun(msText(e.exchangeMs), Style(.accent, bold: true)),
                TextRun(" (\(oneDecimal(e.microsPerConnection)) µs each); VmRSS "),
                TextRun(signedKib(e.rssGrowthKiB), Style(.ok, bold: true)),
                TextRun(" (socket buffers: kernel memory, not counted).", Style(.dim)),
            ]
            if e.limitedBy != nil {
                runs.append(
                    TextRun(
                        " Not \(grouped(e.requested)): RLIMIT_NOFILE \(grouped(e.fdSoft)) fds, 2 each.",
                        Style(.warn)))
            }
            if let error = e.error { runs.append(TextRun(" \(error)", Style(.bad))) }
            return runs
        }
        if let snap = lab.snapshot, snap.phase == .connections {
            return [
                TextRun("One epoll thread: ", Style(.heading, bold: true)),
                TextRun("\(grouped(snap.connectionsServed)) of \(grouped(lab.connections)) connections served…"),
            ]
        }
        return []
    }

    static func limitsLine(_ lab: ThreadsOverheadLabState, wide: Bool) -> [TextRun] {
        guard let l = lab.limits else { return [] }
        func n(_ v: Int?) -> String { v.map(grouped) ?? "unlimited" }
        let nproc = "ulimit -u \(n(l.nprocSoft)) per user" + (l.nprocEnforced ? "" : " (root: not enforced)")
        let pids = l.cgroupPidsMax.map { "pids.max \(grouped($0)) (cgroup)" } ?? "pids.max none"
        return [
            TextRun("Limits (tasks): ", Style(.heading, bold: true)),
            TextRun("\(nproc) · threads-max \(n(l.threadsMax)) machine-wide · \(pids)"),
            TextRun(wide ? " · vm.max_map_count \(n(l.maxMapCount)) mappings, 2 per thread" : "", Style(.dim)),
        ]
    }

    static func explanation(_ lab: ThreadsOverheadLabState) -> [TextRun] {
        [
            TextRun("Reserved, not resident: ", Style(.heading, bold: true)),
            TextRun(
                "a thread's whole stack is mapped when it starts (VmSize), but only the pages it touches take "
                    + "RAM (VmRSS). What threads do cost: kernel memory each, the limits above, scheduling."),
        ]
    }
}

/// KiB to "312 KiB", "8.1 MiB", "78.1 GiB".
func kib(_ k: Int) -> String {
    let a = abs(k)
    if a >= 1 << 20 { return "\(oneDecimal(Double(k) / Double(1 << 20))) GiB" }
    if a >= 1024 { return "\(oneDecimal(Double(k) / 1024)) MiB" }
    return "\(grouped(k)) KiB"
}

/// "+1.2 MiB", "-4 KiB".
func signedKib(_ k: Int) -> String { (k >= 0 ? "+" : "") + kib(k) }

/// "27.3 µs", "1,142 µs".
func micros(_ us: Double) -> String {
    us >= 100 ? "\(grouped(Int(us.rounded()))) µs" : "\(oneDecimal(us)) µs"
}
