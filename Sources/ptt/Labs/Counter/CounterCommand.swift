import ArgumentParser
import Labs

/// The three counter labs in the registry (one screen, three kinds), and
/// `ptt demo race|locked|atomic`.
enum CounterLabs {
    static let race = entry(.race, RaceCommand.self, "threads increment one counter with no lock and lose updates")
    static let locked = entry(.locked, LockedCommand.self, "the same counter behind a mutex: nothing lost")
    static let atomic = entry(.atomic, AtomicCommand.self, "the same counter with an atomic add: nothing lost")

    private static func entry(_ kind: CounterKind, _ command: any LabCommand.Type, _ summary: String) -> LabEntry {
        LabEntry(
            name: kind.rawValue, summary: summary, command: command,
            open: { _ in [.push(CounterScreen(kind: kind))] }, payloads: [CounterSnapshot.self, CounterReport.self],
            bench: kind == .race ? CounterBenchCommand.self : nil)
    }
}

/// A counter run on the loop's terms: sampled each frame, stopped on demand.
final class CounterRunning: RunningLab {
    let run: CounterRun

    init(_ run: CounterRun) { self.run = run }

    func sample() -> [LabOutput] {
        if let report = run.report { return [.progress(run.snapshot), .finished(report)] }
        return [.progress(run.snapshot)]
    }

    func stop() { run.cancel() }
}

/// The options the three counter labs share.
struct CounterOptions: ParsableArguments {
    @Option(help: "Threads (1…64; default 2).")
    var threads: Int?

    @Option(help: "Increments per thread (1…1,000,000,000; default 1,000,000).")
    var increments: Int?

    @Option(help: "A live run is spread over this many seconds (0.1…600; default 3); --json runs at full speed.")
    var seconds: Double?

    @Flag(help: "Print one JSON report on stdout instead of the live screen.")
    var json = false

    @OptionGroup var show: LabShowOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        try check(threads, in: CounterConfig.threadRange, "--threads")
        try check(increments, in: CounterConfig.incrementRange, "--increments")
        if let seconds, !seconds.isFinite { throw ValidationError("--seconds must be a number (got \(seconds))") }
        try check(seconds, in: 0.1...600, "--seconds")
    }

    func report(_ kind: CounterKind) throws -> any Encodable {
        try CounterRun.run(
            CounterConfig(kind: kind, threads: threads ?? 2, incrementsPerThread: increments ?? 1_000_000))
    }

    /// The lab's screen with these options (the registry opens it with the defaults).
    func open(_ kind: CounterKind, _ app: inout AppModel) -> [Effect] {
        var screen = CounterScreen(kind: kind)
        if let threads { screen.lab.threads = threads }
        if let increments { screen.lab.incrementsPerThread = increments }
        if let seconds { screen.lab.seconds = seconds }
        // The question is for these settings (its range is threads × increments).
        screen.lab.predict = screen.lab.newStep()
        return [.push(screen)]
    }
}

struct RaceCommand: LabCommand {
    static let configuration = CommandConfiguration(
        commandName: "race", abstract: "Threads increment one shared counter with no lock, and updates are lost.")
    @OptionGroup var options: CounterOptions
    var json: Bool { options.json }
    var show: LabShowOptions { options.show }
    var global: GlobalOptions { options.global }
    func report() throws -> any Encodable { try options.report(.race) }
    func open(_ app: inout AppModel) -> [Effect] { options.open(.race, &app) }
}

struct LockedCommand: LabCommand {
    static let configuration = CommandConfiguration(
        commandName: "locked", abstract: "The same counter behind a mutex: no update is lost.")
    @OptionGroup var options: CounterOptions
    var json: Bool { options.json }
    var show: LabShowOptions { options.show }
    var global: GlobalOptions { options.global }
    func report() throws -> any Encodable { try options.report(.locked) }
    func open(_ app: inout AppModel) -> [Effect] { options.open(.locked, &app) }
}

struct AtomicCommand: LabCommand {
    static let configuration = CommandConfiguration(
        commandName: "atomic", abstract: "The same counter with an atomic add: no update is lost.")
    @OptionGroup var options: CounterOptions
    var json: Bool { options.json }
    var show: LabShowOptions { options.show }
    var global: GlobalOptions { options.global }
    func report() throws -> any Encodable { try options.report(.atomic) }
    func open(_ app: inout AppModel) -> [Effect] { options.open(.atomic, &app) }
}
