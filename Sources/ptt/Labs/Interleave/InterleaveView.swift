import Curriculum
import TerminalUI

/// Drawing the scheduler game: the picker, the game, the tree of orders tried.
extension InterleaveScreen {
    func view(_ app: AppModel, on canvas: inout Canvas) {
        let (body, statusRow) = canvas.bounds.splitBottom(1)
        TitleBar(left: "Lab: interleave — you are the scheduler (a model)", right: "ptt demo interleave").draw(
            in: body.splitTop(1).top, on: &canvas)
        // Wide: the game's thread columns take up to 160 columns; its prose keeps 100.
        let playing = lab.mode != .picker && lab.game != nil
        let wide = playing && body.width >= labTwoColumnWidth
        let content = columnRect(body.inset(top: 2), maxWidth: wide ? 160 : 100)
        if lab.mode == .picker || lab.game == nil {
            drawPicker(app, in: content, on: &canvas)
        } else {
            drawGame(app, in: content, on: &canvas)
        }
        statusBar(app).draw(in: statusRow, on: &canvas)
    }

    /// "✓ done 6/6" or "shown" for the list and the heading.
    /// `short`: "✓ 6/6" for the list.
    static func mark(_ progress: ScenarioProgress?, short: Bool = false) -> (text: String, style: Style) {
        switch progress?.status {
        case .done?:
            let score =
                progress?.bestSteps.map { best in
                    progress?.shortest.map { short ? " \(best)/\($0)" : " \(best)/\($0) steps" } ?? ""
                } ?? ""
            return ((short ? "✓" : "✓ done") + score, Style(.ok, bold: true))
        case .shown?: return ("◐ shown", Style(.warn))
        case nil: return ("", Style(.dim))
        }
    }

    private func drawPicker(_ app: AppModel, in content: Rect, on canvas: inout Canvas) {
        var y = content.y
        canvas.flow(
            [
                TextRun("Scenarios, easy to hard. ", Style(.heading, bold: true)),
                TextRun(
                    "Step the threads of a model (no threads run) to reach each goal, then prove whether any order can.",
                    Style(.dim)),
            ], in: content, y: &y)
        y += 1
        let scenarios = lab.scenarios
        if scenarios.isEmpty {
            canvas.flow(
                [TextRun("No scenario files were found in lessons/scenarios/ (ptt check says why).", Style(.warn))],
                in: content, y: &y)
            return
        }
        let broken = lab.library.skippedFiles.count
        let rows = max(1, content.maxY - y - (broken > 0 ? 2 : 0))
        let window = ScrollWindow(count: scenarios.count, rows: rows).visible(selected: lab.index, centered: false)
        let longest = scenarios.map { CharacterWidth.of($0.title) }.max() ?? 0
        let goalX = content.x + min(4 + longest + 3, content.width - 30)
        for i in window {
            let s = scenarios[i]
            let selected = i == lab.index
            let style = selected ? Style(.selection, bold: true) : Style(.normal)
            if selected {
                canvas.fill(Rect(x: content.x, y: y, width: content.width, height: 1), with: Cell(" ", style: style))
            }
            // A fixed column for the mark, so the goals line up and are never overwritten.
            let mark = Self.mark(app.progress.scenarios[s.id], short: true)
            let markX = content.maxX - 9
            canvas.put(
                String(format: "%2d  ", i + 1) + s.title, x: content.x, y: y, style: style,
                limit: min(goalX, markX) - 1)
            if goalX + 4 < markX {
                canvas.put(s.goalText, x: goalX, y: y, style: selected ? style : Style(.dim), limit: markX - 1)
            }
            canvas.put(mark.text, x: markX, y: y, style: selected ? style : mark.style)
            y += 1
        }
        if broken > 0 {
            y += 1
            canvas.put(
                "\(broken) scenario file\(broken == 1 ? " has" : "s have") problems: run ptt check", x: content.x, y: y,
                style: Style(.warn), limit: content.maxX)
        }
    }

