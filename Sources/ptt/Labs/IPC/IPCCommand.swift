import ArgumentParser
import Labs

extension IPCTransport: ExpressibleByArgument {}

/// The ipc lab in the registry, and `ptt demo ipc`.
enum IPCLabEntry {
    static let entry = LabEntry(
        name: "ipc", summary: "a producer and a consumer process over a pipe, a socket pair or shared memory",
        command: IPCCommand.self, open: { app in IPCCommand.openScreen(IPCScreen(), &app) },
        payloads: [IPCSnapshot.self, IPCReport.self], childRoles: IPCChild.roles,
        bench: IPCBenchCommand.self)
}

/// An ipc run on the loop's terms: sampled each frame, controlled, stopped.
final class IPCRunning: RunningLab {
    let run: IPCRun

    init(_ run: IPCRun) { self.run = run }

    func sample() -> [LabOutput] {
        // The report first: once it is there both children are reaped, and
        // the snapshot taken after it shows how each ended.
        let report = run.report
        let snapshot = LabOutput.progress(run.snapshot)
        return report.map { [snapshot, .finished($0)] } ?? [snapshot]
    }

    func control(_ control: LabControl) {
        switch control.value as? IPCControl {
        case .pause?: run.pause()
        case .resume?: run.resume()
        case .delay(let nanos)?: run.setDelay(nanoseconds: nanos)
        case .kill(let side)?: run.kill(side)
        case nil: break
        }
    }

    func stop() { _ = run.stop() }
}

struct IPCCommand: LabCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipc",
        abstract: "A producer and a consumer, two processes, over a pipe, a socket pair or shared memory.")

    @Option(help: "Items to send (1…1,000,000,000; --json default 1,000,000; a live run ends at --seconds).")
    var items: Int?

    @Option(help: "The channel between the two processes: pipe, socket or shm.")
    var transport: IPCTransport = .pipe

    @Option(help: "Bytes per item, its 8-byte sequence number included (8…1,048,576).")
    var size: Int = 64

    @Option(help: "How long a live run may last, in seconds (0.1…600; default 5).")
    var seconds: Double?

    @Flag(help: "Print one JSON report on stdout instead of the live screen.")
    var json = false

    @OptionGroup var show: LabShowOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        try check(items, in: IPCConfig.itemRange, "--items")
        try check(size, in: IPCConfig.sizeRange, "--size", unit: " bytes")
        if let seconds, !seconds.isFinite { throw ValidationError("--seconds must be a number (got \(seconds))") }
        try check(seconds, in: 0.1...600, "--seconds")
    }

    func report() throws -> any Encodable {
        try IPCRun.run(IPCConfig(transport: transport, items: items ?? 1_000_000, itemSize: size))
    }

    func open(_ app: inout AppModel) -> [Effect] {
        var screen = IPCScreen()
        screen.lab.transport = transport
        screen.lab.itemSize = size
        screen.lab.predict = IPCLabState.step(size: size)
        if let items { screen.lab.items = items }
        if let seconds { screen.lab.seconds = seconds }
        return Self.openScreen(screen, &app)
    }

    /// Puts `screen` in front: it asks for a prediction, then starts its first run.
    static func openScreen(_ screen: IPCScreen, _ app: inout AppModel) -> [Effect] { [.push(screen)] }
}
