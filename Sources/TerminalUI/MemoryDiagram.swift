/// The article's memory drawings, drawn from data so they fit the screen:
/// one or more address spaces side by side, each with private boxes at the top
/// (a process's stack, or one stack per thread) over shared rows (heap, data,
/// code), and a caption under each.
///
///     MemoryDiagram(spaces: [
///         .init(title: "Process", stacks: ["Thread 1 stack", "Thread 2 stack"],
///               rows: ["Shared heap", "Shared data", "Shared code"], caption: "one address space"),
///     ])
public struct MemoryDiagram: FlowWidget, Sendable, Equatable {
    public struct Space: Sendable, Equatable {
        public var title: String
        public var stacks: [String]
        public var rows: [String]
        public var caption: String?
        public var role: ColorRole

        public init(
            title: String, stacks: [String], rows: [String], caption: String? = nil, role: ColorRole = .process
        ) {
            self.title = title
            self.stacks = stacks
            self.rows = rows
            self.caption = caption
            self.role = role
        }
    }

    public var spaces: [Space]
    /// Labels drawn highlighted (a lesson can point at "Heap").
    public var highlighted: Set<String> = []

    public init(spaces: [Space]) { self.spaces = spaces }

    public func highlighting(_ labels: Set<String>) -> MemoryDiagram {
        var c = self
        c.highlighted = labels
        return c
    }

    static let gap = 4

    /// The narrowest a space can be drawn: its longest label in a box, in a box.
    func minimumWidth(_ space: Space) -> Int {
        let stackLabels = space.stacks.map { CharacterWidth.of($0) + 4 }
        let stacks = stackLabels.reduce(0, +) + max(0, space.stacks.count - 1)
        let rows = space.rows.map { CharacterWidth.of($0) }.max() ?? 0
        let title = CharacterWidth.of(space.title) + 6
        return max(stacks + 4, rows + 4, title, 16)
    }

    /// Side by side when they fit, else one under another.
    func sideBySide(_ width: Int) -> Bool {
        spaces.map(minimumWidth).reduce(0, +) + Self.gap * max(0, spaces.count - 1) <= width
    }

    func spaceHeight(_ space: Space) -> Int {
        2 + (space.stacks.isEmpty ? 0 : 3) + space.rows.count + (space.caption == nil ? 0 : 1)
    }

    public func height(for width: Int) -> Int {
        let heights = spaces.map(spaceHeight)
        return sideBySide(width) ? (heights.max() ?? 0) : heights.reduce(0, +) + max(0, spaces.count - 1)
    }

    public func draw(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty, !spaces.isEmpty else { return }
        if sideBySide(area.width) {
            let each = min(40, (area.width - Self.gap * (spaces.count - 1)) / spaces.count)
            for (i, space) in spaces.enumerated() {
                let x = area.x + i * (each + Self.gap)
                draw(space, in: Rect(x: x, y: area.y, width: each, height: spaceHeight(space)), on: &canvas)
            }
        } else {
            var y = area.y
            for space in spaces {
                let h = spaceHeight(space)
                draw(space, in: Rect(x: area.x, y: y, width: min(area.width, 40), height: h), on: &canvas)
                y += h + 1
            }
        }
    }

    private func style(_ label: String, _ role: ColorRole) -> Style {
        highlighted.contains(label) ? Style(.warn, bold: true, reverse: true) : Style(role, bold: true)
    }

    private func centered(_ text: String, in rect: Rect, _ style: Style, on canvas: inout Canvas) {
        let t = truncated(text, to: rect.width)
        canvas.put(t, x: rect.x + max(0, (rect.width - CharacterWidth.of(t)) / 2), y: rect.y, style: style)
    }

    private func draw(_ space: Space, in area: Rect, on canvas: inout Canvas) {
        let boxHeight = area.height - (space.caption == nil ? 0 : 1)
        let frame = Rect(x: area.x, y: area.y, width: area.width, height: boxHeight)
        Box(title: space.title).style(Style(space.role)).titleStyle(Style(space.role, bold: true)).draw(
            in: frame, on: &canvas)
        let inner = frame.inset(top: 1, left: 2, bottom: 1, right: 2)
        var y = inner.y
        if !space.stacks.isEmpty {
            let n = space.stacks.count
            let w = max(4, (inner.width - (n - 1)) / n)
            for (i, label) in space.stacks.enumerated() {
                // The last box takes what integer division left over, so the row ends flush.
                let bw = i == n - 1 ? inner.width - i * (w + 1) : w
                let box = Rect(x: inner.x + i * (w + 1), y: y, width: bw, height: 3)
                Box().corners(.square).style(Style(.thread)).draw(in: box, on: &canvas)
                centered(
                    label, in: Rect(x: box.x + 1, y: box.y + 1, width: box.width - 2, height: 1), style(label, .thread),
                    on: &canvas)
            }
            y += 3
        }
        for label in space.rows {
            centered(
                label, in: Rect(x: inner.x, y: y, width: inner.width, height: 1), style(label, space.role), on: &canvas)
            y += 1
        }
        if let caption = space.caption {
            centered(
                caption, in: Rect(x: area.x, y: area.maxY - 1, width: area.width, height: 1), Style(.dim), on: &canvas)
        }
    }
}
