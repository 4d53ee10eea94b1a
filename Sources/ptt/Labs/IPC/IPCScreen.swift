import Curriculum
import Labs
import TerminalUI

/// A change to the running ipc lab, carried out by the loop (`Effect.controlLab`).
enum IPCControl: Equatable, Sendable {
    /// SIGSTOP the producer.
    case pause
    /// SIGCONT it.
    case resume
    /// The producer's pause before each item, in nanoseconds (0: full speed).
    case delay(UInt64)
    /// SIGKILL one side.
    case kill(IPCSide)
}

/// State of the ipc lab screen.
struct IPCLabState: Equatable {
    enum Phase: Equatable {
        /// Not started: the prediction is asked first.
        case ready
        /// Asked the loop to start the children; no snapshot yet.
        case starting
        case running
        /// Both children reaped (`report` says how it went).
        case finished
        /// Stopped from the keyboard: both children killed and reaped.
        case stopped
        case failed(String)
    }

    var transport = IPCTransport.pipe
    /// Items per live run: a run normally ends at its time limit first.
    var items = 100_000_000
    var itemSize = 64
    /// A live run's time limit.
    var seconds = 5.0
    var phase = Phase.ready
    /// Which transport is fastest at this item size.
    var predict = IPCLabState.step(size: 64)
    var snapshot: IPCSnapshot?
    var report: IPCReport?
    /// Recent samples, for items per second on each side.
    var rates = RateWindow()
    /// Index into `producerSpeeds`.
    var speed = 0
    var paused = false
    /// The side the learner killed in this run, if any.
    var killed: IPCSide?
    /// Paused, slowed or killed during this run: its rate is not the channel's.
    var disturbed = false
    /// The most items seen in flight (a socket's capacity is not a count).
    var maxInFlight = 0
    /// The last completed run of each transport, to compare them.
    var results: [IPCTransport: IPCReport] = [:]

    var isRunning: Bool { phase == .starting || phase == .running }

    var config: IPCConfig { IPCConfig(transport: transport, items: items, itemSize: itemSize, maxSeconds: seconds) }

    /// The question for one item size: it compares the transports, so the
    /// transport is not part of its settings; the size is.
    static func step(size: Int) -> PredictionStep {
        PredictionStep(
            lab: "ipc", configuration: ["size": String(size)],
            asks: [
                PredictionAsk(
                    id: "fastest",
                    prompt: "Which transport moves the most \(itemWords(size)) items per second?",
                    form: .choices(IPCTransport.allCases.map(\.rawValue)),
                    note: "Checked once pipe, socket and shm have each run to the end undisturbed with "
                        + "\(itemWords(size)) items: t runs the next transport.")
            ])
    }

    /// The undisturbed, completed runs at the current item size.
    var resultsAtSize: [IPCTransport: IPCReport] { results.filter { $0.value.size == itemSize } }

    /// Why the fastest is fastest (the answer of a missed prediction's card).
    static let why =
        "small items cost per item, not per byte: a pipe or a socket pair costs a write() and a read() system "
        + "call per item, each copying through the kernel; shared memory hands items over in pages both "
        + "processes map, with atomics and no system call per item. But a side that finds the ring empty "
        + "(or full) spins, then yields the CPU, then sleeps: on a busy machine, or with both sides on one "
        + "CPU, that waiting can cost more than the system calls it saves."

    /// The producer's pace: full speed, then slower and slower.
    static let producerSpeeds: [(label: String, delayNanos: UInt64)] = [
        ("full speed", 0), ("10,000 items/s", 100_000), ("1,000 items/s", 1_000_000), ("100 items/s", 10_000_000),
    ]
    static let sizes = [64, 4096, 65536]
}

/// Items per second on each side over the last half second of samples.
struct RateWindow: Equatable {
    struct Sample: Equatable {
        var time: UInt64
        var produced: Int
        var consumed: Int
    }

