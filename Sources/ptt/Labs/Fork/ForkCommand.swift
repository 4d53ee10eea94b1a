import ArgumentParser
import Labs

/// The fork lab in the registry, and `ptt demo fork`.
enum ForkLabEntry {
    static let entry = LabEntry(
        name: "fork", summary: "the child gets a copy of a variable and changes it; the parent's copy stays",
        command: ForkCommand.self, open: { app in ForkCommand.openScreen(&app) }, payloads: [ForkReport.self])
}

struct ForkCommand: LabCommand {
    static let configuration = CommandConfiguration(
        commandName: "fork", abstract: "A forked child changes its copy of a variable; the parent's stays.")

    @Flag(help: "Print one JSON report on stdout instead of the live screen.")
    var json = false

    @OptionGroup var show: LabShowOptions

    @OptionGroup var global: GlobalOptions

    func report() throws -> any Encodable { try ForkLab.run() }

    func open(_ app: inout AppModel) -> [Effect] { Self.openScreen(&app) }

    /// Puts the screen in front: it asks for a prediction, then forks.
    static func openScreen(_ app: inout AppModel) -> [Effect] { [.push(ForkScreen())] }
}
