import Foundation
import Glibc

/// Every run a lab's screen made, saved so it can be played back on the
/// same screen (`ptt demo NAME --record FILE`, then `--replay FILE`): each
/// run's outputs with their times and payloads, the controls sent to it,
/// and where and when it ran. A class on a VM where the race happens not to
/// lose updates still sees it.
///
/// The file is JSON (version 2):
///
/// ```json
/// {"format": "ptt-lab-recording", "version": 2, "lab": "race",
///  "date": "2026-12-01T20:15:00Z",
///  "machine": {"hostname", "cpuModel", "cpuCount", "kernel", "kernelRelease", "architecture"},
///  "runs": [{"detail": "CounterConfig(…)",
///            "events": [{"tSeconds": 0.03, "kind": "progress", "tag": "CounterSnapshot", "value": {…}},
///                       {"tSeconds": 3.01, "kind": "finished", "tag": "CounterReport", "value": {…}},
///                       {"tSeconds": 0.2, "kind": "failed", "message": "…"}],
///            "controls": [{"tSeconds": 1.5, "control": "proceed"}],
///            "unrecorded": 0}]}
/// ```
///
/// `tSeconds` counts from the start of its run. A payload's `tag` names its
/// type (`LabPayload.recordingTag`); `value` is the payload as its own JSON.
/// The tag `json` holds a `--json` report as printed.
public struct LabSessionRecording: Codable, Sendable, Equatable {
    public static var formatName: String { "ptt-lab-recording" }
    public static var currentVersion: Int { 2 }
    /// The tag of a `--json` report, recorded as printed.
    public static var jsonReportTag: String { "json" }

    public var format: String
    public var version: Int
    public var lab: String
    public var date: Date
    public var machine: MachineInfo
    /// In the order the screen started them.
    public var runs: [RecordedRun]
    /// The lab's own options as they were given (`--threads 4 --seconds
    /// 2`), so `--replay FILE` alone sets the lab up as it ran; nil in a
    /// file from before they were kept.
    public var arguments: [String]?

    public init(lab: String, date: Date, machine: MachineInfo, runs: [RecordedRun] = []) {
        format = Self.formatName
        version = Self.currentVersion
        self.lab = lab
        self.date = date
        self.machine = machine
        self.runs = runs
    }

    /// "replay of a run recorded on 2026-12-01 20:15 UTC on HOST (CPU, N CPUs, Linux 6.x)".
    public var label: String { RecordingFile.label(date: date, machine: machine) }

    /// The label without the machine's details, for a narrow line.
    public var shortLabel: String { label.range(of: " (").map { String(label[..<$0.lowerBound]) } ?? label }

    /// The last report recorded: a `--json` report if there is one, else
    /// the last `.finished` payload of any run.
    public var finalReport: RecordedOutput? {
        let finished = runs.flatMap(\.events).filter { $0.kind == .finished }
        return finished.last { $0.tag == Self.jsonReportTag } ?? finished.last
    }

    /// Writes the recording as JSON, atomically: a temporary file beside
    /// `path`, then rename; on failure no temporary file is left.
    public func write(to path: String) throws(LabRecordingError) {
        let data: Data
        do {
            data = try JSONValue.data(of: self)
        } catch {
            throw LabRecordingError(file: path, problem: "cannot be encoded: \(error)")
        }
        try RecordingFile.write(data, to: path)
    }

