import TerminalUI

/// The playback keys every lab screen takes (Space, `s`, `.`): what they ask
/// of the runner, which holds each run's outputs and shows them by a
/// display clock of its own.
enum PlaybackKey: String, Sendable, Equatable {
    /// Stop showing outputs (the lab runs on), or go on from where the display is.
    case pause
    /// The display clock at ¼ speed, or back to full speed.
    case slow
    /// Show the next held output, and pause.
    case step
}

/// How the runner shows the screens their runs now, for the status bar,
/// the keys and the replay banner (the runner sets it after each frame).
struct PlaybackStatus: Equatable, Sendable {
    var paused = false
    var slow = false
    /// Outputs made but not shown yet.
    var held = 0
    /// Seconds the display is behind the live run.
    var behind = 0.0
    /// `--replay FILE`: "replay of a run recorded on DATE on MACHINE".
    var replayLabel: String?
    /// The recording's label without the machine's details.
    var shortReplayLabel: String?
    /// The runs the runner holds now (going, or with outputs not shown yet).
    var activeRuns: Set<RunID> = []

    /// Whether anything differs from showing each output as it comes.
    var isActive: Bool { paused || slow || held > 0 }

    /// What the status bar says: "paused — the lab runs on, 12 events held",
    /// "¼ speed, 2.3 s behind the run"; nil when the display is live.
    var text: String? {
        let events = "\(held) event\(held == 1 ? "" : "s")"
        let replaying = replayLabel != nil
        if paused {
            return replaying ? "replay paused — \(events) to come" : "paused — the lab runs on, \(events) held"
        }
        let late = behind >= 0.05 ? "\(oneDecimal(behind)) s behind the run" : nil
        if slow {
            if replaying { return "¼ speed replay" }
            return "¼ speed" + (late.map { ", \($0)" } ?? "")
        }
        if let late, held > 0, !replaying { return "\(late), \(events) held" }
        return nil
    }
}

extension KeyBinding {
    /// Space's place in the hint bar; `s` and `.` come just below it (and
    /// go first, while the bar says the display is paused or slowed).
    static var pausePriority: Int { 8 }
}

extension KeyBinding where S: Screen {
    /// Whether the playback keys apply: one of the screen's runs goes on
    /// (or has outputs held), or the display is paused or slowed.
    static func playbackApplies(_ screen: S, _ app: AppModel) -> Bool {
        screen.runs.contains { app.playback.activeRuns.contains($0) } || app.playback.isActive
    }

    /// Space: pause the display, or go on. A lab's own Space comes first.
    static var pause: KeyBinding {
        var binding = KeyBinding(
            .character(" "), label: "Space", hint: "pause",
            hintText: { _, app in app.playback.paused ? "go on" : "pause" },
            help: "pause what the screen shows (the lab runs on, its events are held), or go on from there",
            section: "Playback", priority: pausePriority, when: playbackApplies,
            action: { _, _, _ in [.playback(.pause)] })
        binding.yields = true
        return binding
    }

    /// `s` (or `S` where the lab uses `s`): the display at ¼ speed, or full speed.
    static var slow: KeyBinding {
        var binding = KeyBinding(
            .character("s"), .character("S"), label: "s", helpLabel: "s  S", hint: "slow",
            hintText: { _, app in app.playback.slow ? "full speed" : "slow" },
            labelText: { screen, app in
                // Where the lab's own `s` comes first, S is the one that slows.
                let own = S.keyMap.bindings.contains { !$0.yields && $0.takes(.character("s")) && $0.when(screen, app) }
                return own ? "S" : "s"
            },
            help: "show the run at ¼ speed, or at full speed again (S where the lab uses s)",
            section: "Playback", priority: pausePriority - 1, when: playbackApplies,
            action: { _, _, _ in [.playback(.slow)] })
        binding.yields = true
        return binding
    }

    /// `.`: show the next held event, paused.
    static var step: KeyBinding {
        var binding = KeyBinding(
            .character("."), label: ".", hint: "step", help: "pause, and show the next event the lab sent",
            section: "Playback", priority: pausePriority - 2, when: playbackApplies
        ) { _, _, _ in [.playback(.step)] }
        binding.yields = true
        return binding
    }
}