    var samples: [Sample] = []
    static let span: UInt64 = 500_000_000

    mutating func add(_ s: IPCSnapshot) {
        samples.append(Sample(time: s.time, produced: s.producer.count, consumed: s.consumer.count))
        while samples.count > 2, let first = samples.first, s.time - first.time > Self.span { samples.removeFirst() }
    }

    /// (producer, consumer) items per second; nil before two samples.
    var perSecond: (producer: Double, consumer: Double)? {
        guard let a = samples.first, let b = samples.last, b.time > a.time else { return nil }
        let dt = Double(b.time - a.time) / 1e9
        return (Double(b.produced - a.produced) / dt, Double(b.consumed - a.consumed) / dt)
    }
}

/// `ptt demo ipc`: a producer and a consumer process, the channel between
/// them, and what each does when the other stops or dies.
struct IPCScreen: PredictingScreen {
    var lab = IPCLabState()
    var run: RunID?

    var name: String { "lab ipc" }
    var needsTicks: Bool { lab.isRunning }
    var runs: [RunID] { run.map { [$0] } ?? [] }

    private var live: Bool { lab.phase == .running }

    var predict: PredictionStep {
        get { lab.predict }
        set { lab.predict = newValue }
    }

    mutating func predicted(_ app: inout AppModel) -> [Effect] { start(&app) }

    static let keyMap = KeyMap<IPCScreen>(
        predictionKeys + [
            KeyBinding(
                .character("p"), label: "p", hint: "pause", hintText: { s, _ in s.lab.paused ? "resume" : "pause" },
                help: "pause / resume the producer (SIGSTOP / SIGCONT)", section: "Two processes, one channel",
                priority: 80, when: { s, _ in s.live && s.lab.killed != .producer }
            ) { s, app, _ in
                s.lab.paused.toggle()
                s.lab.disturbed = true
                app.notice = s.lab.paused ? "producer stopped (SIGSTOP)" : "producer continues (SIGCONT)"
                return s.control(s.lab.paused ? .pause : .resume)
            },
            KeyBinding(
                .character("s"), label: "s", hint: "slow", help: "slow the producer: 10,000, 1,000, 100 items/s",
                section: "Two processes, one channel", priority: 70, when: { s, _ in s.live }
            ) { s, app, _ in
                s.lab.speed = (s.lab.speed + 1) % IPCLabState.producerSpeeds.count
                s.lab.disturbed = true
                let pace = IPCLabState.producerSpeeds[s.lab.speed]
                app.notice = "producer: \(pace.label)"
                return s.control(.delay(pace.delayNanos))
            },
            KeyBinding(
                .character("k"), .character("K"), label: "k/K", hint: "kill prod/cons",
                help: "kill the producer (k) or the consumer (K) with SIGKILL", section: "Two processes, one channel",
                priority: 75, when: { s, _ in s.live && s.lab.killed == nil }
            ) { s, app, key in
                let side: IPCSide = key == .character("k") ? .producer : .consumer
                s.lab.killed = side
                s.lab.disturbed = true
                if side == .producer { s.lab.paused = false }
                app.notice = "sent SIGKILL to the \(side.rawValue)"
                return s.control(.kill(side))
            },
            KeyBinding(
                .character("c"), .escape, label: "c", hint: "stop", help: "stop the run (kill both)",
                section: "Two processes, one channel", priority: 50, when: { s, _ in s.lab.isRunning }
            ) { s, app, _ in
                s.lab.phase = .stopped
                app.notice = "stopped: both children killed and reaped"
                return s.stopRun()
            },
            KeyBinding(
                .character("t"), label: "t", hint: "next transport",
                hintText: { s, _ in s.lab.transport.next.rawValue },
                help: "next transport: pipe → socket → shm, and run", section: "Two processes, one channel",
                priority: 60,
                when: { s, _ in !s.isPredicting }
            ) { s, app, _ in
                s.lab.transport = s.lab.transport.next
                return s.stopRun() + s.start(&app)
            },
            KeyBinding(
                .character("z"), label: "z", hint: "size", help: "item size: 64 B → 4 KiB → 64 KiB, and run",
                section: "Two processes, one channel", priority: 55, when: { s, _ in !s.isPredicting }
            ) { s, app, _ in
                let sizes = IPCLabState.sizes
                s.lab.itemSize = sizes[((sizes.firstIndex(of: s.lab.itemSize) ?? -1) + 1) % sizes.count]
                let stop = s.stopRun()
                guard s.lab.predict.matches(lab: "ipc", configuration: ["size": String(s.lab.itemSize)]) else {
                    // Another size is another question: ask it before the next run.
                    s.lab.predict = IPCLabState.step(size: s.lab.itemSize)
                    s.lab.phase = .ready
                    s.lab.snapshot = nil
                    s.lab.report = nil
                    return stop
                }
                return stop + s.start(&app)
            },
            KeyBinding(
                .character("r"), .enter, label: "r", hint: "run", help: "run again",
                section: "Two processes, one channel",
                priority: 65, when: { s, _ in !s.isPredicting }
            ) { s, app, _ in s.stopRun() + s.start(&app) },
            .help, .presenter, .pause, .slow, .step, .back(), .quit,
        ])