    private func drawGame(_ app: AppModel, in content: Rect, on canvas: inout Canvas) {
        guard let game = lab.game else { return }
        var y = content.y
        let scenario = game.scenario
        let mark = Self.mark(app.progress.scenarios[scenario.id])
        canvas.put(
            "\(lab.index + 1)/\(lab.scenarios.count)  ", x: content.x, y: y, style: Style(.dim), limit: content.maxX)
        let titleX = content.x + CharacterWidth.of("\(lab.index + 1)/\(lab.scenarios.count)  ")
        canvas.put(
            scenario.title, x: titleX, y: y, style: Style(.heading, bold: true),
            limit: content.maxX - CharacterWidth.of(mark.text) - 1)
        canvas.put(mark.text, x: content.maxX - CharacterWidth.of(mark.text), y: y, style: mark.style)
        y += 1
        canvas.flow(
            [
                TextRun("Goal: ", Style(.strong, bold: true)), TextRun(scenario.goalText, Style(.code)),
                TextRun(game.isSolved ? "   ✓ reached" : "", Style(.ok, bold: true)),
            ], in: content, y: &y)
        y += 1

        // Prose at a readable measure, however wide the threads are.
        let measure = min(100, content.width)
        let bottom = messageLines(app, game: game, width: measure)
        let bottomHeight = bottom.count
        let threads = game.machine.threadCount
        let longest = game.machine.program.threads.map(\.instructions.count).max() ?? 0
        // Threads: a header, the program, the registers; then the shared state.
        let fixedBelow = 2 + 1 + bottomHeight
        let programRows = max(1, min(longest, content.maxY - y - fixedBelow - 2))
        let middleHeight = 1 + programRows + 1 + 2
        let room = content.maxY - y - middleHeight - bottomHeight

        if case .tree(let selected) = lab.mode {
            drawTree(
                game: game, selected: selected,
                in: Rect(x: content.x, y: y, width: content.width, height: max(3, room + middleHeight - 1)), on: &canvas
            )
        } else if case .reading(let offset) = lab.mode {
            let after = (lab.showsProof || game.isSolved) && !scenario.afterword.isEmpty
            let lines = proseLines(after ? scenario.prose + scenario.afterword : scenario.prose, width: measure)
            let rows = max(1, content.maxY - bottomHeight - y - 1)
            let first = min(offset, max(0, lines.count - rows))
            for line in lines.dropFirst(first).prefix(rows) {
                WrappedText(line).draw(in: Rect(x: content.x, y: y, width: content.width, height: 1), on: &canvas)
                y += 1
            }
            if lines.count > rows {
                let more = first + rows < lines.count ? "↓ more" : "end"
                canvas.put("(\(more))", x: content.x, y: y, style: Style(.dim), limit: content.maxX)
            }
        } else {
            if room <= 1 && !scenario.prose.isEmpty {
                // No room for the text: say where it is, at the right of the goal.
                let note = "x: the text"
                canvas.put(
                    note, x: content.maxX - CharacterWidth.of(note), y: y - 2, style: Style(.dim), limit: content.maxX)
            }
            if room > 1 {
                // After the proof or a solve, the afterword says what it means.
                let after = (lab.showsProof || game.isSolved) && !scenario.afterword.isEmpty
                let prose = proseLines(after ? scenario.afterword : scenario.prose, width: measure)
                let cut = prose.count > room - 1
                var shown = Array(prose.prefix(cut ? room - 2 : room - 1))
                while shown.last?.isEmpty == true { shown.removeLast() }
                if cut { shown.append([TextRun("… x: the whole text", Style(.dim))]) }
                for line in shown {
                    WrappedText(line).draw(in: Rect(x: content.x, y: y, width: content.width, height: 1), on: &canvas)
                    y += 1
                }
                if !shown.isEmpty { y += 1 }
            }
            drawThreads(game: game, rows: programRows, threads: threads, in: content, y: &y, on: &canvas)
        }
        // Under the threads when there is room, else as low as it fits.
        var by =
            lab.mode == .playing || lab.mode == .confirmingShow
            ? min(y, content.maxY - bottomHeight) : content.maxY - bottomHeight
        for line in bottom {
            WrappedText(line).draw(in: Rect(x: content.x, y: by, width: content.width, height: 1), on: &canvas)
            by += 1
        }
        if by < content.maxY {
            canvas.put(
                "A model of threads' steps, scheduled by hand: no threads run.", x: content.x,
                y: content.maxY - 1, style: Style(.dim), limit: content.maxX)
        }
    }

