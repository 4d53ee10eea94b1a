import TerminalUI

/// The width from which a lab screen splits its body into two columns.
let labTwoColumnWidth = 140

/// Two side-by-side columns for a lab screen's body at widths of at least
/// `labTwoColumnWidth`, each at most `maxWidth` wide (a readable measure) and
/// centred as a pair; nil on narrower screens, which keep their single column.
func labColumns(_ area: Rect, maxWidth: Int = 100, gap: Int = 4) -> (left: Rect, right: Rect)? {
    guard area.width >= labTwoColumnWidth else { return nil }
    let inner = area.inset(left: 2, right: 2)
    let each = min(maxWidth, (inner.width - gap) / 2)
    let x = inner.x + (inner.width - (2 * each + gap)) / 2
    return (
        Rect(x: x, y: inner.y, width: each, height: inner.height),
        Rect(x: x + each + gap, y: inner.y, width: each, height: inner.height)
    )
}
