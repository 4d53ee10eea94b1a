/// A lab setting outside its allowed range: names the field, what is allowed,
/// and what was given, e.g. `threads must be between 1 and 64, got 65`.
public struct LabConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The config field, as spelled in the Codable config (`threads`, `incrementsPerThread`).
    public let field: String
    /// What is allowed, such as `between 1 and 64`.
    public let allowed: String
    /// The rejected value, as text.
    public let value: String

    public init(field: String, allowed: String, value: String) {
        self.field = field
        self.allowed = allowed
        self.value = value
    }

    public var description: String { "\(field) must be \(allowed), got \(value)" }

    /// Throws unless `value` lies in `range`.
    static func require(_ field: String, _ value: Int, in range: ClosedRange<Int>) throws(LabConfigError) {
        guard range.contains(value) else {
            throw LabConfigError(
                field: field, allowed: "between \(range.lowerBound) and \(range.upperBound)",
                value: String(value))
        }
    }
}
