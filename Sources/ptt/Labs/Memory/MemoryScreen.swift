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

    /// The rows on screen: high addresses first, libraries folded, big gaps marked.
    var rows: [MemoryScreen.Row] {
        guard let report else { return [] }
        return MemoryScreen.rows(
            showChild ? report.child.regions : report.regions, stacks: showChild ? [] : report.threadStacks)
    }
}

/// `ptt demo memory`: the real address spaces, read from /proc.
enum MemoryScreen {
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

    static let help: [HelpOverlay.Section] = [
        HelpOverlay.Section(
            title: "Memory map",
            keys: [
                ("↑ ↓  k j", "move through the regions"),
                ("PgUp PgDn  g G", "page, top, bottom"),
                ("Enter", "details of the region"),
                ("c", "ptt's map / the child's map"),
                ("r", "read the maps again"),
            ]),
        HelpOverlay.Section(title: "Anywhere", keys: [("?", "this help"), ("q  Esc", "back")]),
    ]

    static let hints: [StatusBar.Hint] = [
        .init("↑↓", "move"), .init("⏎", "details"), .init("c", "child"), .init("r", "re-read"),
        .init("?", "help", essential: true), .init("q", "back", essential: true),
    ]

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
            let start = parseHex(r.start)
            let end = parseHex(r.end)
            if r.kind == .sharedLibrary, let last = rows.last, last.kind == .sharedLibrary, last.path == r.path,
                last.end == start
            {
                rows[rows.count - 1].end = end
                rows[rows.count - 1].perms = "…"
                rows[rows.count - 1].rss = (last.rss ?? 0) + (r.rss ?? 0)
                continue
            }
            var label = kindLabel(r.kind)
            if r.kind == .threadStack,
                let s = stacks.first(where: { parseHex($0.start) >= start && parseHex($0.start) < end })
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

    // MARK: - Update

    static func update(_ model: inout AppModel, _ key: Key) -> [Effect] {
        guard var lab = model.memory else { return [] }
        let count = lab.rows.count
        let page = max(1, model.size.height - 12)
        if lab.showDetail {
            lab.showDetail = false
            model.memory = lab
            return []
        }
        switch key {
        case .character("q"), .escape:
            model.memory = nil
            return [.stopMemory] + LabLauncher.close(&model)
        case .up, .character("k"): lab.selected = max(0, lab.selected - 1)
        case .down, .character("j"): lab.selected = min(max(0, count - 1), lab.selected + 1)
        case .pageUp: lab.selected = max(0, lab.selected - page)
        case .pageDown, .character(" "): lab.selected = min(max(0, count - 1), lab.selected + page)
        case .home, .character("g"): lab.selected = 0
        case .end, .character("G"): lab.selected = max(0, count - 1)
        case .enter: lab.showDetail = count > 0
        case .character("c"):
            lab.showChild.toggle()
            lab.selected = 0
            model.notice = lab.showChild ? "the child's map (a forked copy of ptt)" : "ptt's own map"
        case .character("r"):
            model.memory = lab
            return [.refreshMemory]
        default: break
        }
        model.memory = lab
        return []
    }

    // MARK: - View

    static func view(_ model: AppModel, on canvas: inout Canvas) {
        guard let lab = model.memory else { return }
        let area = canvas.bounds
        let (body, statusRow) = area.splitBottom(1)
        let who = lab.showChild ? "the child's address space" : "ptt's own address space"
        TitleBar(left: "Lab: memory — \(who)", right: "ptt demo memory").draw(in: body.splitTop(1).top, on: &canvas)
        let content = body.inset(top: 2, left: 2, right: 2)
        guard let report = lab.report else {
            let text =
                lab.failed.map { "The lab could not run: \($0)" } ?? "Starting threads and a child, reading /proc…"
            canvas.put(
                truncated(text, to: content.width), x: content.x, y: content.y,
                style: Style(lab.failed == nil ? .dim : .bad))
            StatusBar(hints: hints).message(model.notice).draw(in: statusRow, on: &canvas)
            return
        }
        let wide = content.width >= 110
        let factsWidth = wide ? min(72, content.width * 2 / 5) : content.width
        let factsLines = facts(report, lab)
        let needed = factsLines.reduce(0) { $0 + WrappedText($1).height(for: content.width) }
        let factsHeight = wide ? content.height : min(needed, max(3, content.height / 2))
        let mapArea: Rect =
            wide
            ? Rect(x: content.x, y: content.y, width: content.width - factsWidth - 3, height: content.height)
            : Rect(x: content.x, y: content.y, width: content.width, height: content.height - factsHeight - 1)
        drawMap(lab, in: mapArea, on: &canvas)
        let factsArea: Rect =
            wide
            ? Rect(x: content.maxX - factsWidth, y: content.y, width: factsWidth, height: content.height)
            : Rect(x: content.x, y: mapArea.maxY + 1, width: content.width, height: factsHeight)
        var y = factsArea.y
        for line in factsLines { canvas.flow(line, in: factsArea, y: &y) }
        if lab.showDetail, lab.rows.indices.contains(lab.selected) {
            drawDetail(lab.rows[lab.selected], on: &canvas)
        }
        StatusBar(hints: hints).message(model.notice).draw(in: statusRow, on: &canvas)
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
                TextRun("\(bytes(s.size)) reserved each, \(s.rss.map(bytes) ?? "?") resident"),
                TextRun(s.guardPage ? ", a guard page (---p) below each" : "", Style(.dim)),
            ])
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
        let first = max(0, min(lab.selected - visible / 2, rows.count - visible))
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
            x = canvas.put(hex(row.start).padding(19), x: x, y: y, style: base)
            if row.kind == nil {
                canvas.put(
                    "┆ \(bytes(row.size)): \(row.label)", x: x, y: y, style: selected ? base : Style(.dim),
                    limit: list.maxX)
                continue
            }
            let fraction = max(0, (log2(Double(max(row.size, 1))) - 12) / (maxLog - 12))
            let bar = Rect(x: x, y: y, width: barWidth, height: 1)
            ProgressBar(fraction: fraction).style(Style(role(row.kind))).draw(in: bar, on: &canvas)
            x += barWidth + 1
            x = canvas.put(bytes(row.size).padding(9), x: x, y: y, style: selected ? base : Style(.normal))
            x = canvas.put(row.perms.padding(5), x: x, y: y, style: selected ? base : Style(.dim))
            x = canvas.put(
                row.label + " ", x: x, y: y, style: selected ? base.bolded() : Style(role(row.kind), bold: true),
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
                TextRun("from ", Style(.dim)), TextRun(hex(row.start)), TextRun(" to ", Style(.dim)),
                TextRun(hex(row.end)),
            ],
            [
                TextRun("size ", Style(.dim)), TextRun(bytes(row.size)),
                TextRun(row.rss.map { ", \(bytes($0)) resident (RSS)" } ?? "", Style(.dim)),
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
