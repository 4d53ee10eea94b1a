import Curriculum
import Labs
import TerminalUI

/// The one entry point for changes: routes a message to the screen in front
/// (a lab's message to the screen that holds the run), applies the
/// navigation it asks for, then keeps `model.progress` current (reading
/// position, lessons read) and asks for a save when a lesson was read.
func update(_ model: inout AppModel, _ msg: Msg) -> [Effect] {
    let readBefore = model.readLessons
    let effects = navigate(&model, updateScreens(&model, msg))
    return model.trackProgress(effects, readBefore: readBefore)
}

/// Routes a message to the screen it is for.
private func updateScreens(_ model: inout AppModel, _ msg: Msg) -> [Effect] {
    switch msg {
    case .resize(let size):
        model.size = size
        return model.withFront { screen, app in screen.receive(.resized, &app) }
    case .tick:
        return model.withFront { screen, app in screen.receive(.tick, &app) }
    case .lab(let run, let output):
        // To the screen that holds the run, wherever it is on the stack; a
        // run no screen holds any more is dropped.
        guard let i = model.stack.lastIndex(where: { $0.base.runs.contains(run) }) else { return [] }
        return model.withScreen(at: i) { screen, app in screen.receive(.lab(run, output), &app) }
    case .key(let key):
        model.notice = nil
        if model.isTooSmall {
            // Only leaving works while nothing can be shown.
            if key == .character("q") || key == .control("c") { return [.quit] }
            return []
        }
        if let overlay = model.overlay {
            return updateOverlay(&model, overlay, key)
        }
        if key == .character("?") && !(model.front?.base.takesText ?? false) {
            model.overlay = .help
            return []
        }
        if key == .character("P"), let front = model.front?.base, !front.takesText, !front.claims(key, model) {
            model.presenting.toggle()
            model.notice = model.presenting ? "presenter mode: P to leave" : "presenter mode off"
            return []
        }
        if key == .control("c") { return [.quit] }
        return model.withFront { screen, app in screen.handle(key, &app) ?? [] }
    }
}

private func updateOverlay(_ model: inout AppModel, _ overlay: AppModel.Overlay, _ key: Key) -> [Effect] {
    switch overlay {
    case .help:
        model.overlay = nil  // any key closes help
        return []
    case .contents(let selected):
        return model.withFront { screen, app in
            guard var reader = screen as? LessonScreen else {
                app.overlay = nil
                return []
            }
            let effects = reader.updateContents(&app, selected: selected, key)
            screen = reader
            return effects
        }
    }
}

extension AppModel {
    /// Lets the screen in front change itself and the app. It is taken off
    /// the stack meanwhile (a screen and the model it sits in cannot both be
    /// changed at once), and put back before its effects are applied.
    mutating func withFront(_ body: (inout any Screen, inout AppModel) -> [Effect]) -> [Effect] {
        guard !stack.isEmpty else { return [] }
        return withScreen(at: stack.count - 1, body)
    }

    mutating func withScreen(at index: Int, _ body: (inout any Screen, inout AppModel) -> [Effect]) -> [Effect] {
        var screen = stack[index].base
        stack[index] = AnyScreen(Placeholder())
        let effects = body(&screen, &self)
        stack[index] = AnyScreen(screen)
        return effects
    }

    /// Opens a live part (a lab or a quiz) on top of the screen in front.
    mutating func open(_ part: LivePart) -> [Effect] {
        switch part {
        case .lab(let name):
            guard let entry = labs.entry(named: name) else {
                notice = "lab \(name): not in this ptt"
                return []
            }
            return navigate(&self, entry.open(&self))
        case .quiz(let level):
            return navigate(
                &self,
                QuizScreen.open(
                    &self, level: QuizLevel(rawValue: level), section: nil, practice: false,
                    limit: QuizScreen.lessonQuizLength))
        case .diagram:
            return []
        }
    }
}

