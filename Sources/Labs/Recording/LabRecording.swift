import Foundation
import Synchronization

/// Version 1 of the recording format, for one lab's own snapshots (the
/// scheduler game's, which has no runs); every lab's runs are recorded by
/// `LabSessionRecording` (version 2) instead.
///
/// What one run of a lab showed, saved so it can be played back on the same
/// screen (`ptt demo NAME --record FILE`, then `--replay FILE`): the
/// snapshots with their times, the final report, and where and when it ran.
/// A class on a VM where the race happens not to lose updates still sees it.
///
/// ```swift
/// let recorder = LabRecorder(lab: "deadlock", mailbox: snapshots)
/// recorder.startSampling(every: 0.05)
/// let report = try DeadlockLab.run(snapshots: snapshots)
/// try recorder.finish(report: report).write(to: "run.json")
///
/// let replay = try LabRecording<DeadlockSnapshot, DeadlockReport>.read(from: "run.json", lab: "deadlock")
/// replay.snapshot(at: 1.5)   // what the screen showed 1.5 s in
/// replay.label               // "replay of a run recorded on 2026-12-01 20:15 UTC on vm (…)"
/// ```
///
/// The file is JSON: `{format: "ptt-lab-recording", version, lab, date,
/// machine{hostname, cpuModel, cpuCount, kernel, kernelRelease,
/// architecture}, events[{tSeconds, snapshot}], report}`.
public struct LabRecording<Snapshot: Codable & Sendable, Report: Codable & Sendable>: Codable, Sendable {
    public static var formatName: String { "ptt-lab-recording" }
    public static var currentVersion: Int { 1 }

    public var format: String
    public var version: Int
    public var lab: String
    public var date: Date
    public var machine: MachineInfo
    /// In time order; `tSeconds` from the start of the run.
    public var events: [RecordedEvent<Snapshot>]
    /// Nil when the run was stopped before it reported.
    public var report: Report?

    public init(lab: String, date: Date, machine: MachineInfo, events: [RecordedEvent<Snapshot>], report: Report?) {
        format = Self.formatName
        version = Self.currentVersion
        self.lab = lab
        self.date = date
        self.machine = machine
        self.events = events
        self.report = report
    }

    /// Seconds from the first event to the last.
    public var duration: Double { events.last?.tSeconds ?? 0 }

    /// The snapshot on screen `seconds` into the run: the last one at or
    /// before that time (the first one before it, nil with no events).
    public func snapshot(at seconds: Double) -> Snapshot? {
        guard !events.isEmpty else { return nil }
        var low = 0
        var high = events.count
        while low < high {
            let middle = (low + high) / 2
            if events[middle].tSeconds <= seconds { low = middle + 1 } else { high = middle }
        }
        return events[max(0, low - 1)].snapshot
    }

    /// "replay of a run recorded on 2026-12-01 20:15 UTC on HOST (CPU, N CPUs, Linux 6.x)".
    public var label: String { RecordingFile.label(date: date, machine: machine) }

    /// Writes the recording as JSON, atomically (temporary file, then rename; none left on failure).
    public func write(to path: String) throws(LabRecordingError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data: Data
        do {
            data = try encoder.encode(self)
        } catch {
            throw LabRecordingError(file: path, problem: "cannot be encoded: \(error)")
        }
        try RecordingFile.write(data, to: path)
    }