    /// Starts a run with the state's settings.
    mutating func start(_ app: inout AppModel) -> [Effect] {
        lab.phase = .starting
        lab.snapshot = nil
        lab.report = nil
        lab.rates = RateWindow()
        lab.speed = 0
        lab.paused = false
        lab.killed = nil
        lab.disturbed = false
        lab.maxInFlight = 0
        let id = app.newRun("ipc")
        run = id
        let config = lab.config
        return [
            .startLab(
                id, LabStart(config) { executable in try IPCRunning(IPCRun.start(config, executable: executable)) })
        ]
    }

    private mutating func stopRun() -> [Effect] {
        defer { run = nil }
        return run.map { [.stopLab($0)] } ?? []
    }

    private func control(_ control: IPCControl) -> [Effect] {
        run.map { [.controlLab($0, LabControl(control))] } ?? []
    }

    /// Messages from the running lab.
    mutating func receive(_ message: ScreenMessage, _ app: inout AppModel) -> [Effect] {
        guard case .lab(let id, let output) = message, id == run else { return [] }
        switch output {
        case .progress(let snap as IPCSnapshot) where lab.isRunning:
            lab.phase = .running
            lab.snapshot = snap
            lab.rates.add(snap)
            lab.maxInFlight = max(lab.maxInFlight, snap.inFlight)
        case .finished(let report as IPCReport) where lab.isRunning:
            lab.phase = .finished
            lab.report = report
            lab.paused = false
            if report.completed && !lab.disturbed { lab.results[report.transport] = report }
            app.progress.recordLab("ipc", at: app.clock())
            let runs = lab.resultsAtSize
            if runs.count == IPCTransport.allCases.count,
                let fastest = runs.max(by: { $0.value.itemsPerSecond < $1.value.itemsPerSecond })
            {
                return lab.predict.check(0, against: .choice(fastest.key.rawValue), explanation: IPCLabState.why, &app)
            }
        case .failed(let message):
            lab.phase = .failed(message)
        default:
            break
        }
        return []
    }

    // MARK: - View

