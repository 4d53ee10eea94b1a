import Curriculum
import Synchronization
import TerminalUI

/// The course: title, "Continue" where the learner left off, lessons with
/// read marks, and on a wide screen a preview of the selected lesson, every
/// lab in the registry and the quiz's due counts.
struct HomeScreen: Screen {
    /// Which list the arrows move in and Enter acts on.
    enum Focus: Sendable, Equatable {
        /// The "Continue: …" line.
        case resume
        case lessons
        case labs
    }

    var selected = 0
    var selectedLab = 0
    /// nil: on the Continue line when there is one, else on the lessons.
    var focusChoice: Focus?

    var name: String { "home" }

    func focus(_ app: AppModel) -> Focus {
        switch focusChoice {
        case .resume?, nil: app.continueTarget == nil ? .lessons : .resume
        case .labs?: Self.showsLabs(app) ? .labs : .lessons
        case .lessons?: .lessons
        }
    }

    /// Whether the screen is big enough for the lab list beside the lessons.
    static func showsLabs(_ app: AppModel) -> Bool {
        app.size.width >= 120 && app.size.height >= app.library.lessons.count + app.labs.entries.count + 12
    }

    static let keyMap = KeyMap<HomeScreen>([
        KeyBinding(
            .tab, .backTab, label: "⇥", helpLabel: "Tab", hint: "lessons/labs",
            help: "switch between the lesson list and the lab list", section: "Course", priority: 45,
            when: { _, app in HomeScreen.showsLabs(app) }
        ) { s, app, _ in
            s.focusChoice = s.focus(app) == .labs ? .lessons : .labs
            return []
        },
        KeyBinding(
            .up, .character("k"), .down, .character("j"), .tab, label: "↑↓", hint: "move",
            help: "move in the list (also k j; Tab on a narrow screen)", section: "Course", priority: 50
        ) { s, app, key in
            let up = key == .up || key == .character("k")
            switch s.focus(app) {
            case .resume:
                if !up { s.focusChoice = .lessons }
            case .lessons:
                if up && s.selected == 0 && app.continueTarget != nil {
                    s.focusChoice = .resume
                } else {
                    s.focusChoice = .lessons
                    let count = app.library.lessons.count
                    s.selected = up ? max(0, s.selected - 1) : min(max(0, count - 1), s.selected + 1)
                }
            case .labs:
                let count = app.labs.entries.count
                s.selectedLab = up ? max(0, s.selectedLab - 1) : min(max(0, count - 1), s.selectedLab + 1)
            }
            return []
        },
        KeyBinding(
            .enter, .right, .character("l"), .character(" "), label: "⏎", hint: "open",
            help: "continue, open the lesson or start the lab (also → l Space)", section: "Course", priority: 60
        ) { s, app, _ in
            switch s.focus(app) {
            case .resume: return HomeScreen.resume(&app)
            case .labs:
                guard app.labs.entries.indices.contains(s.selectedLab) else { return [] }
                return app.labs.entries[s.selectedLab].open(&app)
            case .lessons:
                return app.library.lessons.isEmpty
                    ? [] : LessonScreen.open(&app, index: s.selected).map { [.push($0)] } ?? []
            }
        },
        KeyBinding(
            .character("c"), label: "c", hint: "continue", help: "continue where you left off", section: "Course",
            priority: 55, when: { _, app in app.continueTarget != nil }
        ) { _, app, _ in HomeScreen.resume(&app) },
        KeyBinding(
            matching: { if case .character(let c) = $0 { c.isASCII && c.isNumber } else { false } }, label: "0-9",
            hint: "open lesson", help: "open lesson 1 … 9, 0 for 10", section: "Course", priority: 30
        ) { s, app, key in
            guard case .character(let c) = key else { return [] }
            let n = c == "0" ? 10 : Int(String(c)) ?? 0
            guard n >= 1 && n <= app.library.lessons.count else { return [] }
            s.selected = n - 1
            s.focusChoice = .lessons
            return LessonScreen.open(&app, index: n - 1).map { [.push($0)] } ?? []
        },
        KeyBinding(
            .home, .character("g"), .end, .character("G"), label: "g G",
            help: "first / last in the list (also Home End)",
            section: "Course"
        ) { s, app, key in
            let first = key == .home || key == .character("g")
            if s.focus(app) == .labs {
                s.selectedLab = first ? 0 : max(0, app.labs.entries.count - 1)
            } else {
                s.focusChoice = .lessons
                s.selected = first ? 0 : max(0, app.library.lessons.count - 1)
            }
            return []
        },
        KeyBinding(
            .character("i"), label: "i", hint: "quiz", help: "interview quiz: due questions first", section: "Course",
            priority: 40, when: { _, app in !app.bank.questions.isEmpty }
        ) { _, app, _ in
            QuizScreen.open(&app, level: nil, section: nil, practice: false, limit: QuizRound.defaultLimit)
        },
        KeyBinding(
            .character("/"), label: "/", hint: "search", help: "search every lesson", section: "Course", priority: 35
        ) { _, _, _ in [.push(SearchScreen())] },
        .help, .presenter, .back(.character("q"), .escape), .quit,
    ])

