import Curriculum
import Labs
import TerminalUI

/// The one entry point for changes: routes a message to the screen in front,
/// then keeps `model.progress` current (reading position, lessons read) and
/// asks for a save when a lesson was read.
func update(_ model: inout AppModel, _ msg: Msg) -> [Effect] {
    let readBefore = model.readLessons
    let effects = updateScreen(&model, msg)
    return model.trackProgress(effects, readBefore: readBefore)
}

/// Routes a message to the screen in front.
private func updateScreen(_ model: inout AppModel, _ msg: Msg) -> [Effect] {
    switch msg {
    case .resize(let size):
        model.size = size
        if model.route == .lesson { LessonScreen.relayout(&model) }
        return []
    case .tick:
        if model.route == .interleave { return InterleaveScreen.tick(&model) }
        return []
    case .labFailed where ProcessLabs.routes.contains(model.route):
        return ProcessLabs.receive(&model, msg)
    case .memoryReport(let report):
        let first = model.memory?.report == nil
        model.memory?.report = report
        model.memory?.failed = nil
        // Open on the first thread stack: what the lesson is about.
        if first, let rows = model.memory?.rows, let i = rows.firstIndex(where: { $0.kind == .threadStack }) {
            model.memory?.selected = i
        }
        return []
    case .labFailed(let message) where model.route == .memory:
        model.memory?.failed = message
        return []
    case .counterProgress, .counterFinished, .labFailed:
        return CounterScreen.receive(&model, msg)
    case .ipcProgress, .ipcFinished, .crashFinished, .forkFinished:
        return ProcessLabs.receive(&model, msg)
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
        if key == .character("?") {
            model.overlay = .help
            return []
        }
        switch model.route {
        case .home: return HomeScreen.update(&model, key)
        case .lesson: return LessonScreen.update(&model, key)
        case .counter: return CounterScreen.update(&model, key)
        case .interleave: return InterleaveScreen.update(&model, key)
        case .quiz: return QuizScreen.update(&model, key)
        case .ipc: return IPCScreen.update(&model, key)
        case .crash: return CrashScreen.update(&model, key)
        case .fork: return ForkScreen.update(&model, key)
        case .memory: return MemoryScreen.update(&model, key)
        }
    }
}

private func updateOverlay(_ model: inout AppModel, _ overlay: AppModel.Overlay, _ key: Key) -> [Effect] {
    switch overlay {
    case .help:
        model.overlay = nil  // any key closes help
        return []
    case .contents(let selected):
        return LessonScreen.updateContents(&model, selected: selected, key)
    }
}

/// Draws the whole screen for the model.
func view(_ model: AppModel) -> Canvas {
    var canvas = Canvas(size: model.size)
    if model.isTooSmall {
        TooSmallView(size: model.size).draw(in: canvas.bounds, on: &canvas)
        return canvas
    }
    switch model.route {
    case .home: HomeScreen.view(model, on: &canvas)
    case .lesson: LessonScreen.view(model, on: &canvas)
    case .counter: CounterScreen.view(model, on: &canvas)
    case .interleave: InterleaveScreen.view(model, on: &canvas)
    case .quiz: QuizScreen.view(model, on: &canvas)
    case .ipc: IPCScreen.view(model, on: &canvas)
    case .crash: CrashScreen.view(model, on: &canvas)
    case .fork: ForkScreen.view(model, on: &canvas)
    case .memory: MemoryScreen.view(model, on: &canvas)
    }
    switch model.overlay {
    case .help?: HelpOverlay(sections: helpSections(for: model)).draw(in: canvas.bounds, on: &canvas)
    case .contents(let selected)?: LessonScreen.drawContents(model, selected: selected, on: &canvas)
    case nil: break
    }
    return canvas
}

/// What fills the screen below the minimum size.
struct TooSmallView: Widget {
    var size: Size
    func draw(in area: Rect, on canvas: inout Canvas) {
        let need = AppModel.minimumSize
        let lines = [
            "terminal too small",
            "\(size.width)x\(size.height), need \(need.width)x\(need.height)",
            "enlarge it, or q to quit",
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
