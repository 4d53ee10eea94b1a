import Curriculum
import TerminalUI

/// A lesson laid out for one width: the document measured block by block
/// (drawn only where it is shown, see ``FlowDocument``), plus where its
/// headings and live parts landed (for the table of contents and for Enter
/// on a lab). Time and memory grow linearly with the lesson.
struct LessonLayout: Sendable {
    struct Heading: Sendable, Equatable {
        var title: String
        var level: Int
        var y: Int
    }

    struct LiveSpot: Sendable, Equatable {
        var part: LivePart
        var y: Int
        var height: Int
        /// Its left edge in the document (a live part in a centred column starts right of 0).
        var x = 0
    }

    var width: Int
    /// The laid-out lesson; `canvas.lines` is its text.
    var canvas: FlowDocument
    var headings: [Heading]
    var liveParts: [LiveSpot]
    /// The widgets and what each block is, kept so that a new width only
    /// measures again (`relaid(width:)`), without making the widgets again.
    private var blocks: Blocks

    var height: Int { canvas.height }

    /// A lesson's widgets, one per block, with the headings and live parts among them.
    private struct Blocks: @unchecked Sendable {
        // @unchecked: widgets are immutable values that only draw (see `FlowDocument`).
        var widgets: [any FlowWidget]
        /// (widget index, title, level).
        var headings: [(index: Int, title: String, level: Int)]
        /// (widget index, part); diagrams are left out (they are read, not started).
        var liveParts: [(index: Int, part: LivePart)]
    }

    /// Lays a lesson out. `available` says which live parts can be started now
    /// (the others are drawn as "not built yet"); `plain` is for `--plain`
    /// output, where live parts name the command to run instead of a key.
    /// `measure`: prose keeps at most that many columns, centred, while
    /// tables, code and live parts take the whole width when they need it
    /// (nil: everything takes the width). For a long lesson `available` is
    /// called from several threads at once: it must only read.
    init(lesson: Lesson, width: Int, available: (LivePart) -> Bool, plain: Bool = false, measure: Int? = nil) {
        var blocks = Blocks(widgets: [], headings: [], liveParts: [])
        var first = lesson.blocks.startIndex
        // The reader shows the title in its header; a leading "# Title" would repeat it.
        if case .heading(1, let text)? = lesson.blocks.first, text.plainText == lesson.title { first += 1 }
        let body = Array(lesson.blocks[first...])
        // A long lesson's widgets are made on every CPU (each block's alone).
        blocks.widgets = body.mapInParallel(minimumCount: FlowDocument.widgetsForThreads) { block in
            let widget = Self.widget(for: block, available: available, plain: plain)
            guard let measure else { return widget }
            let flexible: Bool =
                switch block {
                case .table, .code, .live(.diagram, _): true
                default: false
                }
            return Measured(child: widget, measure: measure, flexible: flexible)
        }
        for (index, block) in body.enumerated() {
            switch block {
            case .heading(let level, let text): blocks.headings.append((index, text.plainText, level))
            case .live(let part, _) where part.kindOf != .diagram: blocks.liveParts.append((index, part))
            default: break
            }
        }
        self.init(blocks: blocks, width: width)
    }

    /// Measures `blocks` for `width` (at least 10 columns).
    private init(blocks: Blocks, width: Int) {
        let width = max(10, width)
        let document = FlowDocument(width: width, widgets: blocks.widgets, spacing: 1)
        let placements = document.placements
        self.width = width
        self.canvas = document
        self.headings = blocks.headings.map { Heading(title: $0.title, level: $0.level, y: placements[$0.index].y) }
        self.liveParts = blocks.liveParts.map { index, part in
            let placed = placements[index]
            return LiveSpot(
                part: part, y: placed.y, height: placed.height,
                x: (placed.widget as? Measured)?.column(for: width).x ?? 0)
        }
        self.blocks = blocks
    }

    /// The same lesson laid out for another width: the widgets are reused,
    /// only measured again (a resize).
    func relaid(width: Int) -> LessonLayout {
        LessonLayout(blocks: blocks, width: width)
    }

    // MARK: - Blocks to widgets

    static func runs(_ text: RichText, base: Style = .plain) -> [TextRun] {
        text.map { span in
            switch span.emphasis {
            case .plain: TextRun(span.text, base)
            case .strong: TextRun(span.text, Style(base.role == .normal ? .strong : base.role, bold: true))
            case .emphasis: TextRun(span.text, Style(.emphasis, italic: true))
            case .code: TextRun(span.text, Style(.code), keepTogether: true)
            }
        }
    }

