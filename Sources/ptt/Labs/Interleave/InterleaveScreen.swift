import Labs
import TerminalUI

/// State of the interleaving stepper: the learner is the scheduler.
struct InterleaveLabState: Equatable {
    var scenarioIndex = 0
    var stepper: InterleaveModel
    /// Picks still to play for "show me a losing order".
    var playing: [StepperThread] = []
    var ticksUntilStep = 0

    init(scenarioIndex: Int = 0) {
        self.scenarioIndex = scenarioIndex
        self.stepper = InterleaveScenario.all[scenarioIndex].makeModel()
    }

    var scenario: InterleaveScenario { InterleaveScenario.all[scenarioIndex] }
    var isPlaying: Bool { !playing.isEmpty }

    /// Ticks between two played steps (~0.6 s at 30 frames a second).
    static let playDelay = 18
}

/// `ptt demo interleave`: two modelled threads' load / add / store, stepped by hand.
enum InterleaveScreen {
    static let help: [HelpOverlay.Section] = [
        HelpOverlay.Section(
            title: "Be the scheduler",
            keys: [
                ("1  ←", "let T1 run its next instruction"),
                ("2  →", "let T2 run its next instruction"),
                ("u  Backspace", "undo one step"),
                ("r", "reset the scenario"),
                ("w", "watch a losing order being played"),
                ("x", "expand / collapse counter += 1"),
                ("k", "with / without the lock"),
                ("n  p  Tab", "next / previous scenario"),
            ]),
        HelpOverlay.Section(title: "Anywhere", keys: [("?", "this help"), ("q  Esc", "back")]),
    ]

    static let hints: [StatusBar.Hint] = [
        .init("1/2", "step T1/T2"), .init("u", "undo"), .init("r", "reset"), .init("w", "show a loss"),
        .init("n", "next"), .init("?", "help"), .init("q", "back"),
    ]

    static func update(_ model: inout AppModel, _ key: Key) -> [Effect] {
        guard var lab = model.interleave else { return [] }
        // Any key but `w` stops a playback in progress.
        if lab.isPlaying && key != .character("w") { lab.playing = [] }
        switch key {
        case .character("q"), .escape:
            model.interleave = nil
            return LabLauncher.close(&model)
        case .character("1"), .left:
            step(&lab, .t1, &model)
        case .character("2"), .right:
            step(&lab, .t2, &model)
        case .character("u"), .backspace:
            if !lab.stepper.undo() { model.notice = "nothing to undo" }
        case .character("r"):
            lab.stepper.reset()
        case .character("x"):
            var o = lab.stepper.options
            o.expanded.toggle()
            lab.stepper.configure(o)
            model.notice = o.expanded ? "counter += 1 is load, add, store" : "counter += 1 as one step"
        case .character("k"):
            var o = lab.stepper.options
            o.locked.toggle()
            lab.stepper.configure(o)
            model.notice = o.locked ? "each increment now holds the lock" : "no lock"
        case .character("w"):
            if let order = lab.stepper.losingOrder() {
                lab.playing = order
                lab.ticksUntilStep = 0
            } else {
                model.notice = "no order loses an update from here"
            }
        case .character("n"), .tab:
            lab = InterleaveLabState(scenarioIndex: (lab.scenarioIndex + 1) % InterleaveScenario.all.count)
        case .character("p"), .backTab:
            let n = InterleaveScenario.all.count
            lab = InterleaveLabState(scenarioIndex: (lab.scenarioIndex + n - 1) % n)
        default:
            break
        }
        model.interleave = lab
        return []
    }

    private static func step(_ lab: inout InterleaveLabState, _ thread: StepperThread, _ model: inout AppModel) {
        switch lab.stepper.step(thread) {
        case .done: model.notice = "\(thread) has finished"
        case .blocked(let by): model.notice = "\(thread) is blocked: \(by) holds the lock"
        case .executed: break
        }
    }

    /// Plays the next step of a losing order every `playDelay` ticks.
    static func tick(_ model: inout AppModel) -> [Effect] {
        guard var lab = model.interleave, lab.isPlaying else { return [] }
        if lab.ticksUntilStep > 0 {
            lab.ticksUntilStep -= 1
        } else {
            let thread = lab.playing.removeFirst()
            lab.stepper.step(thread)
            lab.ticksUntilStep = InterleaveLabState.playDelay
        }
        model.interleave = lab
        return []
    }

    // MARK: - View

