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
struct InterleaveScreen: Screen {
    var lab: InterleaveLabState

    init(scenarioIndex: Int = 0) { lab = InterleaveLabState(scenarioIndex: scenarioIndex) }

    var name: String { "lab interleave" }
    var needsTicks: Bool { lab.isPlaying }

    /// The scenario's goal needs `counter += 1` expanded, and it is not yet.
    private var needsExpanding: Bool {
        lab.scenario.goal.contains("expand") && !lab.stepper.options.expanded
    }

    static let keyMap = KeyMap<InterleaveScreen>([
        KeyBinding(
            .character("1"), .left, .character("2"), .right, label: "1/2", hint: "step T1/T2",
            help: "let T1 (1, ←) or T2 (2, →) run its next instruction", section: "Be the scheduler", priority: 90
        ) { s, app, key in
            s.lab.playing = []
            s.step(key == .character("1") || key == .left ? .t1 : .t2, &app)
            return []
        },
        KeyBinding(
            .character("x"), label: "x", hint: "expand", help: "expand / collapse counter += 1 into load, add, store",
            section: "Be the scheduler", priority: 15,
            when: { _, _ in true }
        ) { s, app, _ in
            s.lab.playing = []
            var o = s.lab.stepper.options
            o.expanded.toggle()
            s.lab.stepper.configure(o)
            app.notice = o.expanded ? "counter += 1 is load, add, store" : "counter += 1 as one step"
            return []
        },
        KeyBinding(
            .character("u"), .backspace, label: "u", hint: "undo", help: "undo one step", section: "Be the scheduler",
            priority: 60
        ) { s, app, _ in
            s.lab.playing = []
            if !s.lab.stepper.undo() { app.notice = "nothing to undo" }
            return []
        },
        KeyBinding(
            .character("r"), label: "r", hint: "reset", help: "reset the scenario", section: "Be the scheduler",
            priority: 40
        ) { s, _, _ in
            s.lab.playing = []
            s.lab.stepper.reset()
            return []
        },
        KeyBinding(
            .character("w"), label: "w", hint: "show a loss", help: "watch a losing order being played",
            section: "Be the scheduler", priority: 30
        ) { s, app, _ in
            if let order = s.lab.stepper.losingOrder() {
                s.lab.playing = order
                s.lab.ticksUntilStep = 0
            } else {
                app.notice = "no order loses an update from here"
            }
            return []
        },
        KeyBinding(
            .character("k"), label: "k", hint: "lock", help: "with / without the lock", section: "Be the scheduler",
            priority: 12
        ) { s, app, _ in
            s.lab.playing = []
            var o = s.lab.stepper.options
            o.locked.toggle()
            s.lab.stepper.configure(o)
            app.notice = o.locked ? "each increment now holds the lock" : "no lock"
            return []
        },
        KeyBinding(
            .character("n"), .tab, .character("p"), .backTab, label: "n", helpLabel: "n p  Tab", hint: "next",
            help: "next / previous scenario", section: "Be the scheduler", priority: 20
        ) { s, _, key in
            let n = InterleaveScenario.all.count
            let forward = key == .character("n") || key == .tab
            s.lab = InterleaveLabState(scenarioIndex: (s.lab.scenarioIndex + (forward ? 1 : n - 1)) % n)
            return []
        },
        .help, .back(), .quit,
    ])

    /// The bar: `x` stays whatever the width while the goal needs it.
    func statusBar(_ app: AppModel) -> StatusBar {
        var hints = Self.keyMap.hints(self, app)
        if needsExpanding, let i = hints.firstIndex(where: { $0.key == "x" }) {
            hints[i].priority = KeyBinding<InterleaveScreen>.essential
        }
        if lab.isPlaying { hints.insert(StatusBar.Hint("any key", "stop playing", priority: 95), at: 0) }
        return StatusBar(hints: hints).message(app.notice)
    }

    private mutating func step(_ thread: StepperThread, _ app: inout AppModel) {
        switch lab.stepper.step(thread) {
        case .done: app.notice = "\(thread) has finished"
        case .blocked(let by): app.notice = "\(thread) is blocked: \(by) holds the lock"
        case .executed: break
        }
    }

    mutating func receive(_ message: ScreenMessage, _ app: inout AppModel) -> [Effect] {
        guard case .tick = message, lab.isPlaying else { return [] }
        // Plays the next step of a losing order every `playDelay` ticks.
        if lab.ticksUntilStep > 0 {
            lab.ticksUntilStep -= 1
        } else {
            let thread = lab.playing.removeFirst()
            lab.stepper.step(thread)
            lab.ticksUntilStep = InterleaveLabState.playDelay
        }
        return []
    }

    func view(_ app: AppModel, on canvas: inout Canvas) {
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
            let first = ScrollWindow(count: program.count, rows: window).visible(selected: pc, centered: true).lowerBound
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
        statusBar(app).draw(in: statusRow, on: &canvas)
    }
}
