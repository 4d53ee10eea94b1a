import ArgumentParser
import Curriculum
import Foundation
import Labs

/// `ptt demo NAME`: a lab, live on a terminal or as one JSON report. Each
/// lab is a subcommand of its own (its options, its help), taken from the
/// lab registry: a lab added there shows up here.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a lab: a live screen on a terminal; --json (or no terminal) prints one JSON report.",
        discussion: """
            Examples:
              ptt demo race                       watch two threads lose updates
              ptt demo locked --threads 4         the same behind a mutex
              ptt demo atomic --json              one JSON report, full speed
              ptt demo ipc --transport shm        two processes, one shared-memory ring
              ptt demo fork                       the child changes its copy of a variable
            `ptt demo NAME --help` lists a lab's own options.
            """,
        subcommands: LabRegistry.standard.entries.map(\.command)
    )

    /// `ptt demo NAME …` with a NAME that is no lab: the message to print,
    /// before ArgumentParser would complain about the options that follow
    /// it instead of the name.
    static func unknownLab(in arguments: [String]) -> String? {
        guard let at = arguments.firstIndex(of: "demo") else { return nil }
        let known = LabRegistry.standard.names.joined(separator: ", ")
        guard at + 1 < arguments.count else {
            return "Error: name a lab (known: \(known))\nUsage: ptt demo NAME [options]\n  See 'ptt demo --help'."
        }
        let name = arguments[at + 1]
        guard !name.hasPrefix("-"), name != "help", LabRegistry.standard.entry(named: name) == nil else { return nil }
        return
            "Error: unknown lab '\(name)' (known: \(known))\nUsage: ptt demo NAME [options]\n  See 'ptt demo --help'."
    }
}

/// A lab's `ptt demo NAME` command: its options, the report it prints with
/// `--json` (or without a terminal), and the screen it opens otherwise.
protocol LabCommand: ParsableCommand {
    var json: Bool { get }
    var global: GlobalOptions { get }
    /// `--plain`, `--record FILE`, `--replay FILE` (every lab takes them).
    var show: LabShowOptions { get }
    /// Runs the lab at full speed and returns its report.
    func report() throws -> any Encodable
    /// Opens the lab's screen with these options on an empty app: the
    /// effects push it and start it.
    func open(_ app: inout AppModel) -> [Effect]
    /// The runs `--plain` makes, in order; each output is told one line per
    /// event through its type's `LabPayload.plainLines`.
    func plainRuns() throws -> [LabStart]
    /// `--plain`: by default makes `plainRuns()` and prints their lines; a
    /// lab without runs (the scheduler game) prints its own.
    func runPlain() throws
}

extension LabCommand {
    /// The lab's name in the registry and on the command line.
    static var labName: String { configuration.commandName ?? String(describing: Self.self) }

    func plainRuns() throws -> [LabStart] {
        throw ValidationError("ptt demo \(Self.labName) has no --plain mode")
    }

    func runPlain() throws {
        let payloads = LabRegistry.standard.entry(named: Self.labName)?.payloads ?? []
        for start in try plainRuns() {
            try PlainRun.run(start, payloads: payloads, lab: Self.labName) { line in
                FileHandle.standardOutput.write(Data((line.visibleControlCharacters + "\n").utf8))
            }
        }
    }

    func run() throws {
        if show.plain {
            try runPlain()
            return
        }
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        if json || !interactive {
            try printJSON(try report())
            return
        }
        let library = try global.loadLibrary()
        var model = AppModel(library: library, size: .init(width: 80, height: 24))
        let effects = open(&model)
        try runApp(model: model, global: global, startEffects: effects)
    }
}

/// Prints one JSON object on stdout: keys sorted, slashes as they are,
/// dates in ISO 8601. Every command's `--json` goes through here.
func printJSON(_ value: any Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    let data = try encoder.encode(value)
    FileHandle.standardOutput.write(data + Data("\n".utf8))
}

/// The range check every lab option uses: "--threads must be from 1 to 64 (got 99)".
func check<T: Comparable>(_ value: T?, in range: ClosedRange<T>, _ option: String, unit: String = "") throws {
    guard let value else { return }
    guard range.contains(value) else {
        throw ValidationError(
            "\(option) must be from \(range.lowerBound) to \(range.upperBound)\(unit) (got \(value))")
    }
}

/// One lab run told as plain lines: it is made on this thread, sampled
/// every 20 ms until it reports, and each output is told through the first
/// payload type that takes it (an output no payload takes says nothing).
enum PlainRun {
    static func run(
        _ start: LabStart, payloads: [any LabPayload.Type], lab: String, executable: ChildExecutable = .current,
        say: (String) -> Void
    ) throws {
        let running = try start.make(executable)
        defer { running.stop() }
        var previous: [String: any Sendable] = [:]
        while true {
            for output in running.sample() {
                switch output {
                case .progress(let value), .finished(let value):
                    for type in payloads {
                        guard let lines = type.plainLines(of: value, after: previous[type.recordingTag]) else {
                            continue
                        }
                        lines.forEach(say)
                        if !lines.isEmpty { previous[type.recordingTag] = value }
                        break
                    }
                    if case .finished = output { return }
                case .failed(let message):
                    throw ValidationError("the \(lab) lab failed: \(message)")
                }
            }
            MonotonicClock.sleep(nanoseconds: 20_000_000)
        }
    }
}
