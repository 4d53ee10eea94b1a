import TerminalUI

/// The `?` overlay: the keys of the screen in front, in a framed box.
struct HelpOverlay: Widget {
    struct Section {
        var title: String
        var keys: [(String, String)]
    }

    var sections: [Section]

    func draw(in area: Rect, on canvas: inout Canvas) {
        dimBehindOverlay(&canvas)
        let keyWidth = sections.flatMap(\.keys).map { CharacterWidth.of($0.0) }.max() ?? 4
        let textWidth = sections.flatMap(\.keys).map { CharacterWidth.of($0.1) }.max() ?? 10
        let width = min(area.width - 2, keyWidth + textWidth + 7)
        // A description wider than the box goes on under itself, never cut.
        let wrapWidth = max(8, width - 4 - keyWidth - 2)
        func lines(_ text: String) -> [String] {
            WrappedText(text).lines(width: wrapWidth).map { $0.plainText }
        }
        // Titles and keys, a blank row between sections, a blank row and the note at the end.
        let rows =
            sections.reduce(0) { $0 + $1.keys.reduce(0) { $0 + lines($1.1).count } + 1 } + sections.count + 1
        let size = Size(width: width, height: min(area.height - 2, rows + 2))
        let box = area.centered(size)
        Box(title: "Keys").corners(.rounded).style(Style(.accent)).draw(in: box, on: &canvas)
        let inner = box.inset(top: 1, left: 2, bottom: 1, right: 2)
        var y = inner.y
        var cut = false
        for section in sections {
            guard y < inner.maxY - 1 else {
                cut = true
                break
            }
            canvas.put(section.title, x: inner.x, y: y, style: Style(.heading, bold: true), limit: inner.maxX)
            y += 1
            for (key, text) in section.keys {
                let wrapped = lines(text)
                guard y + wrapped.count <= inner.maxY - 1 else {
                    cut = true
                    break
                }
                canvas.put(key, x: inner.x, y: y, style: Style(.accent, bold: true), limit: inner.maxX)
                for line in wrapped {
                    canvas.put(
                        truncated(line, to: inner.maxX - inner.x - keyWidth - 2), x: inner.x + keyWidth + 2, y: y)
                    y += 1
                }
            }
            if cut { break }
            y += 1
        }
        if inner.height > 0 {
            let note = cut ? "more keys: enlarge the terminal · any key closes" : "any key closes"
            canvas.put(truncated(note, to: inner.width), x: inner.x, y: inner.maxY - 1, style: Style(.dim))
        }
    }
}

/// Dims everything already drawn, so an overlay reads as in front of it.
func dimBehindOverlay(_ canvas: inout Canvas) {
    canvas.restyle(canvas.bounds) { style in
        style = Style(.dim, dim: true)
    }
}
