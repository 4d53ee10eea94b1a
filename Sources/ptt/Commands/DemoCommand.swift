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

extension DemoCommand {
    /// `ptt demo NAME … --replay FILE` with a FILE that is no recording of
    /// lab NAME this ptt can play (another lab's, a newer format, a payload
    /// of a type the lab does not send): the message to print, naming the file.
    static func replayProblem(in arguments: [String]) -> String? {
        guard let at = arguments.firstIndex(of: "demo"), at + 1 < arguments.count else { return nil }
        let name = arguments[at + 1]
        guard let entry = LabRegistry.standard.entry(named: name) else { return nil }
        var file: String?
        for (i, argument) in arguments.enumerated().dropFirst(at + 2) {
            if argument == "--" { break }
            if argument == "--replay", i + 1 < arguments.count { file = arguments[i + 1] }
            if argument.hasPrefix("--replay=") { file = String(argument.dropFirst("--replay=".count)) }
        }
        // Version 1 is a lab's own recording (the scheduler game's): that lab's command checks it.
        guard let file, LabSessionRecording.version(of: file) != 1 else { return nil }
        do {
            _ = try LabReplay.load(file, lab: name, payloads: LabPayloads(entry.payloads))
            return nil
        } catch {
            return "Error: \(error.description)\n  See 'ptt demo \(name) --help'."
        }
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

    /// Makes `plainRuns()` and prints their lines; `--record FILE` saves them.
    func runPlain() throws {
        let payloads = LabPayloads(lab: Self.labName)
        let recorder = show.record.map { SessionRecorder(lab: Self.labName, file: $0, payloads: payloads) }
        for (i, start) in try plainRuns().enumerated() {
            defer { recorder?.write() }
            try PlainRun.run(start, payloads: payloads, lab: Self.labName, recorder: recorder, number: i + 1) {
                line in
                FileHandle.standardOutput.write(Data((line.visibleControlCharacters + "\n").utf8))
            }
        }
        try Self.checkWrite(recorder)
    }

    /// A recording that could not be written: said on stderr, exit status 1.
    static func checkWrite(_ recorder: SessionRecorder?) throws {
        guard let recorder else { return }
        if recorder.writes == 0 || recorder.lastError != nil { recorder.write() }
        if let error = recorder.lastError {
            FileHandle.standardError.write(Data("ptt: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// `--replay FILE` read and checked against this lab's payloads.
    func loadReplay() throws -> LabReplay? {
        guard let file = show.replay else { return nil }
        do {
            return try LabReplay.load(file, lab: Self.labName, payloads: LabPayloads(lab: Self.labName))
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let replay = try loadReplay()
        if show.plain {
            if let replay {
                try PlainRun.tell(replay, payloads: LabPayloads(lab: Self.labName)) { line in
                    FileHandle.standardOutput.write(Data((line.visibleControlCharacters + "\n").utf8))
                }
            } else {
                try runPlain()
            }
            return
        }
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        if json || !interactive {
            if let replay {
                guard let report = replay.recording.finalReport?.value else {
                    throw ValidationError("\(replay.file): the recording has no report (no run finished)")
                }
                try printJSON(report)
            } else if let file = show.record {
                try recordReport(to: file)
            } else {
                try printJSON(try report())
            }
            return
        }
        if let replay, let recorded = replay.recording.arguments, !recorded.isEmpty,
            SessionRecorder.labArguments(CommandLine.arguments)?.isEmpty == true
        {
            // `--replay FILE` alone: the lab set up as it was recorded (the
            // same threads, the same run length), so each start finds its run.
            let typed = Ptt.hoistingGlobalOptions(Array(CommandLine.arguments.dropFirst()))
            let given = Array(typed.drop { $0 != "demo" }.dropFirst(2))
            try Self.parse(recorded + given).runScreen(replay: replay)
            return
        }
        try runScreen(replay: replay)
    }

    /// Opens the lab's screen on the terminal, recording or replaying.
    func runScreen(replay: LabReplay?) throws {
        let library = try global.loadLibrary()
        var model = AppModel(library: library, size: .init(width: 80, height: 24))
        model.recordTo = show.record.map { (Self.labName, $0) }
        model.replay = replay
        let effects = open(&model)
        try runApp(model: model, global: global, startEffects: effects)
    }

    /// `--json --record FILE`: the report run, saved as printed (tag `json`).
    func recordReport(to file: String) throws {
        let recorder = SessionRecorder(lab: Self.labName, file: file, payloads: LabPayloads(lab: Self.labName))
        let run = RunID(lab: Self.labName, number: 1)
        recorder.begin(run, detail: Self.jsonRunDetail)
        let started = MonotonicClock.now()
        do {
            let report = try report()
            try recorder.recordJSON(run, at: MonotonicClock.seconds(from: started, to: MonotonicClock.now()), report)
            try printJSON(report)
        } catch {
            recorder.record(
                run, at: MonotonicClock.seconds(from: started, to: MonotonicClock.now()),
                .failed(String(describing: error)))
            recorder.write()
            throw error
        }
        try Self.checkWrite(recorder)
    }

    /// The detail of the run `--json --record` saves.
    static var jsonRunDetail: String { "--json report" }
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
/// With a recorder, each output is saved with its time.
enum PlainRun {
    static func run(
        _ start: LabStart, payloads: LabPayloads, lab: String, executable: ChildExecutable = .current,
        recorder: SessionRecorder? = nil, number: Int = 1, say: (String) -> Void
    ) throws {
        let id = RunID(lab: lab, number: number)
        recorder?.begin(id, detail: start.detail)
        let started = MonotonicClock.now()
        func elapsed() -> Double { MonotonicClock.seconds(from: started, to: MonotonicClock.now()) }
        let running: any RunningLab
        do {
            running = try start.make(executable)
        } catch {
            recorder?.record(id, at: elapsed(), .failed(String(describing: error)))
            throw ValidationError("the \(lab) lab failed: \(error)")
        }
        defer { running.stop() }
        var teller = PlainTeller(payloads)
        var last: [String: JSONValue] = [:]
        while true {
            for output in running.sample() {
                if case .progress(let value) = output, let e = payloads.encode(value) {
                    if last[e.tag] == e.value { continue }
                    last[e.tag] = e.value
                }
                recorder?.record(id, at: elapsed(), output)
                switch output {
                case .progress, .finished:
                    teller.lines(for: output).forEach(say)
                    if case .finished = output { return }
                case .failed(let message):
                    throw ValidationError("the \(lab) lab failed: \(message)")
                }
            }
            MonotonicClock.sleep(nanoseconds: 20_000_000)
        }
    }

    /// As above, with the payload types as the registry lists them.
    static func run(
        _ start: LabStart, payloads: [any LabPayload.Type], lab: String, executable: ChildExecutable = .current,
        say: (String) -> Void
    ) throws {
        try run(start, payloads: LabPayloads(payloads), lab: lab, executable: executable, say: say)
    }

    /// `--replay FILE --plain`: the label, then each recorded run's lines, without waiting.
    static func tell(_ replay: LabReplay, payloads: LabPayloads, say: (String) -> Void) throws {
        say(replay.label)
        for run in replay.runs {
            var teller = PlainTeller(payloads)
            for (_, output) in run.outputs {
                if case .failed(let message) = output {
                    say("the run failed: \(message)")
                } else {
                    teller.lines(for: output).forEach(say)
                }
            }
        }
    }
}
