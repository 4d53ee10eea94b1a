import Curriculum
import TerminalUI

struct ReaderState {
    var index: Int
    var offset = 0
    /// The live part (index into layout.liveParts) that Enter starts.
    var focus: Int?
    var layout: LessonLayout
}

/// The lesson reader: title, the lesson laid out and scrolled, key hints.
enum LessonScreen {
    static let maxTextWidth = 88

    /// The keys that do something in this lesson.
    static func hints(_ model: AppModel, _ reader: ReaderState) -> [StatusBar.Hint] {
        var h: [StatusBar.Hint] = [.init("↑↓", "scroll"), .init("n/p", "next/prev")]
        if !reader.layout.headings.isEmpty { h.append(.init("t", "contents")) }
        if !reader.layout.liveParts.isEmpty { h.append(.init("⇥", "labs")) }
        h.append(.init("?", "help", essential: true))
        h.append(.init("q", model.quitFromReader ? "quit" : "back", essential: true))
        return h
    }

    static let help: [HelpOverlay.Section] = [
        HelpOverlay.Section(
            title: "Reading",
            keys: [
                ("↑ ↓  k j", "scroll one line"),
                ("PgDn Space  PgUp b", "scroll one page"),
                ("g G  Home End", "top / bottom"),
                ("→ n  ← p", "next / previous lesson"),
                ("t", "table of contents"),
            ]),
        HelpOverlay.Section(
            title: "Live parts",
            keys: [
                ("Tab  Shift-Tab", "next / previous lab or quiz"),
                ("Enter", "start the one marked ▶"),
            ]),
        HelpOverlay.Section(
            title: "Anywhere",
            keys: [
                ("?", "this help"),
                ("q  Esc", "back to the course"),
                ("Ctrl-C", "quit ptt"),
            ]),
    ]

    /// The rows the document gets on screen.
    static func viewport(_ size: Size) -> Rect {
        let body = Rect(size: size).inset(top: 2, bottom: 1)
        return columnRect(body, maxWidth: maxTextWidth + 2)
    }

    static func documentWidth(_ size: Size) -> Int { max(10, viewport(size).width - 2) }

    /// Opens a lesson at `offset`, or (nil) where the learner left it last time.
    static func open(_ model: inout AppModel, index: Int, offset: Int? = nil) {
        let lessons = model.library.lessons
        guard lessons.indices.contains(index) else { return }
        let layout = LessonLayout(lesson: lessons[index], width: documentWidth(model.size), available: model.available)
        let start = offset ?? model.resumeLine(for: lessons[index].id)
        model.reader = ReaderState(index: index, offset: start, focus: nil, layout: layout)
        model.route = .lesson
        model.home.selected = index
        clampAndMarkRead(&model)
    }

    /// Lays the lesson out again for a new width, keeping the reader near the same place.
    static func relayout(_ model: inout AppModel) {
        guard var reader = model.reader else { return }
        let old = reader.layout
        let width = documentWidth(model.size)
        guard width != old.width else {
            model.reader = reader
            clampAndMarkRead(&model)
            return
        }
        reader.layout = LessonLayout(
            lesson: model.library.lessons[reader.index], width: width, available: model.available)
        if old.height > 0 { reader.offset = reader.offset * reader.layout.height / old.height }
        model.reader = reader
        clampAndMarkRead(&model)
    }

    private static func clampAndMarkRead(_ model: inout AppModel) {
        guard var reader = model.reader else { return }
        let page = viewport(model.size).height
        let maxOffset = ScrollView.maxOffset(contentHeight: reader.layout.height, height: page)
        reader.offset = min(max(0, reader.offset), maxOffset)
        if reader.offset >= maxOffset {
            model.readLessons.insert(model.library.lessons[reader.index].id)
        }
        // Focus follows the screen: drop a focus that scrolled out of sight.
        if let f = reader.focus, !isVisible(reader.layout.liveParts[f], reader.offset, page) { reader.focus = nil }
        model.reader = reader
    }

    static func isVisible(_ spot: LessonLayout.LiveSpot, _ offset: Int, _ page: Int) -> Bool {
        spot.y < offset + page && spot.y + spot.height > offset
    }

