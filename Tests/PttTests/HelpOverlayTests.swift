import TerminalUI
import Testing

@testable import ptt

@Suite("The ? overlay")
struct HelpOverlayTests {
    static let long = "pause what the screen shows (the lab runs on, its events are held), or go on from there"

    @Test("at 80×24 a long description goes on under itself: every word shown, none cut with …")
    func wrapsLongDescriptions() {
        let overlay = HelpOverlay(sections: [
            .init(title: "Watching", keys: [("Space", Self.long), ("s  S", "slower or faster")]),
            .init(title: "Anywhere", keys: [("?", "this help"), ("q", "back")]),
        ])
        var canvas = Canvas(width: 80, height: 24)
        overlay.draw(in: canvas.bounds, on: &canvas)
        let text = canvas.lines.joined(separator: "\n")
        #expect(!text.contains("…"), "\(text)")
        let shown = canvas.lines.map { line in
            // The text between the frame's sides, keys left out.
            line.split(separator: "│").dropFirst().first.map(String.init) ?? ""
        }.joined(separator: " ")
        for word in Self.long.split(separator: " ") { #expect(shown.contains(word), "\(word) in\n\(text)") }
        #expect(text.contains("any key closes") && !text.contains("more keys"))
        // The second key starts on its own row, after the two rows of the first.
        let spaceRow = canvas.lines.firstIndex { $0.contains("Space") }
        let sRow = canvas.lines.firstIndex { $0.contains("s  S") }
        #expect(spaceRow != nil && sRow != nil && sRow! - spaceRow! == 2, "\(text)")
    }

    @Test("too many keys for the screen: the overlay says so instead of cutting a description in half")
    func saysMore() {
        let keys = (0..<30).map { ("k\($0)", Self.long) }
        var canvas = Canvas(width: 80, height: 24)
        HelpOverlay(sections: [.init(title: "Many", keys: keys)]).draw(in: canvas.bounds, on: &canvas)
        let text = canvas.lines.joined(separator: "\n")
        #expect(text.contains("more keys: enlarge the terminal"), "\(text)")
        #expect(!text.contains("…"))
    }
}
