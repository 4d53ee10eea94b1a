/// A key as the app sees it, whatever terminal it came from.
public enum Key: Sendable, Equatable, Hashable {
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, backspace, tab, backTab, delete
    case function(Int)
    /// Ctrl plus a letter, lowercase (`.control("c")`).
    case control(Character)
}

/// Something the loop reacts to.
public enum Event: Sendable, Equatable {
    case key(Key)
    /// The terminal has a new size.
    case resize(Size)
    /// A termination signal (SIGINT, SIGTERM, SIGHUP) arrived.
    case terminate(signal: Int32)
}

/// Where frames go and events come from: the ncurses terminal, or a test double.
///
/// Owners call `start()` once, then loop on `nextEvent`/`present`, and always
/// `stop()` (also after an error) so the real terminal is restored.
public protocol Terminal: AnyObject {
    var size: Size { get }
    func start() throws
    func stop()
    /// Waits for the next event for at most `timeout` seconds (nil: until one comes).
    func nextEvent(timeout: Double?) -> Event?
    /// Shows a canvas, writing only what changed since the last one.
    func present(_ canvas: Canvas)
}
