/// Which rows of a long list a window of `rows` rows shows so that the
/// selected one is in sight: the one rule every scrolling list in ptt uses.
///
/// ```swift
/// ScrollWindow(count: 100, rows: 10).visible(selected: 42)              // 33..<43: selection at the bottom
/// ScrollWindow(count: 100, rows: 10).visible(selected: 42, centered: true) // 37..<47
/// ```
public struct ScrollWindow: Sendable, Equatable {
    public var count: Int
    public var rows: Int

    public init(count: Int, rows: Int) {
        self.count = max(0, count)
        self.rows = max(1, rows)
    }

    /// The indices on screen. `centered` keeps the selection in the middle
    /// (a map read around a point); otherwise the window moves only as far as
    /// it must (a menu).
    public func visible(selected: Int, centered: Bool = false) -> Range<Int> {
        let wanted = centered ? selected - rows / 2 : selected - rows + 1
        let first = max(0, min(wanted, count - rows))
        return first..<min(count, first + rows)
    }
}
