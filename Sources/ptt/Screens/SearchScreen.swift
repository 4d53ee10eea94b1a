import Curriculum
import TerminalUI

/// `/` from home: one search across every lesson, a list of the matching
/// lines, and Enter opens the lesson at the match (highlighted there).
struct SearchScreen: Screen {
    struct Hit: Sendable, Equatable {
        var lesson: Int
        var row: Int
        /// The matching line, trimmed.
        var line: String
    }

    /// The query being typed (nil once it was run).
    var typing: String? = ""
    var query = ""
    var hits: [Hit] = []
    var selected = 0

    var name: String { "search" }
    var takesText: Bool { typing != nil }

    static let keyMap = KeyMap<SearchScreen>([
        KeyBinding(
            matching: { _ in true }, label: "type", helpLabel: "typing",
            help: "what to find: Enter finds it, Esc goes back",
            section: "Search", when: { s, _ in s.typing != nil }
        ) { s, app, key in
            var text = s.typing ?? ""
            if edit(&text, with: key) {
                s.typing = text
            } else if key == .enter {
                s.run(text, app)
            } else if key == .escape {
                // Esc leaves the first search; a later one goes back to the results.
                if s.hits.isEmpty { return [.pop] }
                s.typing = nil
            }
            return []
        },
        KeyBinding(
            .up, .character("k"), .down, .character("j"), label: "↑↓", hint: "move",
            help: "move in the results (also k j)",
            section: "Search", priority: 50, when: { s, _ in !s.hits.isEmpty }
        ) { s, _, key in
            let up = key == .up || key == .character("k")
            s.selected = up ? max(0, s.selected - 1) : min(s.hits.count - 1, s.selected + 1)
            return []
        },
        KeyBinding(
            .enter, label: "⏎", hint: "open", help: "open the lesson at this match", section: "Search", priority: 60,
            when: { s, _ in !s.hits.isEmpty }
        ) { s, app, _ in
            let hit = s.hits[s.selected]
            guard var screen = LessonScreen.open(&app, index: hit.lesson, offset: max(0, hit.row - 2)) else {
                return []
            }
            var found = LessonSearch(query: s.query, lines: screen.reader.layout.canvas.lines)
            found.select(atOrBelow: hit.row)
            screen.search = found
            return [.push(screen)]
        },
        KeyBinding(
            .character("/"), label: "/", hint: "new search", help: "search again", section: "Search", priority: 30
        ) { s, _, _ in
            s.typing = s.query
            return []
        },
        .help, .presenter, .back(.character("q"), .escape), .quit,
    ])

    /// Every line of every lesson, as the reader lays them out now, that holds `text`.
    mutating func run(_ text: String, _ app: AppModel) {
        typing = nil
        query = text
        selected = 0
        hits = []
        guard !text.isEmpty else { return }
        let width = LessonScreen.documentWidth(app.size)
        for (i, lesson) in app.library.lessons.enumerated() {
            let lines = LessonLayout(
                lesson: lesson, width: width, available: app.isAvailable, measure: LessonScreen.measure
            ).canvas.lines
            var last = -1
            for row in LessonSearch.rows(of: text, in: lines) where row != last {
                hits.append(Hit(lesson: i, row: row, line: lines[row].trimmingCharacters(in: .whitespaces)))
                last = row
            }
        }
    }

    /// The part of `line` around the first match that fits `width`, cut with "…" at either end.
    static func excerpt(_ line: String, around query: String, width: Int) -> String {
        guard CharacterWidth.of(line) > width, let found = line.lowercased().range(of: query.lowercased()) else {
            return truncated(line, to: width)
        }
        let before = line.lowercased().distance(from: line.lowercased().startIndex, to: found.lowerBound)
        let skip = max(0, before - width / 3)
        guard skip > 0 else { return truncated(line, to: width) }
        return truncated("…" + line.dropFirst(skip + 1), to: width)
    }

    func status(_ app: AppModel) -> String? {
        typing != nil ? nil : hits.isEmpty ? "no match for “\(query)”" : "\(selected + 1)/\(hits.count)"
    }

    func view(_ app: AppModel, on canvas: inout Canvas) {
        let area = canvas.bounds
        let (body, statusRow) = area.splitBottom(1)
        TitleBar(left: "Search every lesson", right: query.isEmpty ? "" : "“\(query)”").draw(
            in: body.splitTop(1).top, on: &canvas)
        let content = columnRect(body.inset(top: 2), maxWidth: 160)
        var y = content.y
        if hits.isEmpty {
            let text =
                typing != nil
                ? "Type what to find in every lesson, then Enter."
                : "Nothing in the lessons matches “\(query)”: / searches again."
            canvas.flow([TextRun(text, Style(.dim))], in: content, y: &y)
        }
        let rows = max(1, content.maxY - y)
        let first = ScrollWindow(count: hits.count, rows: rows).visible(selected: selected).lowerBound
        let lessons = app.library.lessons
        let titleWidth = min(28, (lessons.map { CharacterWidth.of($0.title) }.max() ?? 10) + 4)
        for (i, hit) in hits.enumerated().dropFirst(first).prefix(rows) {
            let on = i == selected
            let row = Rect(x: content.x, y: y, width: content.width, height: 1)
            if on { canvas.fill(row, with: Cell(" ", style: Style(.selection))) }
            let base = on ? Style(.selection) : Style.plain
            canvas.put(on ? "▸ " : "  ", x: row.x, y: y, style: on ? base.bolded() : Style(.accent))
            let title = truncated("\(hit.lesson + 1) \(lessons[hit.lesson].title)", to: titleWidth - 1)
            canvas.put(title, x: row.x + 2, y: y, style: on ? base.bolded() : Style(.heading))
            let x = row.x + 2 + titleWidth
            canvas.put(Self.excerpt(hit.line, around: query, width: max(1, row.maxX - x)), x: x, y: y, style: base)
            y += 1
        }
        LessonSearch.highlight(
            query,
            in: Rect(
                x: content.x + 2 + titleWidth, y: content.y, width: max(0, content.width - 2 - titleWidth),
                height: content.height), on: &canvas)
        if let typing {
            SearchPrompt(text: typing).draw(in: statusRow, on: &canvas)
        } else {
            statusBar(app).draw(in: statusRow, on: &canvas)
        }
    }
}
