import ArgumentParser
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
    /// Runs the lab at full speed and returns its report.
    func report() throws -> any Encodable
    /// Opens the lab's screen with these options on an empty app: the
    /// effects push it and start it.
    func open(_ app: inout AppModel) -> [Effect]
}

extension LabCommand {
    func run() throws {
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
