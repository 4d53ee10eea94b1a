/// A problem found in a lesson or quiz file, with the file and line it is on.
///
/// Prints as `lessons/03-thread.md:12: unknown lab 'racee' (known: race, …)`;
/// a warning prints as `lessons/quiz/beginner.md:53: warning: …`.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible, Error {
    /// How bad a problem is. An error leaves the question or lesson out; a
    /// warning (a lint, such as a giveaway answer length) keeps it.
    public enum Severity: String, Sendable, Equatable {
        case error, warning
    }

    public var file: String
    /// 1-based line number.
    public var line: Int
    public var message: String
    public var severity: Severity

    public init(file: String, line: Int, message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.message = message
        self.severity = severity
    }

    public var isWarning: Bool { severity == .warning }

    /// Control characters from the file name or quoted file text are shown
    /// as `\x1b` (see ``ControlCharacters``): safe to print to a terminal.
    public var description: String {
        let place = "\(file.visibleControlCharacters):\(line)"
        let text = message.visibleControlCharacters
        return severity == .warning ? "\(place): warning: \(text)" : "\(place): \(text)"
    }
}