    static func update(_ model: inout AppModel, _ key: Key) -> [Effect] {
        guard var reader = model.reader else { return [] }
        let page = max(1, viewport(model.size).height)
        switch key {
        case .character("q"), .escape, .backspace:
            if let back = model.readerReturn {
                // Opened from the quiz: go back to the same question.
                model.readerReturn = nil
                model.route = back
                return []
            }
            if model.quitFromReader { return [.quit] }
            model.route = .home
            model.reader = nil
            return []
        case .control("c"):
            return [.quit]
        case .up, .character("k"): reader.offset -= 1
        case .down, .character("j"): reader.offset += 1
        case .pageDown, .character(" "), .control("f"), .control("d"): reader.offset += max(1, page - 2)
        case .pageUp, .character("b"), .control("b"), .control("u"): reader.offset -= max(1, page - 2)
        case .home, .character("g"): reader.offset = 0
        case .end, .character("G"): reader.offset = reader.layout.height
        case .right, .character("n"):
            if reader.index + 1 < model.library.lessons.count {
                open(&model, index: reader.index + 1)
            } else {
                model.notice = "last lesson"
            }
            return []
        case .left, .character("p"):
            if reader.index > 0 { open(&model, index: reader.index - 1) } else { model.notice = "first lesson" }
            return []
        case .character("t"):
            if !reader.layout.headings.isEmpty {
                let current = reader.layout.headings.lastIndex { $0.y <= reader.offset } ?? 0
                model.overlay = .contents(selected: current)
            } else {
                model.notice = "no headings in this lesson"
            }
            return []
        case .tab, .backTab:
            let spots = reader.layout.liveParts
            guard !spots.isEmpty else {
                model.notice = "this lesson has no labs"
                return []
            }
            let forward = key == .tab
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
            model.notice = "\(spot.part.kind) \(next + 1)/\(spots.count): \(spot.part.name)"
            if !isVisible(spot, reader.offset, page) || spot.y + spot.height > reader.offset + page {
                reader.offset = max(0, spot.y - 2)
            }
        case .enter:
            let spots = reader.layout.liveParts
            let target = reader.focus ?? spots.firstIndex { isVisible($0, reader.offset, page) }
            guard let target else {
                model.notice = spots.isEmpty ? "this lesson has no labs" : "no lab on screen — Tab finds one"
                return []
            }
            reader.focus = target
            let part = spots[target].part
            model.reader = reader
            guard model.available(part) else {
                model.notice = "\(part.kind) \(part.name): not built yet"
                return []
            }
            return LabLauncher.open(&model, part, returnTo: .lesson)
        default:
            return []
        }
        model.reader = reader
        clampAndMarkRead(&model)
        return []
    }

    static func view(_ model: AppModel, on canvas: inout Canvas) {
        guard let reader = model.reader else { return }
        let lessons = model.library.lessons
        let area = canvas.bounds
        let (body, statusRow) = area.splitBottom(1)
        TitleBar(left: lessons[reader.index].title, right: "lesson \(reader.index + 1)/\(lessons.count)").draw(
            in: body.splitTop(1).top, on: &canvas)
        let port = viewport(model.size)
        let docRect = Rect(x: port.x, y: port.y, width: port.width, height: port.height)
        var scroll = ScrollView(content: reader.layout.canvas, offset: reader.offset)
        scroll.showsIndicator = true
        // The document gets the viewport less 2 columns: the scroll bar sits at the right edge.
        scroll.draw(
            in: Rect(x: docRect.x, y: docRect.y, width: reader.layout.width + 2, height: docRect.height).intersection(
                area), on: &canvas)
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
            if top >= 0, top < docRect.height, docRect.x > 0 {
                canvas.put("▶", x: docRect.x - 1, y: docRect.y + top, style: Style(.accent, bold: true))
            }
        }
        let maxOffset = ScrollView.maxOffset(contentHeight: reader.layout.height, height: port.height)
        let percent = maxOffset == 0 ? 100 : reader.offset * 100 / maxOffset
        StatusBar(hints: hints(model, reader)).message(model.notice ?? "\(percent)%").draw(in: statusRow, on: &canvas)
    }

    // MARK: - Table of contents

    static func updateContents(_ model: inout AppModel, selected: Int, _ key: Key) -> [Effect] {
        guard let reader = model.reader else {
            model.overlay = nil
            return []
        }
        let headings = reader.layout.headings
        switch key {
        case .up, .character("k"): model.overlay = .contents(selected: max(0, selected - 1))
        case .down, .character("j"), .tab: model.overlay = .contents(selected: min(headings.count - 1, selected + 1))
        case .enter, .character(" "):
            model.overlay = nil
            if headings.indices.contains(selected) {
                model.reader?.offset = headings[selected].y
                clampAndMarkRead(&model)
            }
        case .escape, .character("q"), .character("t"):
            model.overlay = nil
        default: break
        }
        return []
    }

    static func drawContents(_ model: AppModel, selected: Int, on canvas: inout Canvas) {
        guard let reader = model.reader else { return }
        let headings = reader.layout.headings
        let widest = headings.map { CharacterWidth.of($0.title) + 2 * ($0.level - 1) }.max() ?? 10
        let size = Size(
            width: min(canvas.width - 4, max(30, widest + 8)), height: min(canvas.height - 2, headings.count + 4))
        let box = canvas.bounds.centered(size)
        dimBehindOverlay(&canvas)
        Box(title: "Contents").style(Style(.accent)).draw(in: box, on: &canvas)
        let inner = box.inset(top: 1, left: 2, bottom: 2, right: 2)
        let rows = max(1, inner.height)
        let first = max(0, min(selected - rows + 1, headings.count - rows))
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
