import Foundation
import Labs

/// Saves every run a lab's screen makes (`ptt demo NAME --record FILE`):
/// each output with its time since its run started, tagged and encoded
/// through the lab's payload types, and each control the screen sent. The
/// whole file is written again, atomically, whenever a run ends and at quit.
final class SessionRecorder {
    let file: String
    let payloads: LabPayloads
    private(set) var recording: LabSessionRecording
    private var index: [RunID: Int] = [:]
    /// The last failed write, as it should be said ("FILE: cannot be written: …").
    private(set) var lastError: String?
    /// Successful writes so far.
    private(set) var writes = 0

    init(lab: String, file: String, payloads: LabPayloads, date: Date = Date(), machine: MachineInfo = .current()) {
        self.file = file
        self.payloads = payloads
        recording = LabSessionRecording(lab: lab, date: date, machine: machine)
        recording.arguments = Self.labArguments(CommandLine.arguments)
    }

    /// The lab's own options in `ptt … demo NAME OPTIONS`: without what
    /// says how to show it (`--record`, `--replay`, `--plain`, `--json`) and
    /// without the global options (the course, the progress file,
    /// presenter mode…), which belong to whoever replays it. Nil when the
    /// command line is not a `demo` one (tests).
    static func labArguments(_ arguments: [String]) -> [String]? {
        guard let at = arguments.firstIndex(of: "demo"), at + 1 < arguments.count else { return nil }
        let withValue: Set<String> = ["--record", "--replay", "--state", "--lessons", "--seed"]
        let flags: Set<String> = ["--plain", "--json", "--present", "--no-color", "--no-animation"]
        var kept: [String] = []
        var i = at + 2
        while i < arguments.count {
            let argument = arguments[i]
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if withValue.contains(argument) {
                i += 2
                continue
            }
            if !(withValue.contains(name) && argument.contains("=")) && !flags.contains(argument) {
                kept.append(argument)
            }
            i += 1
        }
        return kept
    }

    /// A run started with this detail.
    func begin(_ run: RunID, detail: String) {
        index[run] = recording.runs.count
        recording.runs.append(RecordedRun(detail: detail))
    }

    /// An output of `run`, `t` seconds after it started; `encoded` when the
    /// caller has already encoded it.
    func record(_ run: RunID, at t: Double, _ output: LabOutput, encoded: (tag: String, value: JSONValue)? = nil) {
        guard let i = index[run] else { return }
        let t = max(t, recording.runs[i].events.last?.tSeconds ?? 0)
        switch output {
        case .progress(let value), .finished(let value):
            guard let (tag, json) = encoded ?? payloads.encode(value) else {
                recording.runs[i].unrecorded += 1
                return
            }
            let kind: RecordedOutput.Kind
            if case .progress = output { kind = .progress } else { kind = .finished }
            recording.runs[i].events.append(RecordedOutput(tSeconds: t, kind: kind, tag: tag, value: json))
        case .failed(let message):
            recording.runs[i].events.append(RecordedOutput(tSeconds: t, kind: .failed, message: message))
        }
    }

    /// A `--json` report, as printed, `t` seconds after the run started.
    func recordJSON(_ run: RunID, at t: Double, _ report: any Encodable) throws {
        guard let i = index[run] else { return }
        let json = try JSONValue.encoding(report)
        recording.runs[i].events.append(
            RecordedOutput(tSeconds: t, kind: .finished, tag: LabSessionRecording.jsonReportTag, value: json))
    }

    /// A control the screen sent `run`, `t` seconds after it started.
    func control(_ run: RunID, at t: Double, _ control: LabControl) {
        guard let i = index[run] else { return }
        let t = max(t, recording.runs[i].controls.last?.tSeconds ?? 0)
        recording.runs[i].controls.append(RecordedControl(tSeconds: t, control: control.description))
    }

    /// Writes the file; false (and `lastError`) when that failed.
    @discardableResult
    func write() -> Bool {
        do {
            try recording.write(to: file)
            lastError = nil
            writes += 1
            return true
        } catch {
            lastError = "recording not saved: \(error.description)"
            return false
        }
    }
}