    func view(_ app: AppModel, on canvas: inout Canvas) {
        let (body, statusRow) = canvas.bounds.splitBottom(1)
        TitleBar(left: "Lab: ipc — a producer and a consumer, two processes", right: "ptt demo ipc").draw(
            in: body.splitTop(1).top, on: &canvas)
        // Wide: the two processes, the channel and the figures on the left;
        // the explanation and the shell commands on the right.
        let columns = labColumns(body.inset(top: 2))
        var content = columns?.left ?? columnRect(body.inset(top: 2), maxWidth: 90)
        var y = content.y
        defer { statusBar(app).draw(in: statusRow, on: &canvas) }
        if lab.phase == .ready {
            lab.predict.draw(in: content, y: &y, on: &canvas)
            return
        }
        if case .failed(let message) = lab.phase {
            canvas.flow(
                [TextRun("The lab could not run: ", Style(.bad, bold: true)), TextRun(message)], in: content, y: &y)
            return
        }
        let snap = lab.snapshot
        let parent = snap.map { "ptt (PID \($0.parentPid))" } ?? "ptt"
        canvas.flow(
            [
                TextRun(parent, Style(.process, bold: true)),
                TextRun(" started both children and reaps them. Channel: ", Style(.dim)),
                TextRun(lab.transport.title, Style(.accent, bold: true)),
                TextRun(", \(byteSize(lab.itemSize)) items.", Style(.dim)),
            ], in: content, y: &y)
        y += 1
        let boxes = Rect(x: content.x, y: y, width: content.width, height: 6)
        Self.drawChannel(lab, in: boxes, on: &canvas)
        y += boxes.height + 1
        canvas.flow(Self.totals(lab), in: content, y: &y)
        let result = lab.predict.resultRuns(0, pending: Self.pending(lab))
        if !result.isEmpty {
            canvas.flow([TextRun("Prediction: ", Style(.heading, bold: true))] + result, in: content, y: &y)
        }
        if let columns {
            content = columns.right
            y = content.y
        } else {
            y += 1
        }
        if let why = Self.explanation(lab) {
            canvas.flow([TextRun(why.title, Style(.heading, bold: true)), TextRun(why.text)], in: content, y: &y)
            y += 1
        }
        if let snap, content.maxY - y >= 3 {
            let alive = lab.isRunning
            canvas.shellBlock(
                [
                    TextRun("See it from a shell", Style(.heading, bold: true)),
                    TextRun(
                        alive ? " (fd 3 is the channel, the same one in both):" : " (next run; these PIDs are gone):",
                        Style(.dim)),
                ],
                [
                    ("ps -o pid,ppid,stat,cmd --ppid \(snap.parentPid)", nil),
                    ("ls -l /proc/\(snap.producer.pid)/fd /proc/\(snap.consumer.pid)/fd", nil),
                ], in: content, y: &y)
            y += 1
        }
        if !lab.results.isEmpty && y < content.maxY {
            let parts = IPCTransport.allCases.compactMap { t in
                lab.results[t].map {
                    "\(t.rawValue) \(rate($0.itemsPerSecond)) items/s with \(byteSize($0.size)) items"
                }
            }
            canvas.flow(
                [TextRun("So far (each transport's last full run): " + parts.joined(separator: " · "), Style(.dim))],
                in: content, y: &y)
        }
    }

    func presenterTitle(_ app: AppModel) -> String { "Lab: ipc — \(lab.transport.rawValue) between two processes" }

    /// Items consumed per second (the final rate once finished) and items in flight.
    func presenterFigures(_ app: AppModel) -> [PresenterFigure] {
        guard let snap = lab.snapshot else { return [] }
        let perSecond = lab.report.map(\.itemsPerSecond) ?? lab.rates.perSecond?.consumer
        let (value, scale) = perSecond.map { Self.split(rate($0)) } ?? ("-", "")
        return [
            PresenterFigure("consumed", value, unit: scale + "items/s", role: .accent),
            PresenterFigure("in flight", grouped(snap.inFlight), unit: "items", role: .strong),
            PresenterFigure("received", grouped(snap.consumer.count), unit: "items", role: .strong),
        ]
    }

    /// "1.23 M" -> ("1.23", "M "): the number for big digits, its scale for the unit.
    static func split(_ rate: String) -> (String, String) {
        guard let space = rate.lastIndex(of: " ") else { return (rate, "") }
        return (String(rate[..<space]), String(rate[rate.index(after: space)...]) + " ")
    }

