import Curriculum
import TerminalUI

/// The course: title, lessons with read marks, progress, key hints.
struct HomeScreen: Screen {
    var selected = 0

    var name: String { "home" }

    static let keyMap = KeyMap<HomeScreen>([
        KeyBinding(
            .up, .character("k"), .down, .character("j"), .tab, label: "↑↓", hint: "move",
            help: "move between lessons (also k j, Tab)", section: "Course", priority: 50
        ) { s, app, key in
            let count = app.library.lessons.count
            s.selected =
                key == .up || key == .character("k")
                ? max(0, s.selected - 1) : min(max(0, count - 1), s.selected + 1)
            return []
        },
        KeyBinding(
            .enter, .right, .character("l"), .character(" "), label: "⏎", hint: "open",
            help: "open the lesson (also → l Space)", section: "Course", priority: 60
        ) { s, app, _ in
            app.library.lessons.isEmpty ? [] : LessonScreen.open(&app, index: s.selected).map { [.push($0)] } ?? []
        },
        KeyBinding(
            matching: { if case .character(let c) = $0 { c.isASCII && c.isNumber } else { false } }, label: "0-9",
            hint: "open lesson", help: "open lesson 1 … 9, 0 for 10", section: "Course", priority: 30
        ) { s, app, key in
            guard case .character(let c) = key else { return [] }
            let n = c == "0" ? 10 : Int(String(c)) ?? 0
            guard n >= 1 && n <= app.library.lessons.count else { return [] }
            s.selected = n - 1
            return LessonScreen.open(&app, index: n - 1).map { [.push($0)] } ?? []
        },
        KeyBinding(
            .home, .character("g"), .end, .character("G"), label: "g G", help: "first / last lesson (also Home End)",
            section: "Course"
        ) { s, app, key in
            s.selected = key == .home || key == .character("g") ? 0 : max(0, app.library.lessons.count - 1)
            return []
        },
        KeyBinding(
            .character("i"), label: "i", hint: "quiz", help: "interview quiz: due questions first", section: "Course",
            priority: 40, when: { _, app in !app.bank.questions.isEmpty }
        ) { _, app, _ in
            QuizScreen.open(&app, level: nil, section: nil, practice: false, limit: QuizRound.defaultLimit)
        },
        .help, .back(.character("q"), .escape), .quit,
    ])

    func view(_ app: AppModel, on canvas: inout Canvas) {
        let area = canvas.bounds
        let (body, statusRow) = area.splitBottom(1)
        TitleBar(left: "ptt — processes vs threads", right: "a terminal course").draw(
            in: body.splitTop(1).top, on: &canvas)
        let content = columnRect(body.inset(top: 2), maxWidth: 100)
        var y = content.y
        let intro = WrappedText(
            "Learn how processes and threads differ — isolation, memory sharing, IPC, synchronization, context switching — from the article, with live labs on real threads and processes on this machine.",
            style: Style(.normal))
        let ih = intro.height(for: content.width)
        if content.height > 14 {
            intro.draw(in: Rect(x: content.x, y: y, width: content.width, height: ih), on: &canvas)
            y += ih + 1
        }
        // Wide screens: the list on the left, the selected lesson's preview on the right.
        let sideBySide = content.width >= 90
        let listWidth = sideBySide ? 44 : content.width
        let list = Rect(x: content.x, y: y, width: listWidth, height: content.maxY - y)
        let lessons = app.library.lessons
        let readCount = lessons.filter { app.readLessons.contains($0.id) }.count
        canvas.put("Lessons", x: list.x, y: y, style: Style(.heading, bold: true))
        let progress = "\(readCount)/\(lessons.count) lessons read"
        canvas.put(progress, x: list.maxX - CharacterWidth.of(progress), y: y, style: Style(.dim))
        y += 1
        let warningRows = app.skippedFiles.isEmpty ? 0 : 2
        let quizRows = app.bank.questions.isEmpty ? 0 : 2
        let rows = max(1, min(lessons.count, list.maxY - y - warningRows - quizRows))
        let first = ScrollWindow(count: lessons.count, rows: rows).visible(selected: selected).lowerBound
        for (i, lesson) in lessons.enumerated().dropFirst(first).prefix(rows) {
            let selected = i == selected
            let read = app.readLessons.contains(lesson.id)
            let row = Rect(x: list.x, y: y, width: list.width, height: 1)
            if selected { canvas.fill(row, with: Cell(" ", style: Style(.selection))) }
            let base = selected ? Style(.selection) : Style.plain
            var x = list.x
            x = canvas.put(selected ? "▸ " : "  ", x: x, y: y, style: selected ? base.bolded() : Style(.accent))
            x = canvas.put(read ? "✓ " : "· ", x: x, y: y, style: selected ? base : Style(read ? .ok : .dim))
            let number = String(i + 1)
            x = canvas.put(
                String(repeating: " ", count: max(0, 2 - number.count)) + number + "  ", x: x, y: y,
                style: selected ? base : Style(.dim))
            canvas.put(
                truncated(lesson.title, to: row.maxX - 1 - x), x: x, y: y, style: selected ? base.bolded() : Style.plain
            )
            y += 1
        }
        if !app.skippedFiles.isEmpty {
            y += 1
            let files = app.skippedFiles.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
            let text = "⚠ skipped (broken): \(files.joined(separator: ", ")) — run ptt check"
            canvas.put(truncated(text, to: list.width), x: list.x, y: min(y, content.maxY - 1), style: Style(.warn))
            y += 1
        }
        if quizRows > 0 {
            y += 1
            QuizDueLine(model: app).draw(
                in: Rect(x: list.x, y: min(y, content.maxY - 1), width: list.width, height: 1), on: &canvas)
            y += 1
        }
        if lessons.indices.contains(selected) {
            let preview: Rect =
                sideBySide
                ? Rect(
                    x: content.x + listWidth + 4, y: list.y, width: content.width - listWidth - 4, height: list.height)
                : Rect(x: content.x, y: y + 1, width: content.width, height: content.maxY - y - 1)
            if preview.height >= 3 {
                LessonPreview(lesson: lessons[selected], available: app.isAvailable).draw(
                    in: preview, on: &canvas)
            }
        }
        statusBar(app).draw(in: statusRow, on: &canvas)
    }
}

