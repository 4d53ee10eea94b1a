import Curriculum
import TerminalUI

struct HomeState: Equatable {
    var selected = 0
}

/// The course: title, lessons with read marks, progress, key hints.
enum HomeScreen {
    static let hints: [StatusBar.Hint] = [
        .init("↑↓", "move"), .init("⏎", "open"), .init("1-9", "jump"), .init("?", "help"), .init("q", "quit"),
    ]

    static let help: [HelpOverlay.Section] = [
        HelpOverlay.Section(
            title: "Course",
            keys: [
                ("↑ ↓  k j", "move between lessons"),
                ("Enter  → l", "open the lesson"),
                ("1 … 9, 0", "open lesson 1 … 9, 10"),
                ("g G  Home End", "first / last lesson"),
                ("?", "this help"),
                ("q  Ctrl-C", "quit ptt"),
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
        let content = columnRect(body.inset(top: 2), maxWidth: 76)
        var y = content.y
        let intro = WrappedText(
            "Learn how processes and threads differ — isolation, memory sharing, IPC, synchronization, context switching — from the article, with live labs on real threads and processes on this machine.",
            style: Style(.normal))
        let ih = intro.height(for: content.width)
        if content.height > 14 {
            intro.draw(in: Rect(x: content.x, y: y, width: content.width, height: ih), on: &canvas)
            y += ih + 1
        }
        let lessons = model.library.lessons
        let readCount = lessons.filter { model.readLessons.contains($0.id) }.count
        canvas.put("Lessons", x: content.x, y: y, style: Style(.heading, bold: true))
        let progress = "\(readCount)/\(lessons.count) lessons read"
        canvas.put(progress, x: content.maxX - CharacterWidth.of(progress), y: y, style: Style(.dim))
        y += 1
        let rows = max(1, content.maxY - y - (model.skippedFiles.isEmpty ? 0 : 2))
        let first = max(0, min(model.home.selected - rows + 1, lessons.count - rows))
        for (i, lesson) in lessons.enumerated().dropFirst(first).prefix(rows) {
            let selected = i == model.home.selected
            let read = model.readLessons.contains(lesson.id)
            let row = Rect(x: content.x, y: y, width: content.width, height: 1)
            if selected { canvas.fill(row, with: Cell(" ", style: Style(.selection))) }
            let base = selected ? Style(.selection) : Style.plain
            var x = content.x
            x = canvas.put(selected ? "▸ " : "  ", x: x, y: y, style: selected ? base.bolded() : Style(.accent))
            x = canvas.put(read ? "✓ " : "· ", x: x, y: y, style: selected ? base : Style(read ? .ok : .dim))
            let number = String(i + 1)
            x = canvas.put(
                String(repeating: " ", count: max(0, 2 - number.count)) + number + "  ", x: x, y: y,
                style: selected ? base : Style(.dim))
            canvas.put(lesson.title, x: x, y: y, style: selected ? base.bolded() : Style.plain, limit: row.maxX - 1)
            y += 1
        }
        if !model.skippedFiles.isEmpty {
            y += 1
            let files = model.skippedFiles.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
            let text = "⚠ skipped (broken): \(files.joined(separator: ", ")) — run ptt check"
            canvas.put(text, x: content.x, y: min(y, content.maxY - 1), style: Style(.warn), limit: content.maxX)
        }
        StatusBar(hints: hints).message(model.notice).draw(in: statusRow, on: &canvas)
    }
}

/// The top row: a title on the left, a note on the right.
struct TitleBar: Widget {
    var left: String
    var right: String

    func draw(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        canvas.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), with: Cell(" ", style: Style(.statusBar)))
        let rw = CharacterWidth.of(right)
        canvas.put(" " + left, x: area.x, y: area.y, style: Style(.statusBar, bold: true), limit: area.maxX - rw - 2)
        canvas.put(right, x: area.maxX - rw - 1, y: area.y, style: Style(.statusBar))
    }
}

/// A centred column no wider than `maxWidth`, with a margin of 2 on small screens.
func columnRect(_ area: Rect, maxWidth: Int) -> Rect {
    let inner = area.inset(left: 2, right: 2)
    guard inner.width > maxWidth else { return inner }
    return Rect(x: inner.x + (inner.width - maxWidth) / 2, y: inner.y, width: maxWidth, height: inner.height)
}
