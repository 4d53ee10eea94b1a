import Curriculum
import TerminalUI

struct ReaderState: Sendable {
    var index: Int
    var offset = 0
    /// The live part (index into layout.liveParts) that Enter starts.
    var focus: Int?
    var layout: LessonLayout
    /// What is at the top of the screen, kept across resizes (nil: read it
    /// from `offset`; any scroll clears it).
    var anchor: ReadingAnchor?
}

/// A place in a lesson that does not depend on the width: the block at the
/// top of the screen and how far into it, or the end.
struct ReadingAnchor: Sendable, Equatable {
    var block: Int
    /// The fraction of the block's rows above the top of the screen.
    var fraction: Double
    /// Blank rows between the top of the screen and the block (the gap above it).
    var gap = 0
    var atEnd: Bool

    init(block: Int, fraction: Double, gap: Int = 0, atEnd: Bool) {
        self.block = block
        self.fraction = fraction
        self.gap = gap
        self.atEnd = atEnd
    }

    /// The anchor for the first row `offset` shows in `layout`.
    init(offset: Int, in layout: LessonLayout, maxOffset: Int) {
        let placements = layout.canvas.placements
        let i = placements.firstIndex { $0.y + $0.height > offset } ?? max(0, placements.count - 1)
        let p = placements.indices.contains(i) ? placements[i] : nil
        let into = p.map { $0.height > 0 ? Double(max(0, offset - $0.y)) / Double($0.height) : 0 } ?? 0
        self.init(
            block: i, fraction: into, gap: p.map { max(0, $0.y - offset) } ?? 0,
            atEnd: offset >= maxOffset && offset > 0)
    }

    /// The offset that shows the same place in `layout`.
    func offset(in layout: LessonLayout) -> Int {
        if atEnd { return layout.height }
        let placements = layout.canvas.placements
        guard placements.indices.contains(block) else { return 0 }
        let p = placements[block]
        return p.y - gap + Int((fraction * Double(p.height)).rounded(.down))
    }
}

/// The lesson reader: title, the lesson laid out and scrolled, key hints.
struct LessonScreen: Screen {
    var reader: ReaderState
    /// The viewport's rows when the offset was last set (to tell "at the end" after a resize).
    var lastPage: Int?
    /// The search being typed after `/` (nil: not typing).
    var typing: String?
    /// The last search and its matches, highlighted.
    var search: LessonSearch?

    /// The widest the document gets (tables and code use it); prose keeps `measure`.
    static let maxTextWidth = 180
    /// Prose's readable measure, centred in the document.
    static let measure = 100

    var name: String { "lesson" }
    var takesText: Bool { typing != nil }

    func status(_ app: AppModel) -> String? {
        let maxOffset = ScrollView.maxOffset(
            contentHeight: reader.layout.height, height: Self.viewport(app.size).height)
        // The match count is in the title bar.
        return "\(maxOffset == 0 ? 100 : reader.offset * 100 / maxOffset)%"
    }

