import ArgumentParser
import Labs

/// The memory lab in the registry, and `ptt demo memory`.
enum MemoryLabEntry {
    static let entry = LabEntry(
        name: "memory", summary: "ptt's real address space, its thread stacks and a forked child's, from /proc",
        command: MemoryCommand.self, open: { app in MemoryCommand.openScreen(MemoryScreen(), &app) },
        payloads: [MemoryReport.self])
}

/// The memory lab on the loop's terms: the threads and the child stay up
/// while the screen is open; each report is read off the UI thread.
final class MemoryRunning: RunningLab {
    /// The control that asks for the maps to be read again.
    static let refresh = "refresh"

    private let lab: MemoryLab
    private let reading = Mailbox<BackgroundJob<MemoryReport>?>(nil)

    init(_ lab: MemoryLab) throws {
        self.lab = lab
        try read()
    }

    private func read() throws {
        let lab = lab
        reading.post(try BackgroundJob.start(name: "memory-read") { lab.report() })
    }

    func sample() -> [LabOutput] {
        guard let job = reading.read(), let result = job.result else { return [] }
        reading.post(nil)
        switch result {
        case .success(let report): return [.progress(report)]
        case .failure(let error): return [.failed(String(describing: error))]
        }
    }

    /// Busy only while a read of the maps is under way.
    var isBusy: Bool { reading.read() != nil }

    func control(_ control: LabControl) {
        guard control.value as? String == Self.refresh, reading.read() == nil else { return }
        try? read()
    }

    func stop() {
        _ = reading.read()?.wait()
        lab.stop()
    }
}

struct MemoryCommand: LabCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory", abstract: "ptt's real address space, its thread stacks and a forked child's, from /proc."
    )

    @Option(
        help:
            "Extra threads to start, whose stacks the map shows (\(MemoryConfig.threadRange.lowerBound)…\(MemoryConfig.threadRange.upperBound); default 2)."
    )
    var threads: Int?

    @Flag(help: "Print one JSON report on stdout instead of the live screen.")
    var json = false

    @OptionGroup var show: LabShowOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws { try check(threads, in: MemoryConfig.threadRange, "--threads") }

    func report() throws -> any Encodable {
        let lab = try MemoryLab.start(MemoryConfig(threads: threads ?? 2))
        defer { lab.stop() }
        return lab.report()
    }

    func open(_ app: inout AppModel) -> [Effect] {
        var screen = MemoryScreen()
        if let threads { screen.lab.threads = threads }
        return Self.openScreen(screen, &app)
    }

    /// Puts `screen` in front: it asks for a prediction, then starts the lab.
    static func openScreen(_ screen: MemoryScreen, _ app: inout AppModel) -> [Effect] { [.push(screen)] }
}
