/// A problem found in a lesson or quiz file, with the file and line it is on.
///
/// Prints as `lessons/03-thread.md:12: unknown lab 'racee' (known: race, …)`.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible, Error {
    public var file: String
    /// 1-based line number.
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// Control characters from the file name or quoted file text are shown
    /// as `\x1b` (see ``ControlCharacters``): safe to print to a terminal.
    public var description: String { "\(file.visibleControlCharacters):\(line): \(message.visibleControlCharacters)" }
}