    /// Reads and checks a recording: the format marker, the version, the lab
    /// (when `lab` is given), and events in time order. Every problem names the file.
    public static func read(from path: String, lab expected: String? = nil) throws(LabRecordingError) -> Self {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LabRecordingError(file: path, problem: access(path, F_OK) == 0 ? "cannot be read" : "does not exist")
        }
        return try decode(data, file: path, lab: expected)
    }

    /// As `read`, from bytes; `file` names them in errors.
    public static func decode(_ data: Data, file: String, lab expected: String? = nil) throws(LabRecordingError) -> Self
    {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let header = try? decoder.decode(RecordingHeader.self, from: data) else {
            throw LabRecordingError(file: file, problem: "is not a ptt recording (not JSON)")
        }
        guard header.format == formatName else {
            throw LabRecordingError(file: file, problem: "is not a ptt recording (no \"format\": \"\(formatName)\")")
        }
        guard let version = header.version, version >= 1 else {
            throw LabRecordingError(file: file, problem: "has no valid version")
        }
        guard version <= currentVersion else {
            throw LabRecordingError(file: file, problem: "was written by a newer ptt (version \(version))")
        }
        if let expected, let lab = header.lab, lab != expected {
            throw LabRecordingError(file: file, problem: "is a recording of lab '\(lab)', not '\(expected)'")
        }
        let recording: Self
        do {
            recording = try decoder.decode(Self.self, from: data)
        } catch let error as DecodingError {
            throw LabRecordingError(
                file: file,
                problem: "does not match this ptt's \(header.lab ?? "lab") format: \(RecordingFile.describe(error))")
        } catch {
            throw LabRecordingError(file: file, problem: "cannot be decoded: \(error)")
        }
        var previous = 0.0
        for (index, event) in recording.events.enumerated() {
            guard event.tSeconds.isFinite, event.tSeconds >= previous else {
                throw LabRecordingError(
                    file: file, problem: "event \(index) is out of time order (tSeconds \(event.tSeconds))")
            }
            previous = event.tSeconds
        }
        return recording
    }

}

/// The fields read before the rest, to say clearly what a file is.
private struct RecordingHeader: Decodable {
    var format: String?
    var version: Int?
    var lab: String?
}

/// One snapshot and when it was on screen.
public struct RecordedEvent<Snapshot: Codable & Sendable>: Codable, Sendable {
    public var tSeconds: Double
    public var snapshot: Snapshot

    public init(tSeconds: Double, snapshot: Snapshot) {
        self.tSeconds = tSeconds
        self.snapshot = snapshot
    }
}

extension RecordedEvent: Equatable where Snapshot: Equatable {}
extension LabRecording: Equatable where Snapshot: Equatable, Report: Equatable {}

/// A recording file that is missing, broken or of another lab: `FILE: problem`.
public struct LabRecordingError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var problem: String

    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "\(file): \(problem)" }
}

/// Samples a lab's `Mailbox` while it runs, keeping a snapshot each time it
/// changed, with its time since the recorder was made. Either call
/// `sample()` from the screen's own tick, or `startSampling(every:)` for a
/// thread of its own; `finish(report:)` stops and gives the recording.
public final class LabRecorder<Snapshot: Codable & Sendable & Equatable>: Sendable {
    public let lab: String
    private let mailbox: Mailbox<Snapshot>
    private let start: UInt64
    private let date: Date
    private let events = Mutex<[RecordedEvent<Snapshot>]>([])
    private let stop = CancellationFlag()
    private let sampler = Mutex<OSThreadGroup?>(nil)

    public init(lab: String, mailbox: Mailbox<Snapshot>) {
        self.lab = lab
        self.mailbox = mailbox
        start = MonotonicClock.now()
        date = Date()
    }

    /// Records the mailbox's value if it differs from the last one recorded.
    public func sample() {
        let value = mailbox.read()
        let t = MonotonicClock.seconds(from: start, to: MonotonicClock.now())
        events.withLock { list in
            if list.last?.snapshot != value { list.append(RecordedEvent(tSeconds: t, snapshot: value)) }
        }
    }

    /// Samples every `interval` seconds on a thread of its own until `finish`.
    public func startSampling(every interval: Double) throws(SystemCallError) {
        let nanoseconds = UInt64(max(0.001, interval) * 1e9)
        let group = try OSThreadGroup.start(count: 1, name: "recorder") { [self] _ in
            while !stop.isCancelled {
                sample()
                MonotonicClock.sleep(nanoseconds: nanoseconds)
            }
        }
        sampler.withLock { $0 = group }
    }

    /// Stops sampling (taking one last sample) and returns the recording.
    public func finish<Report: Codable & Sendable>(report: Report?) -> LabRecording<Snapshot, Report> {
        stop.cancel()
        sampler.withLock { $0 }?.join()
        sample()
        return LabRecording(
            lab: lab, date: date, machine: MachineInfo.current(), events: events.withLock { $0 }, report: report)
    }
}