    private func proseLines(_ blocks: [Block], width: Int) -> [[TextRun]] {
        var lines: [[TextRun]] = []
        for block in blocks {
            let runs: [TextRun]
            switch block {
            case .paragraph(let text): runs = LessonLayout.runs(text)
            case .heading(_, let text): runs = LessonLayout.runs(text, base: Style(.subheading, bold: true))
            case .list(let items):
                runs = items.flatMap { [TextRun("• ")] + LessonLayout.runs($0.text) + [TextRun(" ")] }
            case .callout(let kind, let inner):
                let word = kind.rawValue.prefix(1) + kind.rawValue.dropFirst().lowercased()
                let body = inner.flatMap { block -> [TextRun] in
                    if case .paragraph(let text) = block { return LessonLayout.runs(text) + [TextRun(" ")] }
                    return []
                }
                runs = [TextRun("\(word): ", Style(kind == .note || kind == .tip ? .note : .warn, bold: true))] + body
            default: continue
            }
            if !lines.isEmpty { lines.append([]) }
            lines += WrappedText.wrap(runs, width: width)
        }
        return lines
    }

    private func drawThreads(
        game: SchedulerGame, rows: Int, threads: Int, in content: Rect, y: inout Int, on canvas: inout Canvas
    ) {
        let machine = game.machine
        let state = game.state
        // Three threads at 80 columns: take the margins and a narrower gap
        // before cutting an instruction short.
        let texts = machine.program.threads.map(Self.labelledTexts)
        let widest = texts.flatMap { $0 }.map { CharacterWidth.of($0) + 2 }.max() ?? 0
        let tight = (content.width - 2 * (threads - 1)) / max(1, threads) < widest
        let content = tight ? content.inset(left: -1, right: -1) : content
        let gap = tight ? 1 : 2
        let colW = max(10, (content.width - gap * (threads - 1)) / max(1, threads))
        let top = y
        for t in 0..<threads {
            let x = content.x + t * (colW + gap)
            let program = machine.program.threads[t]
            let me = state.threads[t]
            let limit = min(content.maxX, x + colW)
            let readiness = machine.readiness(of: t, in: state)
            let (word, style): (String, Style) =
                switch readiness {
                case .runnable: (me.inCritical ? "in critical" : "can run", Style(me.inCritical ? .warn : .ok))
                case .finished: ("✓ finished", Style(.dim))
                case .waitingForLock(let lock, let owner):
                    (
                        "⏸ \(machine.program.locks[lock]) held by \(machine.program.threads[owner].name)",
                        Style(.warn, bold: true)
                    )
                case .waitingForNotify(let c):
                    ("⏸ asleep on \(machine.program.conditions[c])", Style(.warn, bold: true))
                case .faulted: ("✗ faulted", Style(.bad, bold: true))
                }
            var hx = x
            hx = canvas.put("\(t + 1)", x: hx, y: top, style: Style(.statusKey, bold: true), limit: limit) + 1
            hx = canvas.put(program.name, x: hx, y: top, style: Style(.thread, bold: true), limit: limit) + 1
            canvas.put(word, x: hx, y: top, style: style, limit: limit)
            var ry = top + 1
            let count = program.instructions.count
            let first =
                count == 0
                ? 0
                : ScrollWindow(count: count, rows: rows).visible(selected: min(me.pc, count - 1), centered: true)
                    .lowerBound
            for i in first..<min(count, first + rows) {
                let current = i == me.pc
                let marker = current ? (readiness == .runnable ? "▶ " : "⏸ ") : "  "
                let text = texts[t].indices.contains(i) ? texts[t][i] : ""
                canvas.put(
                    marker + text, x: x, y: ry, style: current ? Style(.accent, bold: true) : Style(.normal),
                    limit: limit)
                ry += 1
            }
            if me.pc >= count && count < rows + first {
                canvas.put("▶ (end)", x: x, y: top + 1 + min(rows - 1, count - first), style: Style(.dim), limit: limit)
            }
            let registers = zip(program.registers, me.registers).map { "\($0) = \($1)" }.joined(separator: "  ")
            canvas.put(registers, x: x + 2, y: top + 1 + rows, style: Style(.thread), limit: limit)
        }
        y = top + 1 + rows + 1
        var shared: [String] = []
        for (name, value) in zip(machine.program.variables, state.values) { shared.append("\(name) = \(value)") }
        for (l, owner) in state.lockOwners.enumerated() {
            let holder = owner.map { "held by \(machine.program.threads[$0].name)" } ?? "free"
            shared.append("lock \(machine.program.locks[l]): \(holder)")
        }
        let x = canvas.put("shared  ", x: content.x, y: y, style: Style(.dim), limit: content.maxX)
        canvas.put(shared.joined(separator: "   "), x: x, y: y, style: Style(.strong, bold: true), limit: content.maxX)
        y += 2
    }

