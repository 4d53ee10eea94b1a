import Curriculum
import TerminalUI

/// The loop: event -> update -> view -> present. It owns the terminal, blocks
/// on input when nothing moves (an idle ptt uses no CPU), and always gives the
/// terminal back, whether the user quits, a signal arrives or an error is thrown.
struct App {
    var model: AppModel

    /// Runs until the user quits or a termination signal arrives. Returns the
    /// exit status: 0 on quit, 128 + signal number after a signal.
    mutating func run(on terminal: any Terminal) throws -> Int32 {
        try terminal.start()
        defer { terminal.stop() }
        model.size = terminal.size
        if model.route == .lesson { LessonScreen.relayout(&model) }
        terminal.present(view(model))
        while true {
            guard let event = terminal.nextEvent(timeout: nil) else { continue }
            let effects: [Effect]
            switch event {
            case .terminate(let signal):
                return 128 + signal
            case .resize(let size):
                effects = update(&model, .resize(size))
            case .key(let key):
                effects = update(&model, .key(key))
            }
            if effects.contains(.quit) { return 0 }
            terminal.present(view(model))
        }
    }
}