    static let keyMap = KeyMap<LessonScreen>([
        KeyBinding(
            matching: { _ in true }, label: "type", helpLabel: "typing after /",
            help: "the search: Enter finds it, Esc cancels",
            section: "Search", when: { s, _ in s.typing != nil }
        ) { s, app, key in
            var text = s.typing ?? ""
            if edit(&text, with: key) {
                s.typing = text
            } else if key == .enter {
                s.typing = nil
                s.find(text, &app)
            } else if key == .escape {
                s.typing = nil
            }
            return []
        },
        KeyBinding(
            .up, .character("k"), .down, .character("j"), label: "↑↓", hint: "scroll",
            help: "scroll one line (also k j)", section: "Reading", priority: 50
        ) { s, app, key in
            s.reader.offset += key == .up || key == .character("k") ? -1 : 1
            s.clampAndMarkRead(&app)
            return []
        },
        KeyBinding(
            .pageDown, .character(" "), .control("f"), .control("d"), .pageUp, .character("b"), .control("b"),
            .control("u"), label: "PgDn PgUp", helpLabel: "PgDn Space  PgUp b", help: "scroll one page",
            section: "Reading"
        ) { s, app, key in
            let page = max(1, LessonScreen.viewport(app.size).height)
            let down = [Key.pageDown, .character(" "), .control("f"), .control("d")].contains(key)
            s.reader.offset += (down ? 1 : -1) * max(1, page - 2)
            s.clampAndMarkRead(&app)
            return []
        },
        KeyBinding(
            .home, .character("g"), .end, .character("G"), label: "g G", helpLabel: "g G  Home End",
            help: "top / bottom", section: "Reading"
        ) { s, app, key in
            s.reader.offset = key == .home || key == .character("g") ? 0 : s.reader.layout.height
            s.clampAndMarkRead(&app)
            return []
        },
        KeyBinding(
            .right, .character("n"), .left, .character("p"), label: "n/p", helpLabel: "→ n  ← p", hint: "next/prev",
            help: "next / previous lesson", section: "Reading", priority: 40
        ) { s, app, key in
            let forward = key == .right || key == .character("n")
            let target = s.reader.index + (forward ? 1 : -1)
            guard app.library.lessons.indices.contains(target) else {
                app.notice = forward ? "last lesson" : "first lesson"
                return []
            }
            return LessonScreen.open(&app, index: target).map { [.replace($0)] } ?? []
        },
        KeyBinding(
            .character("t"), label: "t", hint: "contents", help: "table of contents", section: "Reading",
            priority: 30, when: { s, _ in !s.reader.layout.headings.isEmpty }
        ) { s, app, _ in
            let current = s.reader.layout.headings.lastIndex { $0.y <= s.reader.offset } ?? 0
            app.overlay = .contents(selected: current)
            return []
        },
        KeyBinding(
            .tab, .backTab, label: "⇥", helpLabel: "Tab  Shift-Tab", hint: "labs",
            help: "next / previous lab or quiz", section: "Live parts", priority: 35,
            when: { s, _ in !s.reader.layout.liveParts.isEmpty }
        ) { s, app, key in
            s.focusNext(forward: key == .tab, &app)
            return []
        },
        KeyBinding(
            .enter, label: "⏎", helpLabel: "Enter", help: "start the lab or quiz marked ▶", section: "Live parts",
            when: { s, _ in !s.reader.layout.liveParts.isEmpty }
        ) { s, app, _ in s.startFocused(&app) },
        KeyBinding(
            .character("/"), label: "/", hint: "find", help: "search this lesson (highlights every match)",
            section: "Search", priority: 25
        ) { s, _, _ in
            s.typing = ""
            return []
        },
        KeyBinding(
            .character(">"), .control("n"), .character("<"), .control("p"), label: "> <",
            helpLabel: "> <  Ctrl-N Ctrl-P", hint: "match", help: "next / previous match", section: "Search",
            priority: 45,
            when: { s, _ in !(s.search?.rows.isEmpty ?? true) }
        ) { s, app, key in
            s.search?.step(forward: key == .character(">") || key == .control("n"))
            s.showMatch(&app)
            return []
        },
        KeyBinding(
            .escape, label: "Esc", help: "clear the search highlight", section: "Search",
            when: { s, _ in s.search != nil }
        ) { s, _, _ in
            s.search = nil
            return []
        },
        .help, .presenter, .back(.character("q"), .escape, .backspace), .quit,
    ])

    /// Finds `query` in the lesson as laid out now, and shows the first match on or below the top row.
    mutating func find(_ query: String, _ app: inout AppModel) {
        guard !query.isEmpty else {
            search = nil
            return
        }
        var found = LessonSearch(query: query, lines: reader.layout.canvas.lines)
        found.select(atOrBelow: reader.offset)
        search = found
        showMatch(&app)
    }

    /// Scrolls to the current match.
    mutating func showMatch(_ app: inout AppModel) {
        guard let offset = search?.offset else {
            if let search { app.notice = search.status }
            return
        }
        reader.offset = offset
        clampAndMarkRead(&app)
    }

    /// The rows the document gets on screen.
    static func viewport(_ size: Size) -> Rect {
        let body = Rect(size: size).inset(top: 2, bottom: 1)
        return columnRect(body, maxWidth: maxTextWidth + 2)
    }

    static func documentWidth(_ size: Size) -> Int { max(10, viewport(size).width - 2) }