    /// The explorer's answer in the goal's own words: "18 of 20 orders end
    /// with counter != 2", "No order of these 78 states lets both threads in".
    static func proof(_ scenario: Scenario, _ found: Exploration) -> String {
        let summary = ExploreReport(scenario: scenario, exploration: found).summary
        guard found.complete else { return summary }
        let condition = scenario.goalText.split(separator: " ").dropFirst().joined(separator: " ")
        func what(_ one: Bool) -> String {
            switch scenario.goal {
            case .final: (one ? "ends" : "end") + " with \(condition)"
            case .ever: (one ? "reaches" : "reach") + " \(condition) at some step"
            case .deadlock: one ? "deadlocks" : "deadlock"
            case .bothCritical: (one ? "lets" : "let") + " both threads into the critical section"
            }
        }
        guard found.goalReachable else {
            return "No order of these \(found.states) states \(what(true)): it cannot happen."
        }
        guard let orders = found.orders, let failing = found.failingOrders else { return summary }
        return
            "\(failing) of \(orders) orders \(what(failing == 1)); the shortest takes \(found.shortestFailing.count) steps."
    }

    /// A thread's instructions as written, each after its label (`spin: if …`).
    static func labelledTexts(_ program: ThreadProgram) -> [String] {
        var names: [Int: String] = [:]
        for (name, index) in program.labels { names[index] = names[index].map { "\($0): \(name)" } ?? name }
        return program.texts.enumerated().map { i, text in names[i].map { "\($0): \(text)" } ?? text }
    }

    /// The tree of orders tried: one row per state, the current one marked.
    private func drawTree(game: SchedulerGame, selected: Int, in area: Rect, on canvas: inout Canvas) {
        var y = area.y
        canvas.put(
            "Orders tried: ↑↓ choose a state, Enter goes there, t closes", x: area.x, y: y,
            style: Style(.heading, bold: true), limit: area.maxX)
        y += 1
        let rows = lab.treeRows
        let window = ScrollWindow(count: rows.count, rows: max(1, area.maxY - y)).visible(
            selected: selected, centered: true)
        for i in window {
            let (node, indent, branch) = rows[i]
            let entry = game.nodes[node]
            let goal = game.machine.goalHolds(in: entry.state)
            let here = node == game.current
            let text =
                entry.thread == nil
                ? "start"
                : "\(entry.depth). \(entry.narration ?? threadName(entry.thread!))"
            let pad = String(repeating: "  ", count: min(max(0, indent - 1), 12))
            let line =
                (here ? "▶ " : "  ") + pad + (indent > 0 ? (branch.isEmpty ? "  " : branch) : "")
                + text + (goal ? "  ✓ goal" : "")
            let style =
                i == selected
                ? Style(.selection, bold: true) : here ? Style(.accent, bold: true) : goal ? Style(.ok) : Style(.normal)
            if i == selected {
                canvas.fill(Rect(x: area.x, y: y, width: area.width, height: 1), with: Cell(" ", style: style))
            }
            canvas.put(line, x: area.x, y: y, style: style, limit: area.maxX)
            y += 1
        }
    }

