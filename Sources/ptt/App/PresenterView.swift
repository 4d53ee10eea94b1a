import TerminalUI

/// One figure presenter mode shows large: a label ("lost updates"), the
/// value as text ("1,234", drawn in block glyphs) and its unit beside it.
struct PresenterFigure: Sendable, Equatable {
    var label: String
    var value: String
    var unit: String
    /// How the value is coloured: `.bad` for lost updates, `.strong` otherwise.
    var role: ColorRole

    init(_ label: String, _ value: String, unit: String = "", role: ColorRole = .strong) {
        self.label = label
        self.value = value
        self.unit = unit
        self.role = role
    }

    /// A figure from text with its unit after the last space ("1.23 µs"):
    /// the number in big digits, the unit beside it.
    init(_ label: String, measured text: String, role: ColorRole = .strong) {
        if let space = text.lastIndex(of: " ") {
            self.init(label, String(text[..<space]), unit: String(text[text.index(after: space)...]), role: role)
        } else {
            self.init(label, text, role: role)
        }
    }
}

/// Presenter mode's layout, the same for every screen: the screen's title,
/// its figures in big digits (stacked, or two side by side when wide), and
/// its keys as a large legend. A screen without figures is drawn as usual
/// above the legend.
enum PresenterView {
    /// Rows one figure takes: its label, the glyphs, a blank row.
    static func figureHeight(scale: Int) -> Int { 1 + BigText.height * scale + 1 }

    /// Glyphs twice as large from 160×44 on (where four figures still fit).
    static func scale(_ size: Size) -> Int { size.width >= 160 && size.height >= 44 ? 2 : 1 }
    /// Figures shown at most, however large the terminal.
    static let mostFigures = 4

    /// Figures side by side: two from 160 columns on.
    static func columns(width: Int) -> Int { width >= 160 ? 2 : 1 }

    /// How many figures fit in a terminal of `size` with a legend of `legendRows`.
    static func capacity(_ size: Size, legendRows: Int) -> Int {
        let rows = max(0, (size.height - 2 - legendRows) / figureHeight(scale: scale(size)))
        return min(mostFigures, rows * columns(width: size.width))
    }

    /// Draws `screen` (the one in front) in presenter mode.
    static func draw(_ screen: any Screen, _ model: AppModel, on canvas: inout Canvas) {
        let area = canvas.bounds
        let legend = legendLines(screen, model, width: area.width)
        // What the hidden status bar would say ("stopped", "recorded to …"),
        // on a row of its own above the legend.
        let message = model.notice ?? screen.status(model)
        let legendRows = legend.count * 2 + (message == nil ? 0 : 1)
        let top = Rect(x: 0, y: 0, width: area.width, height: max(0, area.height - legendRows))
        let figures = screen.presenterFigures(model)
        if figures.isEmpty {
            // Drawn as usual one row taller, its own hint bar hidden under the legend.
            var copy = model
            copy.size = Size(width: area.width, height: top.height + 1)
            var under = Canvas(size: copy.size)
            screen.view(copy, on: &under)
            canvas.blit(under, from: top, at: Point(x: 0, y: 0))
        } else {
            TitleBar(left: screen.presenterTitle(model), right: "presenter · P leaves").draw(
                in: Rect(x: 0, y: 0, width: area.width, height: 1), on: &canvas)
            let shown = Array(figures.prefix(capacity(area.size, legendRows: legendRows)))
            let cols = min(columns(width: area.width), max(1, shown.count))
            let colWidth = area.width / cols
            let scale = scale(area.size)
            let height = figureHeight(scale: scale)
            for (i, figure) in shown.enumerated() {
                let rect = Rect(
                    x: (i % cols) * colWidth + 2, y: 2 + (i / cols) * height, width: colWidth - 4, height: height)
                drawFigure(figure, scale: scale, in: rect, on: &canvas)
            }
        }
        if let message {
            canvas.fill(Rect(x: 0, y: top.maxY, width: area.width, height: 1))
            canvas.put(
                truncated(message, to: max(1, area.width - 4)), x: 2, y: top.maxY, style: Style(.strong, bold: true),
                limit: area.width)
        }
        drawLegend(legend, at: top.maxY + (message == nil ? 0 : 1), on: &canvas)
        // High contrast: nothing dim, for the back of a room.
        canvas.restyle { style in
            var style = style
            style.dim = false
            if style.role == .dim { style.role = .normal }
            return style
        }
    }

    /// One figure: its label, the value in glyphs at `scale` (smaller, or
    /// plain bold text, when that does not fit), its unit at the glyphs' foot.
    static func drawFigure(_ figure: PresenterFigure, scale: Int, in rect: Rect, on canvas: inout Canvas) {
        let label = Style(.heading, bold: true)
        canvas.put(figure.label, x: rect.x, y: rect.y, style: label, limit: rect.maxX)
        let unitWidth = figure.unit.isEmpty ? 0 : CharacterWidth.of(figure.unit) + 2
        let fitting = (1...scale).reversed().lazy.map {
            BigText(figure.value).style(Style(figure.role, bold: true)).scale($0)
        }.first { $0.width + unitWidth <= rect.width }
        if let big = fitting {
            big.draw(in: Rect(x: rect.x, y: rect.y + 1, width: big.width, height: big.rows), on: &canvas)
            if !figure.unit.isEmpty {
                canvas.put(figure.unit, x: rect.x + big.width + 2, y: rect.y + big.rows, style: label, limit: rect.maxX)
            }
        } else {
            // Too wide for glyphs: the figure as bold text, never cut.
            let text = figure.unit.isEmpty ? figure.value : "\(figure.value) \(figure.unit)"
            canvas.put(text, x: rect.x, y: rect.y + 3, style: Style(figure.role, bold: true), limit: rect.maxX)
        }
    }

    /// The screen's keys (as its hint bar has them, none dropped) and `P`,
    /// in rows that fit `width`, each key set apart and three columns between.
    static func legendLines(_ screen: any Screen, _ model: AppModel, width: Int) -> [[StatusBar.Hint]] {
        let hints = screen.statusBar(model, allHints: true).hints + [StatusBar.Hint("P", "leave presenter")]
        var lines: [[StatusBar.Hint]] = [[]]
        var x = 2
        for hint in hints {
            let w = itemWidth(hint)
            if x + w > width - 1 && !lines[lines.count - 1].isEmpty {
                lines.append([])
                x = 2
            }
            lines[lines.count - 1].append(hint)
            x += w + 3
        }
        return lines
    }

    static func itemWidth(_ hint: StatusBar.Hint) -> Int {
        CharacterWidth.of(hint.key) + 2 + 1 + CharacterWidth.of(hint.label)
    }

    /// Each legend row under a blank one: the key in reverse video, its word in bold.
    static func drawLegend(_ lines: [[StatusBar.Hint]], at y: Int, on canvas: inout Canvas) {
        for (row, line) in lines.enumerated() {
            let ly = y + row * 2 + 1
            canvas.fill(Rect(x: 0, y: ly - 1, width: canvas.width, height: 2))
            var x = 2
            for hint in line {
                x = canvas.put(" \(hint.key) ", x: x, y: ly, style: Style(.statusKey, bold: true, reverse: true))
                x = canvas.put(" \(hint.label)", x: x, y: ly, style: Style(.strong, bold: true)) + 3
            }
        }
    }
}
