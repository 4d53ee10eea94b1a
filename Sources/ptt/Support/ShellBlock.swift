import TerminalUI

extension Canvas {
    /// "See it from a shell": a heading, then one command a row in code
    /// style with an optional note after it, as many as fit above `area`'s
    /// bottom. The labs that show what happened offer the commands that
    /// show the same from a terminal.
    mutating func shellBlock(
        _ heading: [TextRun], _ commands: [(command: String, note: String?)], in area: Rect, y: inout Int
    ) {
        flow(heading, in: area, y: &y)
        for (command, note) in commands where y < area.maxY {
            let end = put("  " + command, x: area.x, y: y, style: Style(.code), limit: area.maxX)
            if let note { put("   " + note, x: end, y: y, style: Style(.dim), limit: area.maxX) }
            y += 1
        }
    }

    /// The usual heading.
    static let seeItFromAShell = [TextRun("See it from a shell:", Style(.heading, bold: true))]
}