    /// A reader on lesson `index` at `offset`, or (nil) where the learner
    /// left it last time; nil when there is no such lesson.
    static func open(_ app: inout AppModel, index: Int, offset: Int? = nil) -> LessonScreen? {
        let lessons = app.library.lessons
        guard lessons.indices.contains(index) else { return nil }
        let layout = LessonLayout(
            lesson: lessons[index], width: documentWidth(app.size), available: app.isAvailable, measure: measure)
        let start = offset ?? app.resumeLine(for: lessons[index].id)
        var screen = LessonScreen(reader: ReaderState(index: index, offset: start, focus: nil, layout: layout))
        screen.clampAndMarkRead(&app)
        return screen
    }

    mutating func receive(_ message: ScreenMessage, _ app: inout AppModel) -> [Effect] {
        switch message {
        case .resized, .resumed: relayout(&app)
        case .tick, .lab: break
        }
        return []
    }

    /// Lays the lesson out again for a new width, keeping the block at the
    /// top of the screen at the top: any number of resizes keep the place.
    mutating func relayout(_ app: inout AppModel) {
        let old = reader.layout
        let width = Self.documentWidth(app.size)
        if width != old.width {
            let anchor =
                reader.anchor
                ?? ReadingAnchor(
                    offset: reader.offset, in: old,
                    maxOffset: ScrollView.maxOffset(contentHeight: old.height, height: lastPage ?? 0))
            reader.layout = old.relaid(width: width)
            reader.offset = anchor.offset(in: reader.layout)
            clampAndMarkRead(&app)
            reader.anchor = anchor
            if let old = search {
                var again = LessonSearch(query: old.query, lines: reader.layout.canvas.lines)
                again.current = min(old.current, max(0, again.rows.count - 1))
                search = again
            }
        } else {
            let anchor = reader.anchor
            clampAndMarkRead(&app)
            reader.anchor = anchor
        }
        lastPage = Self.viewport(app.size).height
    }

    /// Keeps the offset in range, marks the lesson read at its end, and
    /// forgets the resize anchor (the reader moved).
    mutating func clampAndMarkRead(_ app: inout AppModel) {
        reader.anchor = nil
        lastPage = Self.viewport(app.size).height
        let page = Self.viewport(app.size).height
        let maxOffset = ScrollView.maxOffset(contentHeight: reader.layout.height, height: page)
        reader.offset = min(max(0, reader.offset), maxOffset)
        if reader.offset >= maxOffset {
            app.readLessons.insert(app.library.lessons[reader.index].id)
        }
        // Focus follows the screen: drop a focus that scrolled out of sight.
        if let f = reader.focus, !Self.isVisible(reader.layout.liveParts[f], reader.offset, page) { reader.focus = nil }
    }

    static func isVisible(_ spot: LessonLayout.LiveSpot, _ offset: Int, _ page: Int) -> Bool {
        spot.y < offset + page && spot.y + spot.height > offset
    }

    /// Tab / Shift-Tab: the next (previous) live part, scrolled into view.
    private mutating func focusNext(forward: Bool, _ app: inout AppModel) {
        let page = max(1, Self.viewport(app.size).height)
        let spots = reader.layout.liveParts
        guard !spots.isEmpty else { return }
        let next: Int
        if let f = reader.focus {
            next = (f + (forward ? 1 : spots.count - 1)) % spots.count
        } else {
            // The first one below (or above) the top of the screen.
            next =
                forward
                ? (spots.firstIndex { $0.y >= reader.offset } ?? 0)
                : (spots.lastIndex { $0.y < reader.offset + page } ?? spots.count - 1)
        }
        reader.focus = next
        let spot = spots[next]
        app.notice = "\(spot.part.kind) \(next + 1)/\(spots.count): \(spot.part.name)"
        if !Self.isVisible(spot, reader.offset, page) || spot.y + spot.height > reader.offset + page {
            reader.offset = max(0, spot.y - 2)
        }
        clampAndMarkRead(&app)
    }

    /// Enter: starts the focused live part, or the first one on screen.
    private mutating func startFocused(_ app: inout AppModel) -> [Effect] {
        let page = max(1, Self.viewport(app.size).height)
        let spots = reader.layout.liveParts
        let target = reader.focus ?? spots.firstIndex { Self.isVisible($0, reader.offset, page) }
        guard let target else {
            app.notice = "no lab on screen — Tab finds one"
            return []
        }
        reader.focus = target
        let part = spots[target].part
        guard app.isAvailable(part) else {
            app.notice = "\(part.kind) \(part.name): not in this ptt"
            return []
        }
        return app.open(part)
    }