    /// Opens the lesson the Continue line names, where it was left.
    static func resume(_ app: inout AppModel) -> [Effect] {
        guard let target = app.continueTarget else { return [] }
        return LessonScreen.open(&app, index: target.index).map { [.push($0)] } ?? []
    }

    func view(_ app: AppModel, on canvas: inout Canvas) {
        let area = canvas.bounds
        let (body, statusRow) = area.splitBottom(1)
        TitleBar(left: "ptt — processes vs threads", right: "a terminal course").draw(
            in: body.splitTop(1).top, on: &canvas)
        let wide = Self.showsLabs(app)
        let content = columnRect(body.inset(top: 2), maxWidth: wide ? 180 : 100)
        let focus = focus(app)
        var y = content.y
        if let target = app.continueTarget, content.height > 8 {
            let row = Rect(x: content.x, y: y, width: wide ? content.width : content.width, height: 1)
            let on = focus == .resume
            if on { canvas.fill(row, with: Cell(" ", style: Style(.selection))) }
            let title = app.library.lessons[target.index].title
            var x = canvas.put(
                on ? "▸ " : "  ", x: row.x, y: y, style: on ? Style(.selection, bold: true) : Style(.accent))
            x = canvas.put("Continue: ", x: x, y: y, style: on ? Style(.selection) : Style(.dim))
            let tail = ", \(target.percent) %"
            x = canvas.put(
                truncated(title, to: max(1, row.maxX - x - CharacterWidth.of(tail) - 1)), x: x, y: y,
                style: on ? Style(.selection, bold: true) : Style(.strong, bold: true))
            canvas.put(tail, x: x, y: y, style: on ? Style(.selection) : Style.plain, limit: row.maxX)
            y += 2
        }
        let intro = WrappedText(
            "Learn how processes and threads differ — isolation, memory sharing, IPC, synchronization, context switching — from the article, with live labs on real threads and processes on this machine.",
            style: Style(.normal))
        let introWidth = min(content.width, 100)
        let ih = intro.height(for: introWidth)
        if content.height > 14 + (app.continueTarget == nil ? 0 : 2) {
            intro.draw(in: Rect(x: content.x, y: y, width: introWidth, height: ih), on: &canvas)
            y += ih + 1
        }
        // Wide screens: the lists on the left, the selected lesson's preview on the right.
        let sideBySide = content.width >= 90
        let listWidth = wide ? 60 : sideBySide ? 44 : content.width
        let list = Rect(x: content.x, y: y, width: listWidth, height: content.maxY - y)
        let lessons = app.library.lessons
        let readCount = lessons.filter { app.readLessons.contains($0.id) }.count
        canvas.put(
            "Lessons", x: list.x, y: y, style: Style(.heading, bold: true, underline: focus == .lessons && wide))
        let progress = "\(readCount)/\(lessons.count) lessons read"
        canvas.put(progress, x: list.maxX - CharacterWidth.of(progress), y: y, style: Style(.dim))
        y += 1
        let warningRows = app.skippedFiles.isEmpty ? 0 : 2
        let quizRows = app.bank.questions.isEmpty ? 0 : 2
        let labRows = wide ? app.labs.entries.count + 2 : 0
        let rows = max(1, min(lessons.count, list.maxY - y - warningRows - quizRows - labRows))
        let first = ScrollWindow(count: lessons.count, rows: rows).visible(selected: selected).lowerBound
        for (i, lesson) in lessons.enumerated().dropFirst(first).prefix(rows) {
            let selected = i == selected && focus == .lessons
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
        var previewBottom = list.y
        if sideBySide, lessons.indices.contains(selected) {
            let preview = Rect(
                x: content.x + listWidth + 4, y: list.y, width: min(100, content.width - listWidth - 4),
                height: wide ? content.maxY - list.y - labRows - quizRows : list.height)
            let widget = LessonPreview(lesson: lessons[selected], available: app.isAvailable)
            if preview.height >= 3 {
                widget.draw(in: preview, on: &canvas)
                previewBottom = preview.y + min(preview.height, widget.height(for: preview.width))
            }
        }
        if wide {
            y = max(y, previewBottom) + 1
            drawLabs(
                app, focused: focus == .labs, in: Rect(x: list.x, y: y, width: content.width, height: labRows - 1),
                on: &canvas)
            y += labRows - 1
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
        if !sideBySide, lessons.indices.contains(selected) {
            let preview = Rect(x: content.x, y: y + 1, width: content.width, height: content.maxY - y - 1)
            if preview.height >= 3 {
                LessonPreview(lesson: lessons[selected], available: app.isAvailable).draw(in: preview, on: &canvas)
            }
        }
        statusBar(app).draw(in: statusRow, on: &canvas)
    }

    /// Every lab in the registry, one line each: whether it has been run, its name and summary.
    private func drawLabs(_ app: AppModel, focused: Bool, in area: Rect, on canvas: inout Canvas) {
        let entries = app.labs.entries
        let ran = entries.filter { (app.progress.labs[$0.name]?.runs ?? 0) > 0 }.count
        canvas.put("Labs", x: area.x, y: area.y, style: Style(.heading, bold: true, underline: focused))
        let count = "\(ran)/\(entries.count) run"
        canvas.put(count, x: area.maxX - CharacterWidth.of(count), y: area.y, style: Style(.dim))
        let nameWidth = (entries.map { CharacterWidth.of($0.name) }.max() ?? 8) + 2
        for (i, entry) in entries.enumerated() where i + 1 < area.height {
            let y = area.y + 1 + i
            let on = focused && i == selectedLab
            let row = Rect(x: area.x, y: y, width: area.width, height: 1)
            if on { canvas.fill(row, with: Cell(" ", style: Style(.selection))) }
            let base = on ? Style(.selection) : Style.plain
            let runs = app.progress.labs[entry.name]?.runs ?? 0
            var x = canvas.put(on ? "▸ " : "  ", x: area.x, y: y, style: on ? base.bolded() : Style(.accent))
            x = canvas.put(runs > 0 ? "✓ " : "· ", x: x, y: y, style: on ? base : Style(runs > 0 ? .ok : .dim))
            canvas.put(entry.name, x: x, y: y, style: on ? base.bolded() : Style(.accent, bold: true))
            x += nameWidth
            let mark = runs > 0 ? "run \(runs)×" : "not run"
            canvas.put(mark, x: x, y: y, style: on ? base : Style(runs > 0 ? .ok : .dim))
            x += 10
            canvas.put(truncated(entry.summary, to: max(1, row.maxX - x)), x: x, y: y, style: on ? base : Style.plain)
        }
    }
}

/// A lesson's laid-out height at a width: the lesson by its id and the
/// storage of its blocks (a library's lessons do not change; another
/// library's are stored elsewhere).
private struct LessonHeightKey: Hashable {
    var id: String
    var blocks: UInt
    var count: Int
    var width: Int

    init(lesson: Lesson, width: Int) {
        id = lesson.id
        blocks = lesson.blocks.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        count = lesson.blocks.count
        self.width = width
    }
}

private let lessonHeights = Mutex<[LessonHeightKey: Int]>([:])

/// Where "Continue" on the home screen takes the learner.
struct ContinueTarget: Equatable {
    var index: Int
    var line: Int
    var percent: Int
}

extension AppModel {
    /// The lesson to continue: the one last open in this session, else the
    /// last lesson in course order with a saved position; nil when none has one.
    var continueTarget: ContinueTarget? {
        let lessons = library.lessons
        let index: Int? =
            lastLessonID.flatMap { id in lessons.firstIndex { $0.id == id } }
            ?? lessons.lastIndex { (progress.lessons[$0.id]?.position ?? 0) > 0 }
        guard let index else { return nil }
        let line = resumeLine(for: lessons[index].id)
        let width = LessonScreen.documentWidth(size)
        let key = LessonHeightKey(lesson: lessons[index], width: width)
        // Read several times a frame: a 10 MB lesson is laid out once per width, not each time.
        let height =
            lessonHeights.withLock { $0[key] }
            ?? {
                let height = LessonLayout(
                    lesson: lessons[index], width: width, available: isAvailable, measure: LessonScreen.measure
                ).height
                lessonHeights.withLock { $0[key] = height }
                return height
            }()
        let maxOffset = ScrollView.maxOffset(contentHeight: height, height: LessonScreen.viewport(size).height)
        let percent = maxOffset == 0 ? 100 : min(100, max(0, line) * 100 / maxOffset)
        return ContinueTarget(index: index, line: line, percent: percent)
    }
}

/// What the selected lesson holds: its opening paragraph, sections and labs.
struct LessonPreview: Widget {
    var lesson: Lesson
    var available: (LivePart) -> Bool

    func height(for width: Int) -> Int { items.isEmpty ? 0 : Stack(items).height(for: width) }

    func draw(in area: Rect, on canvas: inout Canvas) {
        guard !items.isEmpty else { return }
        Stack(items).draw(in: area, on: &canvas)
    }

    private var items: [any FlowWidget] {
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
        return items
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