/// What the selected lesson holds: its opening paragraph, sections and labs.
struct LessonPreview: Widget {
    var lesson: Lesson
    var available: (LivePart) -> Bool

    func draw(in area: Rect, on canvas: inout Canvas) {
        var items: [any FlowWidget] = []
        if let first = lesson.blocks.lazy.compactMap({ block -> RichText? in
            if case .paragraph(let text) = block { return text } else { return nil }
        }).first {
            items.append(WrappedText(LessonLayout.runs(first)))
        }
        let sections = lesson.blocks.compactMap { block -> String? in
            if case .heading(let level, let text) = block, level == 2 { return text.plainText } else { return nil }
        }
        if !sections.isEmpty {
            items.append(Spacer())
            items.append(WrappedText([TextRun("Sections: ", Style(.dim)), TextRun(sections.joined(separator: " · "))]))
        }
        var seen: [String] = []
        for block in lesson.blocks {
            if case .live(let part, _) = block, case .lab(let name) = part, !seen.contains(name) { seen.append(name) }
        }
        if !seen.isEmpty {
            let labs = seen.map { name in
                TextRun(name, available(.lab(name)) ? Style(.accent, bold: true) : Style(.dim))
            }
            var runs = [TextRun("Labs: ", Style(.dim))]
            for (i, run) in labs.enumerated() {
                if i > 0 { runs.append(TextRun(" · ", Style(.dim))) }
                runs.append(run)
            }
            items.append(Spacer())
            items.append(WrappedText(runs))
        }
        guard !items.isEmpty else { return }
        Stack(items).draw(in: area, on: &canvas)
    }
}

/// The top row: a title on the left, a note on the right. The title wins:
/// the note goes when both do not fit, and a title too long is cut with "…".
struct TitleBar: Widget {
    var left: String
    var right: String

    func draw(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        canvas.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), with: Cell(" ", style: Style(.statusBar)))
        let lw = CharacterWidth.of(left)
        let rw = CharacterWidth.of(right)
        let showRight = !right.isEmpty && 1 + lw + 3 + rw + 1 <= area.width
        let room = area.width - 2 - (showRight ? rw + 3 : 0)
        canvas.put(" " + truncated(left, to: room), x: area.x, y: area.y, style: Style(.statusBar, bold: true))
        if showRight { canvas.put(right, x: area.maxX - rw - 1, y: area.y, style: Style(.statusBar)) }
    }
}

/// A centred column no wider than `maxWidth`, with a margin of 2 on small screens.
func columnRect(_ area: Rect, maxWidth: Int) -> Rect {
    let inner = area.inset(left: 2, right: 2)
    guard inner.width > maxWidth else { return inner }
    return Rect(x: inner.x + (inner.width - maxWidth) / 2, y: inner.y, width: maxWidth, height: inner.height)
}