    /// Why the prediction is not checked yet: the transports still to run.
    static func pending(_ lab: IPCLabState) -> String {
        let missing = IPCTransport.allCases.filter { lab.resultsAtSize[$0] == nil }.map(\.rawValue)
        return "checked once all three have run undisturbed with \(itemWords(lab.itemSize)) items; still to run: "
            + missing.joined(separator: ", ")
    }

    /// The two boxes and the channel between them.
    static func drawChannel(_ lab: IPCLabState, in area: Rect, on canvas: inout Canvas) {
        let snap = lab.snapshot
        // From 90 columns the channel keeps 32 of them: "1,024 of 1,024 items in flight" on one line.
        let boxWidth = max(14, min(36, (area.width - (area.width >= 90 ? 34 : 24)) / 2))
        let left = Rect(x: area.x, y: area.y, width: boxWidth, height: area.height)
        let right = Rect(x: area.maxX - boxWidth, y: area.y, width: boxWidth, height: area.height)
        let rates = lab.rates.perSecond
        let finalRate = lab.report.map(\.itemsPerSecond)
        for (side, box) in [(IPCSide.producer, left), (.consumer, right)] {
            let info = side == .producer ? snap?.producer : snap?.consumer
            let dead = info?.exit != nil
            Box(title: side.rawValue).style(Style(dead ? .dim : .process)).draw(in: box, on: &canvas)
            let inner = box.inset(top: 1, left: 2, bottom: 1, right: 1)
            // Below 20 columns the labels go, the numbers stay.
            let compact = inner.width < 20
            var lines: [[TextRun]] = []
            lines.append([
                TextRun("PID ", Style(.dim)), TextRun(info.map { String($0.pid) } ?? "…", Style(.strong, bold: true)),
            ])
            lines.append(Self.stateLine(info, paused: side == .producer && lab.paused, compact: compact))
            let perSecond: Double? = finalRate ?? rates.map { side == .producer ? $0.producer : $0.consumer }
            lines.append([
                TextRun(perSecond.map(rate) ?? "—", Style(.accent, bold: true)),
                TextRun(compact ? "/s" : " items/s", Style(.dim)),
            ])
            lines.append([
                TextRun(grouped(info?.count ?? 0), Style(.strong)),
                TextRun(compact ? "" : side == .producer ? " sent" : " received", Style(.dim)),
            ])
            for (i, runs) in lines.enumerated() where i < inner.height {
                canvas.put(runs, x: inner.x, y: inner.y + i, limit: inner.maxX)
            }
        }
        // The channel: arrows, a fill bar, the count in flight.
        let middle = Rect(x: left.maxX + 1, y: area.y + 1, width: max(0, right.x - left.maxX - 2), height: 4)
        guard middle.width >= 6 else { return }
        let label = lab.transport.rawValue
        canvas.put(
            label, x: middle.x + (middle.width - label.count) / 2, y: middle.y, style: Style(.accent, bold: true))
        // Once the consumer is gone, what the channel held went with it.
        let inFlight = snap.map { $0.consumer.exit == nil ? $0.inFlight : 0 } ?? 0
        let capacity = snap?.capacity
        let barWidth = max(2, middle.width - 4)
        let fraction = Double(inFlight) / Double(max(1, capacity ?? lab.maxInFlight))
        canvas.put("▶", x: middle.x, y: middle.y + 1, style: Style(.accent))
        ProgressBar(fraction: fraction).style(Style(.accent)).draw(
            in: Rect(x: middle.x + 2, y: middle.y + 1, width: barWidth - 1, height: 1), on: &canvas)
        canvas.put("▶", x: middle.maxX - 1, y: middle.y + 1, style: Style(.accent))
        // Never above what the channel holds (the snapshot reads both counts back to back).
        let shown = capacity.map { min(inFlight, $0) } ?? inFlight
        let oneLine =
            capacity.map { "\(grouped(shown)) of \(grouped($0)) items in flight" }
            ?? "\(grouped(shown)) items in flight"
        let fits = CharacterWidth.of(oneLine) <= middle.width
        // Too narrow for one line: the count, then what it counts below it.
        let count = fits ? oneLine : capacity.map { "\(grouped(shown)) of \(grouped($0))" } ?? oneLine
        canvas.put(
            count, x: middle.x + max(0, (middle.width - CharacterWidth.of(count)) / 2), y: middle.y + 2,
            style: Style(.normal), limit: middle.maxX)
        let note = capacity == nil ? "(socket buffers)" : fits ? "" : "items in flight"
        if !note.isEmpty {
            canvas.put(
                note, x: middle.x + max(0, (middle.width - note.count) / 2), y: middle.y + 3, style: Style(.dim),
                limit: middle.maxX)
        }
    }

