import TerminalUI

/// One screen of the tutor: home, a lesson, the quiz, a lab. The app keeps
/// them on a stack (`AppModel.stack`); the one on top gets the keys and is
/// drawn. Each screen holds its own state and declares its keys once
/// (`keyMap`): the key handler, the hint bar and the `?` overlay all read
/// that one table, so they cannot drift apart.
///
/// A screen changes itself and the shared parts of the app (`AppModel`: the
/// library, progress, the notice line) and returns effects for the loop to
/// carry out; it never does I/O itself.
protocol Screen: Sendable {
    /// Names the screen for tests and messages: `home`, `lesson`, `quiz`, `lab fork`.
    var name: String { get }
    /// Every key the screen takes, with its hint and help text.
    static var keyMap: KeyMap<Self> { get }
    /// Whether the loop should wake ~30 times a second while this screen is in front.
    var needsTicks: Bool { get }
    /// Seconds between those ticks when no lab runs: a frame (1/30 s) by
    /// default; a screen that shows only a clock asks for fewer.
    var tickInterval: Double { get }
    /// The lab runs whose messages this screen takes (see `RunID`).
    var runs: [RunID] { get }
    /// Messages that are not keys: time passed, a resize, the screen came
    /// back to the front, a lab's snapshot or end.
    mutating func receive(_ message: ScreenMessage, _ app: inout AppModel) -> [Effect]
    /// Called when the screen leaves the stack: stop what it started.
    func closing(_ app: AppModel) -> [Effect]
    /// Draws the screen (the status bar included) into `canvas`.
    func view(_ app: AppModel, on canvas: inout Canvas)
    /// Free text the status bar shows at its right end ("42%"), if any; it
    /// yields to the keys when room runs short.
    func status(_ app: AppModel) -> String?
    /// True while the screen takes typed text (a search): `?` is then a
    /// character, not the help.
    var takesText: Bool { get }
    /// The figures presenter mode shows large (`P`, `--present`), most
    /// important first; none: the screen is drawn as usual.
    func presenterFigures(_ app: AppModel) -> [PresenterFigure]
    /// The one line presenter mode puts above the figures.
    func presenterTitle(_ app: AppModel) -> String
}

extension Screen {
    var needsTicks: Bool { false }
    var tickInterval: Double { App.frameInterval }
    var runs: [RunID] { [] }
    mutating func receive(_ message: ScreenMessage, _ app: inout AppModel) -> [Effect] { [] }
    func closing(_ app: AppModel) -> [Effect] { runs.map { .stopLab($0) } }
    func status(_ app: AppModel) -> String? { nil }
    var takesText: Bool { false }
    func presenterFigures(_ app: AppModel) -> [PresenterFigure] { [] }
    func presenterTitle(_ app: AppModel) -> String { name }

    /// Whether the screen takes `key` itself now (not only through the
    /// shared presenter binding).
    func claims(_ key: Key, _ app: AppModel) -> Bool {
        guard let binding = Self.keyMap.binding(for: key, self, app) else { return false }
        return binding.help != KeyBinding<Self>.presenterHelp
    }

    /// Runs the first binding that takes `key` in the current state; nil
    /// when none does.
    mutating func handle(_ key: Key, _ app: inout AppModel) -> [Effect]? {
        guard let binding = Self.keyMap.binding(for: key, self, app) else { return nil }
        return binding.action(&self, &app, key)
    }

    /// The hint bar for the current state: the bindings that apply, by
    /// priority when room runs short, and the status text in what is left.
    /// While the display is paused or slowed the bar says so, and leaves
    /// out `s` and `.` to make room (the help and presenter legend keep them).
    func statusBar(_ app: AppModel, allHints: Bool = false) -> StatusBar {
        var hints = Self.keyMap.hints(self, app)
        let playback = app.notice == nil ? app.playback.text : nil
        if let playback, !allHints {
            hints.removeAll { $0.priority < KeyBinding<Self>.pausePriority }
            // What the display is doing is said whole: the least needed hints make room for it.
            func width(_ hint: StatusBar.Hint) -> Int {
                CharacterWidth.of(hint.key) + CharacterWidth.of(hint.label) + 3
            }
            let room = app.size.width - 2 - CharacterWidth.of(playback)
            while StatusBar(hints: hints).visibleHints(width: app.size.width).reduce(1, { $0 + width($1) }) > room,
                let drop = hints.indices.filter({
                    !hints[$0].essential && hints[$0].priority != KeyBinding<Self>.pausePriority
                })
                .min(by: { hints[$0].priority < hints[$1].priority })
            {
                hints.remove(at: drop)
            }
        }
        return StatusBar(hints: hints).message(app.notice ?? playback ?? status(app))
    }

    /// The `?` overlay's sections, from the same table.
    func helpSections(_ app: AppModel) -> [HelpOverlay.Section] { Self.keyMap.helpSections(self, app) }
}

/// What a screen hears besides keys.
enum ScreenMessage: Sendable {
    /// Time passed (only while `needsTicks`).
    case tick
    /// The terminal has a new size (already in `app.size`).
    case resized
    /// The screen is in front again after the one above it was closed.
    case resumed
    /// A message from one of the screen's lab runs.
    case lab(RunID, LabOutput)
}

/// A screen in a type-erased box, so screens of any type share one stack.
struct AnyScreen: Sendable {
    var base: any Screen

    init(_ base: any Screen) { self.base = base }

    var name: String { base.name }
}
