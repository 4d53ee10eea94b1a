import Curriculum
import TerminalUI

struct HomeState: Equatable {
    var selected = 0
}

/// The course: title, lessons with read marks, progress, key hints.
enum HomeScreen {
    static let hints: [StatusBar.Hint] = [
        .init("↑↓", "move"), .init("⏎", "open"), .init("0-9", "open lesson"), .init("?", "help", essential: true),
        .init("q", "quit", essential: true),
    ]

    static let help: [HelpOverlay.Section] = [
        HelpOverlay.Section(
            title: "Course",
            keys: [
                ("↑ ↓  k j", "move between lessons"),
                ("Enter  → l", "open the lesson"),
                ("1 … 9, 0", "open lesson 1 … 9, 10"),
                ("g G  Home End", "first / last lesson"),
                ("i", "interview quiz: due questions first"),
                ("?", "this help"),
                ("q  Esc  Ctrl-C", "quit ptt"),
            ])
    ]

    static func update(_ model: inout AppModel, _ key: Key) -> [Effect] {
        let count = model.library.lessons.count
        switch key {
        case .character("q"), .escape, .control("c"):
            return [.quit]
        case .up, .character("k"):
            model.home.selected = max(0, model.home.selected - 1)
        case .down, .character("j"), .tab:
            model.home.selected = min(max(0, count - 1), model.home.selected + 1)
        case .home, .character("g"):
            model.home.selected = 0
        case .end, .character("G"):
            model.home.selected = max(0, count - 1)
        case .enter, .right, .character("l"), .character(" "):
            if count > 0 { LessonScreen.open(&model, index: model.home.selected) }
        case .character("i") where !model.bank.questions.isEmpty:
            return QuizScreen.open(
                &model, level: nil, section: nil, practice: false, limit: QuizRound.defaultLimit, returnTo: .home)
        case .character(let c) where c.isNumber:
            let n = c == "0" ? 10 : Int(String(c)) ?? 0
            if n >= 1 && n <= count {
                model.home.selected = n - 1
                LessonScreen.open(&model, index: n - 1)
            }
        default:
            break
        }
        return []
    }

    static func view(_ model: AppModel, on canvas: inout Canvas) {
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
        let lessons = model.library.lessons
        let readCount = lessons.filter { model.readLessons.contains($0.id) }.count
        canvas.put("Lessons", x: list.x, y: y, style: Style(.heading, bold: true))
        let progress = "\(readCount)/\(lessons.count) lessons read"
        canvas.put(progress, x: list.maxX - CharacterWidth.of(progress), y: y, style: Style(.dim))
        y += 1
        let warningRows = model.skippedFiles.isEmpty ? 0 : 2
        let quizRows = model.bank.questions.isEmpty ? 0 : 2
        let rows = max(1, min(lessons.count, list.maxY - y - warningRows - quizRows))
        let first = max(0, min(model.home.selected - rows + 1, lessons.count - rows))
        for (i, lesson) in lessons.enumerated().dropFirst(first).prefix(rows) {
            let selected = i == model.home.selected
            let read = model.readLessons.contains(lesson.id)
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
        if !model.skippedFiles.isEmpty {
            y += 1
            let files = model.skippedFiles.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
            let text = "⚠ skipped (broken): \(files.joined(separator: ", ")) — run ptt check"
            canvas.put(truncated(text, to: list.width), x: list.x, y: min(y, content.maxY - 1), style: Style(.warn))
            y += 1
        }
        if quizRows > 0 {
            y += 1
            QuizDueLine(model: model).draw(
                in: Rect(x: list.x, y: min(y, content.maxY - 1), width: list.width, height: 1), on: &canvas)
            y += 1
        }
        if lessons.indices.contains(model.home.selected) {
            let preview: Rect =
                sideBySide
                ? Rect(
                    x: content.x + listWidth + 4, y: list.y, width: content.width - listWidth - 4, height: list.height)
                : Rect(x: content.x, y: y + 1, width: content.width, height: content.maxY - y - 1)
            if preview.height >= 3 {
                LessonPreview(lesson: lessons[model.home.selected], available: model.available).draw(
                    in: preview, on: &canvas)
            }
        }
        let quizHint: [StatusBar.Hint] = model.bank.questions.isEmpty ? [] : [.init("i", "quiz")]
        StatusBar(hints: hints.dropLast(2) + quizHint + hints.suffix(2)).message(model.notice).draw(
            in: statusRow, on: &canvas)
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