    /// The format version `file` says it has, if it is a ptt recording at
    /// all (version 1 is a lab's own, read by that lab: the scheduler game's).
    public static func version(of file: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: file),
            let header = try? JSONDecoder().decode(SessionHeader.self, from: data), header.format == formatName
        else { return nil }
        return header.version
    }

    /// Reads and checks a recording: the format marker, the version, the lab
    /// (when `lab` is given), times in order, and every tag among `tags`
    /// (when given; `json` is always known). Every problem names the file.
    public static func read(from path: String, lab expected: String? = nil, tags: Set<String>? = nil)
        throws(LabRecordingError) -> Self
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LabRecordingError(file: path, problem: access(path, F_OK) == 0 ? "cannot be read" : "does not exist")
        }
        return try decode(data, file: path, lab: expected, tags: tags)
    }

    /// As `read`, from bytes; `file` names them in errors.
    public static func decode(_ data: Data, file: String, lab expected: String? = nil, tags: Set<String>? = nil)
        throws(LabRecordingError) -> Self
    {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let header = try? decoder.decode(SessionHeader.self, from: data) else {
            throw LabRecordingError(file: file, problem: "is not a ptt recording (not JSON)")
        }
        guard header.format == formatName else {
            throw LabRecordingError(file: file, problem: "is not a ptt recording (no \"format\": \"\(formatName)\")")
        }
        guard let version = header.version, version >= 1 else {
            throw LabRecordingError(file: file, problem: "has no valid version")
        }
        guard version <= currentVersion else {
            throw LabRecordingError(
                file: file, problem: "was written by a newer ptt (version \(version); this one reads \(currentVersion))"
            )
        }
        guard version == currentVersion else {
            throw LabRecordingError(
                file: file,
                problem: "is a version \(version) recording; this ptt reads version \(currentVersion): record it again")
        }
        if let expected, let lab = header.lab, lab != expected {
            throw LabRecordingError(file: file, problem: "is a recording of lab '\(lab)', not '\(expected)'")
        }
        let recording: Self
        do {
            recording = try decoder.decode(Self.self, from: data)
        } catch let error as DecodingError {
            throw LabRecordingError(
                file: file, problem: "does not match the recording format: \(RecordingFile.describe(error))")
        } catch {
            throw LabRecordingError(file: file, problem: "cannot be decoded: \(error)")
        }
        for (r, run) in recording.runs.enumerated() {
            try check(run.events.map(\.tSeconds), "run \(r) event", file)
            try check(run.controls.map(\.tSeconds), "run \(r) control", file)
            for (e, event) in run.events.enumerated() {
                switch event.kind {
                case .progress, .finished:
                    guard let tag = event.tag, event.value != nil else {
                        throw LabRecordingError(file: file, problem: "run \(r) event \(e) has no tag or no value")
                    }
                    if let tags, tag != jsonReportTag, !tags.contains(tag) {
                        let known = tags.sorted().joined(separator: ", ")
                        throw LabRecordingError(
                            file: file,
                            problem:
                                "run \(r) event \(e) has tag '\(tag)', which the \(recording.lab) lab does not send (known: \(known.isEmpty ? "none" : known))"
                        )
                    }
                case .failed:
                    guard event.message != nil else {
                        throw LabRecordingError(file: file, problem: "run \(r) event \(e) failed with no message")
                    }
                }
            }
        }
        return recording
    }

    private static func check(_ times: [Double], _ what: String, _ file: String) throws(LabRecordingError) {
        var previous = 0.0
        for (i, t) in times.enumerated() {
            guard t.isFinite, t >= previous else {
                throw LabRecordingError(file: file, problem: "\(what) \(i) is out of time order (tSeconds \(t))")
            }
            previous = t
        }
    }

}

/// The fields read before the rest, to say clearly what a file is.
private struct SessionHeader: Decodable {
    var format: String?
    var version: Int?
    var lab: String?
}

/// One run as its screen saw it.
public struct RecordedRun: Codable, Sendable, Equatable {
    /// The run's configuration (`LabStart.detail`): a replay serves a start
    /// with the same detail from this run.
    public var detail: String
    /// In time order.
    public var events: [RecordedOutput]
    /// The controls the screen sent, in time order.
    public var controls: [RecordedControl]
    /// Outputs of a type the lab does not list as a payload (not saved).
    public var unrecorded: Int

    public init(detail: String, events: [RecordedOutput] = [], controls: [RecordedControl] = [], unrecorded: Int = 0) {
        self.detail = detail
        self.events = events
        self.controls = controls
        self.unrecorded = unrecorded
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        detail = try c.decode(String.self, forKey: .detail)
        events = try c.decode([RecordedOutput].self, forKey: .events)
        controls = try c.decodeIfPresent([RecordedControl].self, forKey: .controls) ?? []
        unrecorded = try c.decodeIfPresent(Int.self, forKey: .unrecorded) ?? 0
    }

    /// When its last event came, from its start.
    public var duration: Double { events.last?.tSeconds ?? 0 }
}

/// One output of a run: a snapshot, the report, or a failure.
public struct RecordedOutput: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case progress, finished, failed
    }

    public var tSeconds: Double
    public var kind: Kind
    /// The payload's type (`LabPayload.recordingTag`); nil for a failure.
    public var tag: String?
    public var value: JSONValue?
    /// A failure's message.
    public var message: String?

    public init(tSeconds: Double, kind: Kind, tag: String? = nil, value: JSONValue? = nil, message: String? = nil) {
        self.tSeconds = tSeconds
        self.kind = kind
        self.tag = tag
        self.value = value
        self.message = message
    }
}

/// A control the screen sent its run, as text (`String(describing:)`).
public struct RecordedControl: Codable, Sendable, Equatable {
    public var tSeconds: Double
    public var control: String

    public init(tSeconds: Double, control: String) {
        self.tSeconds = tSeconds
        self.control = control
    }
}
