import Foundation

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