    /// "state S · pipe_read", "stopped (T)", "exit 0", "SIGPIPE".
    static func stateLine(_ info: IPCSideSnapshot?, paused: Bool, compact: Bool = false) -> [TextRun] {
        guard let info else { return [TextRun("starting…", Style(.dim))] }
        if let exit = info.exit {
            let clean = exit.exitCode == 0
            return [
                TextRun(clean ? "done, " : "ended: ", Style(.dim)),
                TextRun(exit.brief, Style(clean ? .ok : .bad, bold: true)),
            ]
        }
        let state = info.processState ?? "?"
        var runs = [TextRun("state ", Style(.dim)), TextRun(state, Style(state == "T" ? .warn : .strong, bold: true))]
        if state == "T" || paused {
            runs.append(TextRun(" stopped", Style(.warn)))
        } else if let channel = info.waitChannel, state != "R", !compact {
            runs.append(TextRun(" " + channel, Style(.dim)))
        } else if state == "R" {
            runs.append(TextRun(" running", Style(.dim)))
        }
        return runs
    }

    static func totals(_ lab: IPCLabState) -> [TextRun] {
        if let r = lab.report {
            return [
                TextRun(r.completed ? "Done: " : "Ended: ", Style(.heading, bold: true)),
                TextRun("\(grouped(r.consumed)) items in \(twoDecimals(r.seconds)) s = ", Style(.normal)),
                TextRun("\(rate(r.itemsPerSecond)) items/s, \(byteRate(r.bytesPerSecond))", Style(.accent, bold: true)),
                TextRun(" · lost ", Style(.dim)), TextRun(grouped(r.lost), Style(r.lost == 0 ? .ok : .bad, bold: true)),
                TextRun(r.outOfOrder > 0 ? " · out of order \(grouped(r.outOfOrder))" : "", Style(.bad)),
                TextRun(lab.disturbed ? " (paused, slowed or killed: not the channel's speed)" : "", Style(.dim)),
            ]
        }
        guard let s = lab.snapshot else { return [TextRun("starting the children…", Style(.dim))] }
        return [
            TextRun("elapsed ", Style(.dim)), TextRun("\(oneDecimal(s.elapsed)) s", Style(.strong)),
            TextRun(" of at most \(oneDecimal(lab.seconds)) s · out of sequence ", Style(.dim)),
            TextRun(grouped(s.outOfOrder), Style(s.outOfOrder == 0 ? .ok : .bad, bold: true)),
            TextRun(
                lab.paused
                    ? " · producer paused"
                    : " · producer at \(IPCLabState.producerSpeeds[lab.speed].label)", Style(lab.paused ? .warn : .dim),
                keepTogether: true),
        ]
    }