    static func view(_ model: AppModel, on canvas: inout Canvas) {
        guard let lab = model.interleave else { return }
        let area = canvas.bounds
        let (body, statusRow) = area.splitBottom(1)
        TitleBar(left: "Lab: interleave — you are the scheduler", right: "ptt demo interleave").draw(
            in: body.splitTop(1).top, on: &canvas)
        let content = columnRect(body.inset(top: 2), maxWidth: 90)
        var y = content.y
        let s = lab.stepper
        let scenarios = InterleaveScenario.all
        func line(_ runs: [TextRun]) { canvas.flow(runs, in: content, y: &y) }
        line([
            TextRun("Scenario \(lab.scenarioIndex + 1)/\(scenarios.count): ", Style(.dim)),
            TextRun(lab.scenario.title, Style(.heading, bold: true)),
        ])
        let met = lab.scenario.isMet(by: s)
        line([
            TextRun("Goal: ", Style(.strong, bold: true)), TextRun(lab.scenario.goal),
            TextRun(met ? "  ✓ done" : "", Style(.ok, bold: true)),
        ])
        y += 1

        // Three columns: T1's program, the shared memory, T2's program.
        let colW = max(14, (content.width - 4) / 3)
        let left = content.x
        let middle = content.x + colW + 2
        let right = content.x + 2 * (colW + 2)
        let program = s.program
        canvas.put("T1", x: left + 2, y: y, style: Style(.thread, bold: true))
        canvas.put("shared memory", x: middle + 1, y: y, style: Style(.dim))
        canvas.put("T2", x: right + 2, y: y, style: Style(.thread, bold: true))
        y += 1
        let top = y
        for (thread, x) in [(StepperThread.t1, left), (.t2, right)] {
            var ry = top
            let pc = s.pc(of: thread)
            let window = max(1, min(program.count, content.maxY - top - 9))
            let first = max(0, min(pc - window / 2, program.count - window))
            for (i, instr) in program.enumerated().dropFirst(first).prefix(window) {
                let current = i == pc
                let doneStep = i < pc
                let marker = current ? (s.isBlocked(thread) ? "⏸ " : "▶ ") : (doneStep ? "✓ " : "  ")
                let style = current ? Style(.accent, bold: true) : Style(doneStep ? .dim : .normal)
                canvas.put(marker + instr.text, x: x, y: ry, style: style, limit: x + colW)
                ry += 1
            }
            if pc >= program.count { canvas.put("finished", x: x + 2, y: ry, style: Style(.ok)) }
        }
        // The shared counter in a box, the lock under it.
        let boxW = min(colW, 17)
        let box = Rect(x: middle, y: top, width: boxW, height: 3)
        Box().style(Style(.process)).draw(in: box, on: &canvas)
        canvas.put(
            "counter  \(s.counter)", x: box.x + 2, y: box.y + 1, style: Style(.strong, bold: true), limit: box.maxX - 1)
        if s.options.locked {
            let holder = s.lockHolder.map { "held by \($0)" } ?? "free"
            canvas.put("lock: \(holder)", x: middle + 1, y: top + 3, style: Style(s.lockHolder == nil ? .ok : .warn))
        }
        y = top + max(4, min(program.count, content.maxY - top - 9) + 1)
        for (thread, x) in [(StepperThread.t1, left), (.t2, right)] {
            let reg = s.register(of: thread).map(String.init) ?? "—"
            canvas.put("register: \(reg)", x: x + 2, y: y, style: Style(.thread), limit: x + colW)
            if s.isBlocked(thread) {
                canvas.put("blocked on acquire", x: x + 2, y: y + 1, style: Style(.warn, bold: true), limit: x + colW)
            }
        }
        y += 3
        // The moment an update is lost.
        if case .executed(.store, let lost)? = s.lastOutcome, lost > 0 {
            line([
                TextRun(" LOST UPDATE ", Style(.bad, bold: true, reverse: true)),
                TextRun("  " + (s.log.last ?? ""), Style(.bad, bold: true)),
            ])
        } else if s.isFinished {
            let verdict =
                s.lostUpdates > 0
                ? TextRun(
                    "Finished: counter = \(s.counter), expected \(s.expected): \(s.lostUpdates) update\(s.lostUpdates == 1 ? "" : "s") lost.",
                    Style(.bad, bold: true))
                : TextRun(
                    "Finished: counter = \(s.counter), expected \(s.expected): nothing lost.", Style(.ok, bold: true))
            line([verdict])
        } else if s.log.isEmpty {
            line([TextRun("Press 1 or 2 to let a thread run its next instruction.", Style(.dim))])
        } else {
            y += 1
        }
        y += 1
        // The log, oldest first, the newest step marked; as much as fits.
        let room = content.maxY - y - 2
        if room > 0 && !s.log.isEmpty {
            let shown = s.log.suffix(room)
            for (i, entry) in shown.enumerated() {
                let newest = i == shown.count - 1
                line([TextRun((newest ? "› " : "  ") + entry, newest ? Style(.strong, bold: true) : Style(.dim))])
            }
        }
        y = max(y, content.maxY - 1)
        line([TextRun("A model of what the CPU does, stepped by hand: not a measurement.", Style(.dim))])
        StatusBar(hints: lab.isPlaying ? [.init("any key", "stop playing")] + hints : hints).message(model.notice).draw(
            in: statusRow, on: &canvas)
    }
}
