import Curriculum
import Foundation
import Labs
import TerminalUI

/// State of the memory lab screen: ptt's address space and its child's.
struct MemoryLabState: Equatable {
    var threads = 2
    var report: MemoryReport?
    var failed: String?
    var selected = 0
    var offset = 0
    var showChild = false
    var showDetail = false
    /// How much of a thread stack is resident, asked before the lab starts.
    var predict = PredictionStep(
        lab: "memory", configuration: [:],
        asks: [
            PredictionAsk(
                id: "stack-resident",
                prompt: "A thread's stack reserves 8 MiB of address space (the usual ulimit -s). The thread "
                    + "starts, notes where its stack is and waits. How much of the 8 MiB is resident, in RAM?",
                form: .choices(MemoryLabState.residentChoices))
        ])

    static let residentChoices = [
        "all 8 MiB", "about 8 MiB, minus the guard page", "a few KiB to tens of KiB", "nothing at all",
    ]

    /// The choice a measured resident size falls in; nil when it fits none
    /// (between 1 MiB and half the stack), and the prediction is not checked.
    static func residentChoice(rss: UInt64, size: UInt64) -> String? {
        if rss == 0 { return residentChoices[3] }
        if rss < 1 << 20 { return residentChoices[2] }
        if rss >= size { return residentChoices[0] }
        return rss >= size / 2 ? residentChoices[1] : nil
    }

    static let why =
        "mmap reserves a thread stack's address space, but the kernel backs a page with RAM only when it is "
        + "first touched: a thread that has done little has touched a few pages at the top (glibc also keeps "
        + "the thread's descriptor and TLS there). The rest costs address space, not memory."

    /// The rows on screen: high addresses first, libraries folded, big gaps marked.
    var rows: [MemoryScreen.Row] {
        guard let report else { return [] }
        return MemoryScreen.rows(
            showChild ? report.child.regions : report.regions, stacks: showChild ? [] : report.threadStacks)
    }
}

/// `ptt demo memory`: the real address spaces, read from /proc.
struct MemoryScreen: PredictingScreen {
    var lab = MemoryLabState()
    var run: RunID?

    var name: String { "lab memory" }
    /// Ticks until the first report is in (set-up runs off the UI thread).
    var needsTicks: Bool { run != nil && lab.report == nil && lab.failed == nil }

    var predict: PredictionStep {
        get { lab.predict }
        set { lab.predict = newValue }
    }

    mutating func predicted(_ app: inout AppModel) -> [Effect] { start(&app) }

    /// The map's keys apply once the prediction is made (or skipped).
    private static func mapping(_ s: MemoryScreen, _ app: AppModel) -> Bool { !s.isPredicting }
    var runs: [RunID] { run.map { [$0] } ?? [] }

    struct Row: Equatable {
        var start: UInt64
        var end: UInt64
        var kind: RegionKind?  // nil: a gap
        var label: String
        var perms: String
        var path: String?
        var rss: UInt64?
        var size: UInt64 { end &- start }
    }

    static let keyMap = KeyMap<MemoryScreen>(
        predictionKeys + [
            KeyBinding(
                matching: { _ in true }, label: "any key", hint: "close", help: "close the details",
                section: "Memory map", priority: KeyBinding<MemoryScreen>.essential, when: { s, _ in s.lab.showDetail }
            ) { s, _, _ in
                s.lab.showDetail = false
                return []
            },
            KeyBinding(
                .up, .character("k"), .down, .character("j"), label: "↑↓", hint: "move",
                help: "move through the regions (also k j)", section: "Memory map", priority: 50, when: mapping
            ) { s, _, key in
                let count = s.lab.rows.count
                s.lab.selected =
                    key == .up || key == .character("k")
                    ? max(0, s.lab.selected - 1) : min(max(0, count - 1), s.lab.selected + 1)
                return []
            },
            KeyBinding(
                .pageUp, .pageDown, .character(" "), .home, .character("g"), .end, .character("G"),
                label: "PgUp PgDn g G", help: "page, top, bottom", section: "Memory map", when: mapping
            ) { s, app, key in
                let count = s.lab.rows.count
                let page = max(1, app.size.height - 12)
                switch key {
                case .pageUp: s.lab.selected = max(0, s.lab.selected - page)
                case .pageDown, .character(" "): s.lab.selected = min(max(0, count - 1), s.lab.selected + page)
                case .home, .character("g"): s.lab.selected = 0
                default: s.lab.selected = max(0, count - 1)
                }
                return []
            },
            KeyBinding(
                .enter, label: "⏎", hint: "details", help: "details of the region", section: "Memory map", priority: 40,
                when: mapping
            ) { s, _, _ in
                s.lab.showDetail = !s.lab.rows.isEmpty
                return []
            },
            KeyBinding(
                .character("c"), label: "c", hint: "child",
                hintText: { s, _ in s.lab.showChild ? "ptt's map" : "child" },
                help: "ptt's map / the child's map", section: "Memory map", priority: 70, when: mapping
            ) { s, app, _ in
                s.lab.showChild.toggle()
                s.lab.selected = 0
                app.notice = s.lab.showChild ? "the child's map (a forked copy of ptt)" : "ptt's own map"
                return []
            },
            KeyBinding(
                .character("r"), label: "r", hint: "re-read", help: "read the maps again", section: "Memory map",
                priority: 60, when: mapping
            ) { s, _, _ in s.run.map { [.controlLab($0, LabControl(MemoryRunning.refresh))] } ?? [] },
            .help, .presenter, .pause, .slow, .step, .back(), .quit,
        ])