    static func listItems(_ items: [ListItem]) -> [ListView.Item] {
        items.map { ListView.Item(runs($0.text), children: listItems($0.children), ordered: $0.ordered) }
    }

    static func widget(for block: Block, available: (LivePart) -> Bool, plain: Bool) -> any FlowWidget {
        switch block {
        case .heading(let level, let text):
            return HeadingView(text: text.plainText, level: level)
        case .paragraph(let text):
            return WrappedText(runs(text))
        case .list(let items):
            return ListView(items: listItems(items))
        case .table(let table):
            return TableView(
                header: table.header.map { runs($0) },
                rows: table.rows.map { $0.map { runs($0) } },
                alignments: table.alignments.map {
                    switch $0 {
                    case .left: .left
                    case .center: .center
                    case .right: .right
                    }
                })
        case .code(let language, let lines):
            return CodeBlock(lines: lines, label: language)
        case .callout(let kind, let blocks):
            let role: ColorRole =
                switch kind {
                case .warning, .caution: .warn
                case .important: .bad
                case .note, .tip: .note
                }
            var inner: [any FlowWidget] = []
            // A callout that opens with its own bold lead ("Fact check:") needs no kind title.
            let hasLead: Bool =
                if case .paragraph(let text)? = blocks.first, text.first?.emphasis == .strong { true } else {
                    false
                }
            if !hasLead { inner.append(WrappedText(kind.title, style: Style(role, bold: true))) }
            for (i, b) in blocks.enumerated() {
                if i > 0 { inner.append(Spacer()) }
                inner.append(widget(for: b, available: available, plain: plain))
            }
            return Prefixed(TextRun(kind == .warning || kind == .caution ? "┃ " : "│ ", Style(role)), Stack(inner))
        case .quote(let blocks):
            return Prefixed(
                TextRun("│ ", Style(.dim)),
                Stack(blocks.map { widget(for: $0, available: available, plain: plain) }, spacing: 1))
        case .live(let part, let caption):
            return LivePartView(part: part, caption: caption, available: available(part), plain: plain)
        case .rule:
            return RuleView()
        }
    }
}

extension CalloutKind {
    var title: String {
        switch self {
        case .note: "Note"
        case .tip: "Tip"
        case .important: "Important"
        case .warning: "Warning"
        case .caution: "Caution"
        }
    }
}

/// A block in a readable column: prose at most `measure` columns wide,
/// centred; a flexible block (a table, code, a live part) takes the whole
/// width when the column would make it wrap or cut more.
struct Measured: FlowWidget {
    var child: any FlowWidget
    var measure: Int
    var flexible: Bool

    /// Where the block sits in a document `width` columns wide.
    func column(for width: Int) -> (x: Int, width: Int) {
        guard width > measure else { return (0, width) }
        let full = flexible ? child.height(for: width) : 0
        guard flexible && full < child.height(for: measure) else { return ((width - measure) / 2, measure) }
        // The narrowest width that wraps no more than the whole width, centred.
        var low = measure + 1
        var high = width
        while low < high {
            let mid = (low + high) / 2
            if child.height(for: mid) <= full { high = mid } else { low = mid + 1 }
        }
        return ((width - low) / 2, low)
    }

    func height(for width: Int) -> Int { child.height(for: column(for: width).width) }

    func draw(in area: Rect, on canvas: inout Canvas) {
        let c = column(for: area.width)
        child.draw(in: Rect(x: area.x + c.x, y: area.y, width: c.width, height: area.height), on: &canvas)
    }
}

/// A heading: level 1 and 2 underlined with a rule as wide as the text.
struct HeadingView: FlowWidget {
    var text: String
    var level: Int

    var style: Style {
        switch level {
        case 1: Style(.title, bold: true)
        case 2: Style(.heading, bold: true)
        default: Style(.subheading, bold: true)
        }
    }

    func height(for width: Int) -> Int {
        WrappedText(text, style: style).height(for: width) + (level <= 2 ? 1 : 0)
    }

