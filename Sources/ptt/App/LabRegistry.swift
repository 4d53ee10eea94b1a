import ArgumentParser
import Curriculum
import Labs

/// One lab, as the app knows it: everything that names the lab is here or
/// in its own folders (`Sources/Labs/<Lab>/`, `Sources/ptt/Labs/<Lab>/`).
struct LabEntry: Sendable {
    /// The name in `ptt demo NAME` and in a lesson's ```` ```lab NAME ```` fence.
    var name: String
    /// One line for `ptt demo --help`, the home screen and `ptt progress`.
    var summary: String
    /// `ptt demo NAME`: its options, its JSON report, its live screen.
    var command: any LabCommand.Type
    /// Opens the lab's screen with its default settings (from a lesson, the home screen).
    var open: @Sendable (inout AppModel) -> [Effect]
    /// The types its runs send (snapshots, reports): what a recording
    /// saves and `--plain` tells (see `LabPayload`).
    var payloads: [any LabPayload.Type] = []
    /// The roles its child processes take (`ptt __child ROLE`).
    var childRoles: [ChildRole] = []
    /// Its suite in `ptt bench`, if it has one.
    var bench: BenchSuite?
    /// Opens the lab at what another lab's result points to (the race lab's
    /// "one losing order like yours"), with that lab's figures by name.
    var follow: (@Sendable (inout AppModel, [String: Int]) -> [Effect])?
}

/// Every lab there is, in the order the course meets them: the one table
/// `ptt demo`, `ptt check`, the lesson launcher, `ptt bench`, the help and
/// `ptt progress` read.
struct LabRegistry: Sendable {
    var entries: [LabEntry]

    static let standard = LabRegistry(entries: [
        CounterLabs.race, CounterLabs.locked, CounterLabs.atomic,
        InterleaveLab.entry,
        IPCLabEntry.entry,
        CrashLabEntry.entry,
        ForkLabEntry.entry,
        MemoryLabEntry.entry,
        SwitchLabEntry.entry,
        SpawnLabEntry.entry,
        ScalingLabEntry.entry,
        ClaimsLabEntry.entry,
        DeadlockLabEntry.entry,
        ThreadsOverheadLabEntry.entry,
    ])

    var names: [String] { entries.map(\.name) }

    func entry(named name: String) -> LabEntry? { entries.first { $0.name == name } }

    /// Opens lab `name` at what `figures` point to; [] (and a notice) when the lab has no such link.
    func follow(_ name: String, _ figures: [String: Int], _ app: inout AppModel) -> [Effect] {
        guard let follow = entry(named: name)?.follow else {
            app.notice = "lab \(name): not in this ptt"
            return []
        }
        return follow(&app, figures)
    }

    /// Every child role of every lab, for `ptt __child`.
    var childRoles: [ChildRole] { entries.flatMap(\.childRoles) }

    /// The lessons whose pages embed lab `name`, by id.
    func lessons(embedding name: String, in library: LessonLibrary) -> [String] {
        library.lessons.filter { lesson in
            lesson.blocks.contains { block in
                if case .live(.lab(let lab), _) = block { lab == name } else { false }
            }
        }.map(\.id)
    }
}
