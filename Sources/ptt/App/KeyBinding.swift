import TerminalUI

/// One key (or family of keys) a screen takes: what triggers it, how the
/// hint bar and the help show it, when it applies, and what it does.
///
/// ```swift
/// KeyBinding(.character("r"), label: "r", hint: "run again", help: "run the lab again") { lab, app, _ in
///     lab.start(&app)
/// }
/// ```
struct KeyBinding<S>: Sendable {
    typealias Action = @Sendable (inout S, inout AppModel, Key) -> [Effect]

    /// The keys that trigger it.
    var keys: [Key]
    /// Keys described by a rule instead (digits for a typed number).
    var matches: (@Sendable (Key) -> Bool)?
    /// How the keys are written in the hint bar and the help (`r`, `↑↓`, `1-4`).
    var label: String
    /// How the keys are written in the help, when it says more than `label` (`q  Esc`).
    var helpLabel: String?
    /// The word in the hint bar; nil: the key is in the help only.
    var hint: String?
    /// The word in the hint bar when it depends on the state (`back` or `quit`).
    var hintText: (@Sendable (S, AppModel) -> String)?
    /// The keys as the hint bar writes them, when that depends on the state (`1-3`).
    var labelText: (@Sendable (S, AppModel) -> String)?
    /// The sentence in the help overlay.
    var help: String
    /// The help overlay section it is listed under.
    var section: String
    /// Which hints go first when the bar is too narrow: lower first;
    /// `KeyBinding.essential` never goes.
    var priority: Int
    /// When the binding applies (a key the current state has no use for is
    /// neither shown nor taken).
    var when: @Sendable (S, AppModel) -> Bool
    var action: Action
    /// A shared binding that yields to the screen's own keys (the playback
    /// keys): its keys taken by an earlier binding that applies are left
    /// out of the hint bar and the help, and it is hidden when all are.
    var yields = false

    /// Kept in the bar whatever the width: help and back, and a key the
    /// current goal needs.
    static var essential: Int { 100 }

    init(
        _ keys: Key..., matching: (@Sendable (Key) -> Bool)? = nil, label: String, helpLabel: String? = nil,
        hint: String? = nil,
        hintText: (@Sendable (S, AppModel) -> String)? = nil, labelText: (@Sendable (S, AppModel) -> String)? = nil,
        help: String,
        section: String = "Keys", priority: Int = 10,
        when: @escaping @Sendable (S, AppModel) -> Bool = { _, _ in true },
        action: @escaping Action
    ) {
        self.keys = keys
        self.matches = matching
        self.label = label
        self.helpLabel = helpLabel
        self.hint = hint
        self.hintText = hintText
        self.labelText = labelText
        self.help = help
        self.section = section
        self.priority = priority
        self.when = when
        self.action = action
    }

    func takes(_ key: Key) -> Bool { keys.contains(key) || (matches?(key) ?? false) }
}

/// A screen's keys, declared once.
struct KeyMap<S>: Sendable {
    var bindings: [KeyBinding<S>]

    init(_ bindings: [KeyBinding<S>]) { self.bindings = bindings }

    /// The first binding that applies now and takes `key`.
    func binding(for key: Key, _ screen: S, _ app: AppModel) -> KeyBinding<S>? {
        bindings.first { $0.takes(key) && $0.when(screen, app) }
    }

    /// The hints that apply now, in their declared order; the bar drops the
    /// lowest priorities first.
    func hints(_ screen: S, _ app: AppModel) -> [StatusBar.Hint] {
        var seen = Set<String>()
        return bindings.indices.compactMap { i in
            let binding = bindings[i]
            guard let hint = binding.hint, binding.when(screen, app), let label = label(i, screen, app) else {
                return nil
            }
            let shown = binding.labelText?(screen, app) ?? label
            guard seen.insert(binding.yields ? shown : binding.label).inserted else { return nil }
            return StatusBar.Hint(shown, binding.hintText?(screen, app) ?? hint, priority: binding.priority)
        }
    }

    /// Binding `i`'s label now; nil for a yielding binding whose every key
    /// an earlier binding that applies takes.
    private func label(_ i: Int, _ screen: S, _ app: AppModel, help: Bool = false) -> String? {
        let binding = bindings[i]
        let plain = help ? binding.helpLabel ?? binding.label : binding.label
        guard binding.yields else { return plain }
        let taken = bindings[..<i].filter { $0.when(screen, app) }
        return binding.keys.allSatisfy { key in taken.contains { $0.takes(key) } } ? nil : plain
    }

    /// The help overlay: every binding that applies now, grouped by section
    /// in the order the sections first appear.
    func helpSections(_ screen: S, _ app: AppModel) -> [HelpOverlay.Section] {
        var sections: [HelpOverlay.Section] = []
        for (i, binding) in bindings.enumerated() where binding.when(screen, app) {
            guard let label = label(i, screen, app, help: true) else { continue }
            let row = (label, binding.help)
            if let i = sections.firstIndex(where: { $0.title == binding.section }) {
                if !sections[i].keys.contains(where: { $0 == row }) { sections[i].keys.append(row) }
            } else {
                sections.append(HelpOverlay.Section(title: binding.section, keys: [row]))
            }
        }
        return sections
    }
}

extension KeyBinding {
    /// `?`: the help overlay (the app opens it; listed so bar and help show it).
    static var help: KeyBinding {
        KeyBinding(
            .character("?"), label: "?", hint: "help", help: "this help", section: "Anywhere",
            priority: essential
        ) { _, app, _ in
            app.overlay = .help
            return []
        }
    }

    /// `P`: presenter mode on or off (the app takes it; listed so the help
    /// shows it). Help only: the presenter legend says how to leave.
    static var presenter: KeyBinding {
        KeyBinding(.character("P"), label: "P", help: presenterHelp, section: "Anywhere") { _, app, _ in
            app.presenting.toggle()
            return []
        }
    }

    static var presenterHelp: String { "presenter mode, for a class" }

    /// `q` / Esc: back to the screen below, or quit when this is the last.
    static func back(_ keys: Key..., when: @escaping @Sendable (S, AppModel) -> Bool = { _, _ in true }) -> KeyBinding {
        let keys = keys.isEmpty ? [Key.character("q"), .escape] : keys
        var binding = KeyBinding(
            label: "q", helpLabel: keys.contains(.escape) ? "q  Esc" : "q", hint: "back",
            help: "back (on the first screen: quit)", section: "Anywhere",
            priority: essential, when: when
        ) { _, _, _ in [.pop] }
        binding.keys = keys
        binding.hintText = { _, app in app.stack.count > 1 ? "back" : "quit" }
        return binding
    }

    /// Ctrl-C: quit ptt from anywhere.
    static var quit: KeyBinding {
        KeyBinding(.control("c"), label: "Ctrl-C", help: "quit ptt", section: "Anywhere") { _, _, _ in [.quit] }
    }
}