    /// What has happened and what the learner asked for, bottom up: the
    /// verdict, the hints shown, the proof, the question being asked.
    /// Who played the order on screen when the learner did not.
    private var playedBy: String {
        if lab.banner?.hasPrefix("replay") == true { return "the replayed order" }
        if lab.randomSeed != nil { return "the random schedule" }
        return "the shown order"
    }

    private func messageLines(_ app: AppModel, game: SchedulerGame, width: Int) -> [[TextRun]] {
        var lines: [[TextRun]] = []
        func add(_ runs: [TextRun]) { lines += WrappedText.wrap(runs, width: width) }
        let machine = game.machine
        let node = game.nodes[game.current]
        if let narration = node.narration {
            add([TextRun("› step \(node.depth): ", Style(.dim)), TextRun(narration, Style(.strong, bold: true))])
        } else {
            add([TextRun("Press a thread's number to let it run its next instruction.", Style(.dim))])
        }
        if let notice = app.notice {
            add([TextRun("› " + notice, Style(.warn, bold: true))])
        }
        if let banner = lab.banner {
            add([TextRun(banner, Style(.accent, bold: true))])
        }
        if let livelock = game.livelock {
            let names = livelock.threads.map(threadName).joined(separator: " and ")
            add([
                TextRun(" LIVELOCK ", Style(.bad, bold: true, reverse: true)),
                TextRun(
                    " step \(livelock.repeatedAt) is back in the state of step \(livelock.firstSeen): \(names) ran, nothing moved.",
                    Style(.bad, bold: true)),
            ])
        } else if machine.isDeadlocked(game.state) {
            let waits = (0..<machine.threadCount).filter { !machine.isFinished($0, in: game.state) }.map {
                "\(threadName($0)) \(machine.explain(machine.readiness(of: $0, in: game.state)))"
            }
            add([
                TextRun(" DEADLOCK ", Style(.bad, bold: true, reverse: true)),
                TextRun(" no thread can run: " + waits.joined(separator: "; ") + ".", Style(.bad, bold: true)),
            ])
        }
        if game.isSolved {
            if lab.assisted {
                add([
                    TextRun(" GOAL ", Style(.ok, bold: true, reverse: true)),
                    TextRun(" reached by \(playedBy) (\(game.order.count) steps): shown, not done.", Style(.ok)),
                ])
            } else if let shortest = lab.exploration?.shortestFailing.count, let score = game.score(shortest: shortest)
            {
                let verdict =
                    score.steps <= score.shortest ? "as short as it gets" : "the shortest takes \(score.shortest)"
                add([
                    TextRun(" SOLVED ", Style(.ok, bold: true, reverse: true)),
                    TextRun(" goal reached in \(score.steps) steps; \(verdict).", Style(.ok, bold: true)),
                ])
            }
        } else if game.isOver && !machine.isDeadlocked(game.state) {
            add([
                TextRun("Every thread has finished and the goal did not happen: ", Style(.warn)),
                TextRun("u undo, r restart, e prove.", Style(.dim)),
            ])
        }
        for (i, hint) in game.shownHints.enumerated() {
            add([TextRun("Hint \(i + 1): ", Style(.note, bold: true)), TextRun(hint)])
        }
        if lab.showsProof, let found = lab.exploration {
            let summary = Self.proof(game.scenario, found)
            var runs = [TextRun(" PROOF ", Style(.accent, bold: true, reverse: true)), TextRun(" " + summary)]
            if found.goalReachable {
                runs.append(TextRun("  p plays the shortest.", Style(.dim)))
            }
            add(runs)
        }
        if lab.mode == .confirmingShow {
            add([
                TextRun("Show an order that reaches the goal? ", Style(.warn, bold: true)),
                TextRun("The puzzle is then marked shown, not done.  y / n", Style(.warn)),
            ])
        }
        return lines
    }
}