    func view(_ app: AppModel, on canvas: inout Canvas) {
        let lessons = app.library.lessons
        let area = canvas.bounds
        let (body, statusRow) = area.splitBottom(1)
        // The match count in the title bar: the hint bar's end gives way to keys at 80 columns.
        let matches = search.map { "\($0.status) · " } ?? ""
        TitleBar(left: lessons[reader.index].title, right: matches + "lesson \(reader.index + 1)/\(lessons.count)")
            .draw(
                in: body.splitTop(1).top, on: &canvas)
        let port = Self.viewport(app.size)
        let docRect = Rect(x: port.x, y: port.y, width: port.width, height: port.height)
        var scroll = ScrollView(content: reader.layout.canvas, offset: reader.offset)
        scroll.showsIndicator = true
        // The document gets the viewport less 2 columns: the scroll bar sits at the right edge.
        scroll.draw(
            in: Rect(x: docRect.x, y: docRect.y, width: reader.layout.width + 2, height: docRect.height).intersection(
                area), on: &canvas)
        if let search {
            LessonSearch.highlight(
                search.query,
                in: Rect(x: docRect.x, y: docRect.y, width: reader.layout.width, height: docRect.height).intersection(
                    area), on: &canvas)
        }
        if let f = reader.focus {
            let spot = reader.layout.liveParts[f]
            let top = spot.y - reader.offset
            for dy in 0..<spot.height {
                let y = docRect.y + top + dy
                guard y >= docRect.y, y < docRect.maxY else { continue }
                // The focused card's frame stands out from the others.
                for x in docRect.x..<(docRect.x + reader.layout.width) where "╭╮╰╯─│".contains(canvas[x, y].character) {
                    canvas[x, y].style = Style(.warn, bold: true)
                }
            }
            if top >= 0, top < docRect.height, docRect.x + spot.x > 0 {
                canvas.put("▶", x: docRect.x + spot.x - 1, y: docRect.y + top, style: Style(.accent, bold: true))
            }
        }
        if let typing {
            SearchPrompt(text: typing).draw(in: statusRow, on: &canvas)
        } else {
            statusBar(app).draw(in: statusRow, on: &canvas)
        }
    }

    // MARK: - Table of contents

    mutating func updateContents(_ model: inout AppModel, selected: Int, _ key: Key) -> [Effect] {
        let headings = reader.layout.headings
        switch key {
        case .up, .character("k"): model.overlay = .contents(selected: max(0, selected - 1))
        case .down, .character("j"), .tab: model.overlay = .contents(selected: min(headings.count - 1, selected + 1))
        case .enter, .character(" "):
            model.overlay = nil
            if headings.indices.contains(selected) {
                reader.offset = headings[selected].y
                clampAndMarkRead(&model)
            }
        case .escape, .character("q"), .character("t"):
            model.overlay = nil
        default: break
        }
        return []
    }

    func drawContents(_ model: AppModel, selected: Int, on canvas: inout Canvas) {
        let headings = reader.layout.headings
        let widest = headings.map { CharacterWidth.of($0.title) + 2 * ($0.level - 1) }.max() ?? 10
        let size = Size(
            width: min(canvas.width - 4, max(30, widest + 8)), height: min(canvas.height - 2, headings.count + 4))
        let box = canvas.bounds.centered(size)
        dimBehindOverlay(&canvas)
        Box(title: "Contents").style(Style(.accent)).draw(in: box, on: &canvas)
        let inner = box.inset(top: 1, left: 2, bottom: 2, right: 2)
        let rows = max(1, inner.height)
        let first = ScrollWindow(count: headings.count, rows: rows).visible(selected: selected).lowerBound
        for (i, h) in headings.enumerated().dropFirst(first).prefix(rows) {
            let y = inner.y + i - first
            let isSel = i == selected
            if isSel {
                canvas.fill(
                    Rect(x: inner.x, y: y, width: inner.width, height: 1), with: Cell(" ", style: Style(.selection)))
            }
            canvas.put(
                String(repeating: "  ", count: max(0, h.level - 1)) + h.title, x: inner.x, y: y,
                style: isSel ? Style(.selection, bold: true) : Style(h.level == 1 ? .heading : .normal),
                limit: inner.maxX)
        }
        canvas.put("Enter jumps · Esc closes", x: inner.x, y: box.maxY - 2, style: Style(.dim), limit: inner.maxX)
    }
}
