import Foundation
import Labs

/// A value a lab run sends its screen — a snapshot while it runs, or its
/// report — that ptt can save in a recording (`ptt demo NAME --record
/// FILE`), read back (`--replay FILE`) and tell as plain lines (`--plain`).
/// Each lab lists its payload types in its registry entry
/// (`LabEntry.payloads`); the conformances live beside the lab's screen.
protocol LabPayload: Codable, Sendable {
    /// What `--plain` prints for this value: plain text, one line per event
    /// (no escape sequences, no box drawing, no colour). `previous` is the
    /// last value of this type told in the same run (nil for the first), so
    /// a snapshot sampled 30 times a second can say [] until something worth
    /// a line changed.
    func plainLines(after previous: Self?) -> [String]
}

extension LabPayload {
    /// The name a recording tags this type's values with.
    static var recordingTag: String { String(describing: Self.self) }

    /// `value`'s plain lines if it is of this type, else nil.
    static func plainLines(of value: any Sendable, after previous: (any Sendable)?) -> [String]? {
        guard let value = value as? Self else { return nil }
        return value.plainLines(after: previous as? Self)
    }
}

extension LabPayload {
    /// `value` as a recording holds it, if it is of this type.
    static func recorded(_ value: any Sendable) throws -> JSONValue? {
        guard let value = value as? Self else { return nil }
        return try JSONValue.encoding(value)
    }

    /// A recorded value of this type, as the run sent it.
    static func decodeRecorded(_ value: JSONValue) throws -> any Sendable {
        try value.decode(as: Self.self)
    }
}

/// A lab's payload types together (`LabEntry.payloads`): what tags a value,
/// encodes it for a recording, decodes it back, and tells it as plain lines.
struct LabPayloads: Sendable {
    var types: [any LabPayload.Type]

    init(_ types: [any LabPayload.Type]) { self.types = types }

    /// The lab's payloads, by its name in the registry.
    init(lab: String, in registry: LabRegistry = .standard) {
        self.init(registry.entry(named: lab)?.payloads ?? [])
    }

    var tags: Set<String> { Set(types.map { $0.recordingTag }) }

    /// `value`'s tag and JSON; nil when no payload type takes it.
    func encode(_ value: any Sendable) -> (tag: String, value: JSONValue)? {
        for type in types {
            if let json = try? type.recorded(value) { return (type.recordingTag, json) }
        }
        return nil
    }

    /// The value `tag` and `json` stand for.
    func decode(tag: String, _ json: JSONValue) throws -> any Sendable {
        guard let type = types.first(where: { $0.recordingTag == tag }) else {
            throw LabRecordingError(file: "recording", problem: "unknown tag '\(tag)'")
        }
        return try type.decodeRecorded(json)
    }

    /// An output's payload, decoded from a recorded event.
    func output(of event: RecordedOutput) throws -> LabOutput {
        switch event.kind {
        case .failed: return .failed(event.message ?? "failed")
        case .progress, .finished:
            let value = try decode(tag: event.tag ?? "", event.value ?? .null)
            return event.kind == .progress ? .progress(value) : .finished(value)
        }
    }
}

/// Tells a run's outputs as plain lines, one per event: each value through
/// the first payload type that takes it, with the last value of its type
/// that said something (an output no payload takes says nothing).
struct PlainTeller {
    var payloads: LabPayloads
    private var previous: [String: any Sendable] = [:]

    init(_ payloads: LabPayloads) { self.payloads = payloads }

    /// The lines for `output`; a failure is thrown by the caller, not told here.
    mutating func lines(for output: LabOutput) -> [String] {
        switch output {
        case .progress(let value), .finished(let value):
            for type in payloads.types {
                guard let lines = type.plainLines(of: value, after: previous[type.recordingTag]) else { continue }
                if !lines.isEmpty { previous[type.recordingTag] = value }
                return lines
            }
            return []
        case .failed: return []
        }
    }
}
