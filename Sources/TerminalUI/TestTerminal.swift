/// An in-memory terminal for tests: plays scripted events and keeps every
/// canvas it was given.
public final class TestTerminal: Terminal {
    public private(set) var size: Size
    public var usesColor: Bool
    public private(set) var frames: [Canvas] = []
    public private(set) var started = false
    public private(set) var stopped = false
    private var events: [Event]

    public init(size: Size = Size(width: 80, height: 24), events: [Event] = [], usesColor: Bool = false) {
        self.size = size
        self.events = events
        self.usesColor = usesColor
    }

    public func start() throws { started = true }
    public func stop() { stopped = true }

    /// Queues more events.
    public func send(_ more: Event...) { events.append(contentsOf: more) }

    /// The next scripted event. A resize event also changes `size`. When the
    /// script is over, reports SIGTERM so a loop under test always ends.
    public func nextEvent(timeout: Double?) -> Event? {
        guard !events.isEmpty else { return .terminate(signal: 15) }
        let e = events.removeFirst()
        if case .resize(let s) = e { size = s }
        return e
    }

    public func present(_ canvas: Canvas) { frames.append(canvas) }

    /// The last frame as text.
    public var screen: String { frames.last?.text ?? "" }
}