    func draw(in area: Rect, on canvas: inout Canvas) {
        let w = WrappedText(text, style: style)
        let lines = w.lines(width: area.width)
        w.draw(in: area, on: &canvas)
        if level <= 2 {
            let widest = lines.map(\.width).max() ?? 0
            let rule = String(repeating: level == 1 ? "═" : "─", count: min(area.width, widest))
            canvas.put(rule, x: area.x, y: area.y + lines.count, style: Style(level == 1 ? .title : .heading))
        }
    }
}

/// A horizontal rule across the width.
struct RuleView: FlowWidget {
    func height(for width: Int) -> Int { 1 }
    func draw(in area: Rect, on canvas: inout Canvas) {
        canvas.put(String(repeating: "─", count: area.width), x: area.x, y: area.y, style: Style(.border))
    }
}

/// A live part in a lesson: a framed box with its caption and how to start it.
/// Diagrams show their drawing (the article's own) as verbatim text.
struct LivePartView: FlowWidget {
    var part: LivePart
    var caption: [String]
    var available: Bool
    var plain: Bool

    var title: String {
        switch part {
        case .lab(let name): "Live lab: \(name)"
        case .diagram(let name): "Diagram: \(name)"
        case .quiz(let level): "Quiz: \(level)"
        }
    }

    var command: String {
        switch part {
        case .lab(let name): "ptt demo \(name)"
        case .diagram: ""
        case .quiz(let level): "ptt quiz --level \(level)"
        }
    }

    var footer: [TextRun] {
        if case .diagram = part { return [] }
        if available {
            return plain
                ? [TextRun("Run it: ", Style(.dim)), TextRun(command, Style(.code), keepTogether: true)]
                : [
                    TextRun("Enter", Style(.accent, bold: true)), TextRun(" starts it here; or run ", Style(.dim)),
                    TextRun(command, Style(.code), keepTogether: true),
                ]
        }
        return [TextRun("Not built yet: this live part comes in a later version of ptt.", Style(.dim))]
    }

    private var body: any FlowWidget {
        if case .diagram(let name) = part {
            // The article's drawing as it is, then the same idea drawn by ptt to fit the screen.
            guard let drawn = DiagramCatalog.widget(name) else { return DiagramText(lines: caption) }
            return Stack([
                WrappedText("The article's drawing:", style: Style(.dim)), DiagramText(lines: caption), Spacer(),
                WrappedText("Drawn by ptt:", style: Style(.dim)), drawn,
            ])
        }
        return WrappedText(caption.joined(separator: " "))
    }

    func height(for width: Int) -> Int {
        let inner = max(1, width - 4)
        let f = footer.isEmpty ? 0 : WrappedText(footer).height(for: inner) + 1
        return 2 + body.height(for: inner) + f
    }

    func draw(in area: Rect, on canvas: inout Canvas) {
        let role: ColorRole = if case .diagram = part { .border } else { .accent }
        Box(title: title).style(Style(role)).titleStyle(Style(role, bold: true)).draw(in: area, on: &canvas)
        let inner = area.inset(top: 1, left: 2, bottom: 1, right: 2)
        let bh = body.height(for: inner.width)
        body.draw(in: Rect(x: inner.x, y: inner.y, width: inner.width, height: bh), on: &canvas)
        if !footer.isEmpty {
            WrappedText(footer).draw(in: inner.inset(top: bh + 1), on: &canvas)
        }
    }
}

/// A drawing shown as it is: never wrapped (that would shred it). Lines wider
/// than the space are cut and end in "›", and a note says so.
struct DiagramText: FlowWidget {
    var lines: [String]

    var widest: Int { lines.map { CharacterWidth.of($0) }.max() ?? 0 }

    func height(for width: Int) -> Int { lines.count + (widest > width ? 1 : 0) }

    func draw(in area: Rect, on canvas: inout Canvas) {
        let clipped = widest > area.width
        for (i, line) in lines.enumerated() where i < area.height {
            let y = area.y + i
            if clipped && CharacterWidth.of(line) > area.width {
                canvas.put(line, x: area.x, y: y, limit: area.maxX - 1)
                canvas.put("›", x: area.maxX - 1, y: y, style: Style(.warn, bold: true))
            } else {
                canvas.put(line, x: area.x, y: y, limit: area.maxX)
            }
        }
        if clipped && lines.count < area.height {
            canvas.put(
                truncated("› cut: \(widest) columns wide; widen the terminal to see it whole", to: area.width),
                x: area.x, y: area.y + lines.count, style: Style(.dim))
        }
    }
}