    /// One line on what the learner is looking at: the reaction to a kill, a pause.
    static func explanation(_ lab: IPCLabState) -> (title: String, text: String)? {
        guard let snap = lab.snapshot else { return nil }
        let shm = lab.transport == .shm
        if let killed = lab.killed {
            let other = killed == .producer ? snap.consumer : snap.producer
            return ("Reaction: ", Self.reaction(killed: killed, transport: lab.transport, other: other))
        }
        if lab.paused {
            return (
                "Paused: ",
                "the producer is stopped (state T). The consumer empties the channel, then waits: "
                    + (shm
                        ? "it polls the empty ring, sleeping between looks (state S)."
                        : "blocked in read() (state S) until data or end-of-file comes.")
            )
        }
        if lab.phase == .running && !lab.disturbed {
            return (
                "Try: ",
                "p stops the producer and the consumer waits on an empty channel; s slows it; k or K kills a side "
                    + "and the other has to find out; t runs the next transport, to compare."
            )
        }
        if lab.phase == .finished, let r = lab.report, r.completed {
            return (
                "Why: ",
                shm
                    ? "the items never went through the kernel: both processes map the same pages and hand slots over with atomics."
                    : "every item is one write() into the kernel and one read() out of it: the processes share nothing else."
            )
        }
        return nil
    }

    /// How the surviving side found out the other was killed.
    static func reaction(killed: IPCSide, transport: IPCTransport, other: IPCSideSnapshot) -> String {
        let channel = transport == .pipe ? "pipe" : "socket"
        switch (killed, other.phase) {
        case (_, .finished):
            return "the \(killed.other.rawValue) had already finished."
        case (.producer, .endOfFile):
            return "the consumer read what was left, then read() returned 0 (end of file): the kernel closed the "
                + "producer's end when it died, and no sentinel came."
        case (.consumer, _) where other.exit?.signalName == "SIGPIPE":
            return "the producer's next write() raised SIGPIPE, which killed it: nobody reads that \(channel) any more."
        case (.consumer, .brokenPipe):
            return "the producer's write() failed with EPIPE: nobody reads that \(channel) any more."
        case (.consumer, .connectionReset):
            return "the producer's write() failed with ECONNRESET: the consumer's socket closed with items "
                + "still unread in it."
        case (.producer, .peerGone):
            return "shared memory has no end-of-file: the consumer waited on the empty ring, looked after a second, "
                + "found the producer gone and gave up."
        case (.consumer, .peerGone):
            return "the ring filled up and stayed full; after a second the producer looked, found the consumer gone "
                + "and gave up."
        default:
            if other.exit != nil { return "the \(killed.other.rawValue) ended: \(other.exit!)." }
            return transport == .shm
                ? "the \(killed.other.rawValue) is still waiting: shared memory has no end-of-file, so it only finds "
                    + "out when it looks (once a second)."
                : "the \(killed.other.rawValue) has not noticed yet."
        }
    }
}

/// 64 -> "64-byte", 4096 -> "4 KiB": an item size before "items".
func itemWords(_ n: Int) -> String { n < 1024 ? "\(n)-byte" : byteSize(n) }

/// 64 -> "64 B", 4096 -> "4 KiB", 65536 -> "64 KiB".
func byteSize(_ n: Int) -> String {
    if n >= 1 << 20 && n % (1 << 20) == 0 { return "\(n >> 20) MiB" }
    if n >= 1024 && n % 1024 == 0 { return "\(n >> 10) KiB" }
    return "\(n) B"
}

/// 1_234_567 -> "1.23 M"; 12_345 -> "12.3 k"; 812 -> "812".
func rate(_ x: Double) -> String {
    guard x.isFinite else { return "—" }
    if x >= 1e9 { return twoDecimals(x / 1e9) + " G" }
    if x >= 1e6 { return twoDecimals(x / 1e6) + " M" }
    if x >= 1e4 { return oneDecimal(x / 1e3) + " k" }
    return String(Int(x.rounded()))
}

/// Bytes per second in MB/s or GB/s (decimal, as `dd` prints them).
func byteRate(_ x: Double) -> String {
    x >= 1e9 ? twoDecimals(x / 1e9) + " GB/s" : oneDecimal(x / 1e6) + " MB/s"
}
