import ArgumentParser
import Labs

/// The crash lab in the registry, and `ptt demo crash`.
enum CrashLabEntry {
    static let entry = LabEntry(
        name: "crash", summary: "a child's segfault ends that process only; a thread's ends its whole process",
        command: CrashCommand.self, open: { app in CrashCommand.openScreen(&app) }, payloads: [CrashReport.self],
        childRoles: CrashChild.roles)
}

struct CrashCommand: LabCommand {
    static let configuration = CommandConfiguration(
        commandName: "crash", abstract: "A child process segfaults while ptt goes on; a thread takes its process down.")

    @Flag(help: "Print one JSON report on stdout instead of the live screen.")
    var json = false

    @OptionGroup var show: LabShowOptions

    @OptionGroup var global: GlobalOptions

    func report() throws -> any Encodable { try CrashLab.run() }

    func open(_ app: inout AppModel) -> [Effect] { Self.openScreen(&app) }

    /// Puts the screen in front: it asks for two predictions, then crashes.
    static func openScreen(_ app: inout AppModel) -> [Effect] { [.push(CrashScreen())] }
}
