import Foundation

/// The ranges a number in `progress.json` must fall in. A file is edited
/// by hand, by a newer ptt or by an attacker; a value outside these makes
/// its entry nonsense, and the entry is set aside (see ``ProgressStore``)
/// rather than trusted into arithmetic that would trap.
public enum ProgressLimits {
    /// Reviews, lapses, lab runs: more than a learner could do in a lifetime.
    public static let count = 0...1_000_000_000
    /// A line in a lesson: a 16 MiB lesson has fewer lines than this.
    public static let position = 0...100_000_000
    /// FSRS stability, in days.
    public static let stability = FSRSScheduler.minimumStability...1_000_000
    /// FSRS difficulty.
    public static let difficulty = 1.0...10.0
    /// A Leitner box.
    public static let box = 0.0...1000.0
    /// Dates: 1970-01-01 to 9999-12-31, seconds since 1970.
    public static let date = 0.0...253_402_300_799.0

    static func check(_ value: Double, _ range: ClosedRange<Double>, _ name: String) throws {
        guard value.isFinite, range.contains(value) else {
            throw Problem("\(name) \(value) is out of range \(range.lowerBound)…\(range.upperBound)")
        }
    }

    static func check(_ value: Int, _ range: ClosedRange<Int>, _ name: String) throws {
        guard range.contains(value) else {
            throw Problem("\(name) \(value) is out of range \(range.lowerBound)…\(range.upperBound)")
        }
    }

    static func check(_ date: Date?, _ name: String) throws {
        guard let date else { return }
        guard date.timeIntervalSince1970.isFinite, Self.date.contains(date.timeIntervalSince1970) else {
            throw Problem("\(name) is not a date between 1970 and 9999")
        }
    }

    /// Why a value makes no sense.
    struct Problem: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// The entries a decode set aside, with why. Passed in the decoder's
/// `userInfo`; a decode runs on one thread, start to end.
final class SetAsideEntries: @unchecked Sendable {
    static let key = CodingUserInfoKey(rawValue: "ptt.setAside")!
    var problems: [String] = []
}

/// One entry of a map or list in the file: its value, or nil when it makes
/// no sense (then the reason is added to the decoder's ``SetAsideEntries``).
struct Checked<Value: Decodable>: Decodable {
    var value: Value?

    init(from decoder: any Decoder) throws {
        do {
            value = try Value(from: decoder)
        } catch {
            value = nil
            let path = decoder.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            let name = path.hasPrefix(".") ? String(path.dropFirst()) : path
            (decoder.userInfo[SetAsideEntries.key] as? SetAsideEntries)?.problems.append(
                "\(name): \(Self.reason(error))")
        }
    }

    static func reason(_ error: any Error) -> String {
        if let problem = error as? ProgressLimits.Problem { return problem.description }
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(key(context))is not a valid \(type == Int.self ? "whole number" : "\(type)")"
        case .valueNotFound(_, let context): return "\(key(context))is missing"
        case .keyNotFound(let key, _): return "\(key.stringValue) is missing"
        case .dataCorrupted(let context): return "\(key(context))\(context.debugDescription)"
        @unknown default: return "cannot be read"
        }
    }

    private static func key(_ context: DecodingError.Context) -> String {
        context.codingPath.last.map { "\($0.intValue.map(String.init) ?? $0.stringValue) " } ?? ""
    }
}

extension KeyedDecodingContainer {
    /// A map whose entries are checked one by one: the nonsense ones are left out.
    func decodeChecked<V: Decodable>(_ type: [String: V].Type, forKey key: Key) throws -> [String: V] {
        try decodeIfPresent([String: Checked<V>].self, forKey: key)?.compactMapValues(\.value) ?? [:]
    }

    /// A list whose entries are checked one by one.
    func decodeChecked<V: Decodable>(_ type: [V].Type, forKey key: Key) throws -> [V] {
        try decodeIfPresent([Checked<V>].self, forKey: key)?.compactMap(\.value) ?? []
    }
}

extension KeyedDecodingContainer {
    /// A whole number, nil when absent; anything else there (`1e300`, `"7"`)
    /// is a problem naming the key.
    func decodeWholeNumber(forKey key: Key) throws -> Int? {
        do {
            return try decodeIfPresent(Int.self, forKey: key)
        } catch {
            throw ProgressLimits.Problem("\(key.stringValue) is not a whole number in range")
        }
    }
}

extension Int {
    /// `self + other`, stopping at `Int.max` / `Int.min` instead of trapping.
    func saturatingAdd(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}