    /// Starts the lab's threads and child off the UI thread; the first report fills the screen.
    mutating func start(_ app: inout AppModel) -> [Effect] {
        let id = app.newRun("memory")
        run = id
        let config = MemoryConfig(threads: lab.threads)
        return [.startLab(id, LabStart(config) { _ in try MemoryRunning(MemoryLab.start(config)) })]
    }

    mutating func receive(_ message: ScreenMessage, _ app: inout AppModel) -> [Effect] {
        guard case .lab(let id, let output) = message, id == run else { return [] }
        switch output {
        case .progress(let report as MemoryReport):
            let first = lab.report == nil
            lab.report = report
            lab.failed = nil
            // Open on the first thread stack: what the lesson is about.
            if first, let i = lab.rows.firstIndex(where: { $0.kind == .threadStack }) { lab.selected = i }
            if first { app.progress.recordLab("memory", at: app.clock()) }
            if first, let stack = report.threadStacks.first, let rss = stack.rss,
                let measured = MemoryLabState.residentChoice(rss: rss, size: stack.size)
            {
                return lab.predict.check(0, against: .choice(measured), explanation: MemoryLabState.why, &app)
            }
        case .failed(let message):
            lab.failed = message
        default:
            break
        }
        return []
    }

    static func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }

    static func parseHex(_ s: String) -> UInt64 { UInt64(s.dropFirst(2), radix: 16) ?? 0 }

    static func bytes(_ n: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var v = Double(n)
        var i = 0
        while v >= 1024 && i < units.count - 1 {
            v /= 1024
            i += 1
        }
        return i == 0 ? "\(n) B" : (v >= 100 ? "\(Int(v.rounded())) \(units[i])" : "\(oneDecimal(v)) \(units[i])")
    }

    static func kindLabel(_ kind: RegionKind) -> String {
        switch kind {
        case .code: "code"
        case .data: "data"
        case .bss: "bss"
        case .heap: "heap"
        case .stack: "main stack"
        case .threadStack: "thread stack"
        case .guardPage: "guard page"
        case .sharedLibrary: "library"
        case .vdso: "vdso/vvar"
        case .mmap: "mmap"
        case .other: "other"
        }
    }

    static func role(_ kind: RegionKind?) -> ColorRole {
        switch kind {
        case .code?: .ok
        case .data?, .bss?: .note
        case .heap?: .process
        case .stack?, .threadStack?: .thread
        case .guardPage?: .bad
        case .sharedLibrary?: .accent
        case .vdso?, .other?: .dim
        case .mmap?: .normal
        case nil: .dim
        }
    }

    /// Folds each library's mappings into one row, sorts high to low, and marks gaps over 1 GiB.
    static func rows(_ regions: [RegionReport], stacks: [ThreadStackReport]) -> [Row] {
        var rows: [Row] = []
        for r in regions {
            let start = Self.parseHex(r.start)
            let end = Self.parseHex(r.end)
            if r.kind == .sharedLibrary, let last = rows.last, last.kind == .sharedLibrary, last.path == r.path,
                last.end == start
            {
                rows[rows.count - 1].end = end
                rows[rows.count - 1].perms = "…"
                rows[rows.count - 1].rss = (last.rss ?? 0) + (r.rss ?? 0)
                continue
            }
            var label = r.specialName ?? Self.kindLabel(r.kind)
            if r.kind == .threadStack,
                let s = stacks.first(where: { Self.parseHex($0.start) >= start && Self.parseHex($0.start) < end })
            {
                label += " (thread \(s.tid))"
            }
            rows.append(
                Row(start: start, end: end, kind: r.kind, label: label, perms: r.perms, path: r.path, rss: r.rss))
        }
        rows.sort { $0.start > $1.start }
        var out: [Row] = []
        for row in rows {
            if let above = out.last, above.kind != nil, above.start > row.end, above.start - row.end >= 1 << 30 {
                // Above 0x7fff… lies the hole no x86-64 address can name, then the kernel's half.
                let label = above.start >= 0xffff_8000_0000_0000 ? "the kernel's half, and a hole" : "unmapped"
                out.append(Row(start: row.end, end: above.start, kind: nil, label: label, perms: "", path: nil))
            }
            out.append(row)
        }
        return out
    }

    // MARK: - View

    func view(_ app: AppModel, on canvas: inout Canvas) {
        let area = canvas.bounds
        let (body, statusRow) = area.splitBottom(1)
        let who = lab.showChild ? "the child's address space" : "ptt's own address space"
        TitleBar(left: "Lab: memory — \(who)", right: "ptt demo memory").draw(in: body.splitTop(1).top, on: &canvas)
        let content = body.inset(top: 2, left: 2, right: 2)
        if isPredicting {
            var y = content.y
            let column = columnRect(body.inset(top: 2), maxWidth: 90)
            lab.predict.draw(in: column, y: &y, on: &canvas)
            statusBar(app).draw(in: statusRow, on: &canvas)
            return
        }
        guard let report = lab.report else {
            let text =
                lab.failed.map { "The lab could not run: \($0)" } ?? "Starting threads and a child, reading /proc…"
            canvas.put(
                truncated(text, to: content.width), x: content.x, y: content.y,
                style: Style(lab.failed == nil ? .dim : .bad))
            statusBar(app).draw(in: statusRow, on: &canvas)
            return
        }
        let wide = content.width >= 110
        // The map needs about 100 columns; the facts take what is left, 72 to 100 of it.
        let factsWidth = wide ? max(min(72, content.width * 2 / 5), min(100, content.width - 100)) : content.width
        let factsLines = Self.facts(report, lab)
        let needed = factsLines.reduce(0) { $0 + WrappedText($1).height(for: content.width) }
        let factsHeight = wide ? content.height : min(needed, max(3, content.height / 2))
        let mapArea: Rect =
            wide
            ? Rect(x: content.x, y: content.y, width: content.width - factsWidth - 3, height: content.height)
            : Rect(x: content.x, y: content.y, width: content.width, height: content.height - factsHeight - 1)
        Self.drawMap(lab, in: mapArea, on: &canvas)
        let factsArea: Rect =
            wide
            ? Rect(x: content.maxX - factsWidth, y: content.y, width: factsWidth, height: content.height)
            : Rect(x: content.x, y: mapArea.maxY + 1, width: content.width, height: factsHeight)
        var y = factsArea.y
        for line in factsLines { canvas.flow(line, in: factsArea, y: &y) }
        if lab.showDetail, lab.rows.indices.contains(lab.selected) {
            Self.drawDetail(lab.rows[lab.selected], on: &canvas)
        }
        statusBar(app).draw(in: statusRow, on: &canvas)
    }

    static func facts(_ report: MemoryReport, _ lab: MemoryLabState) -> [[TextRun]] {
        let pid = report.pid
        var lines: [[TextRun]] = []
        lines.append([
            TextRun("ptt ", Style(.dim)), TextRun("PID \(pid)", Style(.process, bold: true)),
            TextRun(" · \(report.tasks.count) tasks in /proc/\(pid)/task (one address space): ", Style(.dim)),
            TextRun(report.tasks.map(String.init).joined(separator: " "), Style(.thread)),
        ])
        if lab.showChild {
            lines.append([
                TextRun("The child ", Style(.process, bold: true)),
                TextRun(
                    "is a fork of ptt: the same layout at the same addresses, ptt's thread stacks included — "
                        + "but fork copies only the calling thread, so no thread runs on them here."),
            ])
        } else if let s = report.threadStacks.first {
            lines.append([
                TextRun("Thread stacks: ", Style(.thread, bold: true)),
                TextRun("\(Self.bytes(s.size)) reserved each, \(s.rss.map(bytes) ?? "?") resident"),
                TextRun(s.guardPage ? ", a guard page (---p) below each" : "", Style(.dim)),
            ])
            let result = lab.predict.resultRuns(0)
            if !result.isEmpty { lines.append([TextRun("Prediction: ", Style(.heading, bold: true))] + result) }
        }
        let cow = report.copyOnWrite
        lines.append([
            TextRun("Copy-on-write: ", Style(.heading, bold: true)),
            TextRun("at \(cow.address) ptt reads "), TextRun("\(cow.parentValue)", Style(.ok, bold: true)),
            TextRun(", the child (PID \(report.child.pid)) wrote and reads "),
            TextRun("\(cow.childValue)", Style(.warn, bold: true)), TextRun(": same address, separate pages."),
        ])
        let heap = report.sharedHeap
        if heap.writtenByThread != 0 {
            lines.append([
                TextRun("Shared heap: ", Style(.heading, bold: true)),
                TextRun(
                    "a thread wrote 0x\(String(heap.writtenByThread, radix: 16)) at \(heap.address); the main thread reads 0x\(String(heap.readByMain, radix: 16)): one heap."
                ),
            ])
        }
        lines.append([
            TextRun("By hand: ", Style(.dim)),
            TextRun(
                "cat /proc/\(pid)/maps · ls /proc/\(pid)/task · cat /proc/\(report.child.pid)/maps", Style(.code),
                keepTogether: true),
        ])
        return lines
    }

    static func drawMap(_ lab: MemoryLabState, in area: Rect, on canvas: inout Canvas) {
        guard area.height > 2 else { return }
        let rows = lab.rows
        canvas.put(
            "start (high → low)  size (log scale)             perms what", x: area.x, y: area.y, style: Style(.dim))
        let list = area.inset(top: 1)
        let visible = max(1, list.height)
        let first = ScrollWindow(count: rows.count, rows: visible).visible(selected: lab.selected, centered: true)
            .lowerBound
        let barWidth = 12
        let maxLog = 47.0  // 128 TiB
        for (i, row) in rows.enumerated().dropFirst(first).prefix(visible) {
            let y = list.y + i - first
            let selected = i == lab.selected
            if selected {
                canvas.fill(
                    Rect(x: list.x, y: y, width: list.width, height: 1), with: Cell(" ", style: Style(.selection)))
            }
            var x = list.x
            let base = selected ? Style(.selection) : Style(.dim)
            x = canvas.put(Self.hex(row.start).padding(19), x: x, y: y, style: base)
            if row.kind == nil {
                canvas.put(
                    "┆ \(Self.bytes(row.size)): \(row.label)", x: x, y: y, style: selected ? base : Style(.dim),
                    limit: list.maxX)
                continue
            }
            let fraction = max(0, (log2(Double(max(row.size, 1))) - 12) / (maxLog - 12))
            let bar = Rect(x: x, y: y, width: barWidth, height: 1)
            ProgressBar(fraction: fraction).style(Style(Self.role(row.kind))).draw(in: bar, on: &canvas)
            x += barWidth + 1
            x = canvas.put(Self.bytes(row.size).padding(9), x: x, y: y, style: selected ? base : Style(.normal))
            x = canvas.put(row.perms.padding(5), x: x, y: y, style: selected ? base : Style(.dim))
            x = canvas.put(
                row.label + " ", x: x, y: y, style: selected ? base.bolded() : Style(Self.role(row.kind), bold: true),
                limit: list.maxX)
            if let path = row.path {
                let name = path.hasPrefix("[") ? path : String(path.split(separator: "/").last ?? "")
                canvas.put(truncated(name, to: max(0, list.maxX - x)), x: x, y: y, style: selected ? base : Style(.dim))
            }
        }
    }

    static func drawDetail(_ row: Row, on canvas: inout Canvas) {
        dimBehindOverlay(&canvas)
        let box = canvas.bounds.centered(Size(width: min(canvas.width - 4, 70), height: 9))
        Box(title: row.label).style(Style(.accent)).draw(in: box, on: &canvas)
        let inner = box.inset(top: 1, left: 2, bottom: 1, right: 2)
        var y = inner.y
        let region = MemoryRegion(start: row.start, end: row.end, perms: row.perms.count == 4 ? row.perms : "----")
        let lines: [[TextRun]] = [
            [
                TextRun("from ", Style(.dim)), TextRun(Self.hex(row.start)), TextRun(" to ", Style(.dim)),
                TextRun(Self.hex(row.end)),
            ],
            [
                TextRun("size ", Style(.dim)), TextRun(Self.bytes(row.size)),
                TextRun(row.rss.map { ", \(Self.bytes($0)) resident (RSS)" } ?? "", Style(.dim)),
            ],
            [
                TextRun("perms ", Style(.dim)),
                TextRun(row.perms == "…" ? "several mappings (code, data, …)" : region.permissionsInWords),
            ],
            [TextRun("path ", Style(.dim)), TextRun(row.path ?? "anonymous memory (no file)")],
        ]
        for line in lines { canvas.flow(line, in: inner, y: &y) }
        canvas.put("any key closes", x: inner.x, y: inner.maxY - 1, style: Style(.dim))
    }
}

extension String {
    /// Pads with spaces to `width` cells (never cuts).
    func padding(_ width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - CharacterWidth.of(self)))
    }
}