/// Stands in for a screen while it is being updated.
private struct Placeholder: Screen {
    var name: String { "…" }
    static var keyMap: KeyMap<Placeholder> { KeyMap([]) }
    func view(_ app: AppModel, on canvas: inout Canvas) {}
}

/// Applies the navigation effects (push, replace, pop) to the stack, and
/// returns the others for the loop, with what closing screens ask for
/// (stopping their labs). Popping the last screen quits.
func navigate(_ model: inout AppModel, _ effects: [Effect]) -> [Effect] {
    var out: [Effect] = []
    var queue = effects
    while !queue.isEmpty {
        let effect = queue.removeFirst()
        switch effect {
        case .push(let screen):
            model.stack.append(screen)
        case .replace(let screen):
            if let old = model.stack.popLast() { out += old.base.closing(model) }
            model.stack.append(screen)
        case .pop:
            guard let old = model.stack.popLast() else { continue }
            out += old.base.closing(model)
            model.overlay = nil
            if model.stack.isEmpty {
                out.append(.quit)
            } else {
                queue.insert(contentsOf: model.withFront { screen, app in screen.receive(.resumed, &app) }, at: 0)
            }
        default:
            out.append(effect)
        }
    }
    return out
}

/// Draws the whole screen for the model.
func view(_ model: AppModel) -> Canvas {
    var canvas = Canvas(size: model.size)
    if model.isTooSmall {
        TooSmallView(size: model.size).draw(in: canvas.bounds, on: &canvas)
        return canvas
    }
    guard let front = model.front?.base else { return canvas }
    if model.presenting {
        PresenterView.draw(front, model, on: &canvas)
    } else {
        front.view(model, on: &canvas)
    }
    PlaybackBanner(model).draw(on: &canvas)
    switch model.overlay {
    case .help?: HelpOverlay(sections: front.helpSections(model)).draw(in: canvas.bounds, on: &canvas)
    case .contents(let selected)?: (front as? LessonScreen)?.drawContents(model, selected: selected, on: &canvas)
    case nil: break
    }
    return canvas
}

/// The top row while a recording plays (its label: "replay of a run
/// recorded on DATE on MACHINE"), or in presenter mode while the display
/// is paused or slowed (the hint bar, which says so, is hidden there).
struct PlaybackBanner {
    var text: String?

    init(_ model: AppModel) {
        let playback = model.playback
        var parts: [String] = []
        if let label = playback.replayLabel, let short = playback.shortReplayLabel {
            let status = model.presenting ? playback.text.map { " · \($0)" } ?? "" : ""
            parts.append(CharacterWidth.of(label + status) + 2 <= model.size.width ? label : short)
        }
        if model.presenting, let status = playback.text { parts.append(status) }
        text = parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    func draw(on canvas: inout Canvas) {
        guard let text else { return }
        let row = Rect(x: 0, y: 0, width: canvas.width, height: 1)
        canvas.fill(row, with: Cell(" ", style: Style(.warn, bold: true, reverse: true)))
        canvas.put(" " + text, x: 0, y: 0, style: Style(.warn, bold: true, reverse: true), limit: canvas.width)
    }
}

/// What fills the screen below the minimum size.
struct TooSmallView: Widget {
    var size: Size
    func draw(in area: Rect, on canvas: inout Canvas) {
        let need = AppModel.minimumSize
        // Down to 20×5 every line fits whole.
        let narrow = area.width < 26
        let lines = [
            "terminal too small",
            "\(size.width)x\(size.height), need \(need.width)x\(need.height)",
            narrow ? "enlarge, or q quits" : "enlarge it, or q to quit",
        ]
        let top = max(0, (area.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            let w = CharacterWidth.of(line)
            canvas.put(
                line, x: max(0, (area.width - w) / 2), y: top + i,
                style: i == 0 ? Style(.warn, bold: true) : Style(.dim))
        }
    }
}
