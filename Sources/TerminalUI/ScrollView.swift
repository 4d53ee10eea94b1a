/// Shows a window of a tall pre-rendered canvas, with a scroll indicator in
/// the rightmost column when the content is taller than the window.
public struct ScrollView: Widget, Sendable {
    public var content: Canvas
    /// When set, the window is drawn from this document instead of `content`
    /// (only the rows on screen are drawn).
    public var document: FlowDocument?
    public var offset: Int
    public var showsIndicator = true

    public init(content: Canvas, offset: Int) {
        self.content = content
        self.offset = offset
    }

    /// Scrolls a document drawn on demand: each frame draws only its rows.
    public init(content: FlowDocument, offset: Int) {
        self.content = Canvas(width: 0, height: 0)
        self.document = content
        self.offset = offset
    }

    private var contentHeight: Int { document?.height ?? content.height }

    /// The largest useful offset for a window of `height` rows.
    public static func maxOffset(contentHeight: Int, height: Int) -> Int { max(0, contentHeight - height) }

    public func draw(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        let contentHeight = contentHeight
        let top = min(max(0, offset), Self.maxOffset(contentHeight: contentHeight, height: area.height))
        let needsBar = showsIndicator && contentHeight > area.height
        let width = needsBar ? area.width - 1 : area.width
        if let document {
            let window = document.render(rows: top..<top + area.height)
            canvas.blit(
                window, from: Rect(x: 0, y: 0, width: width, height: area.height), at: Point(x: area.x, y: area.y))
        } else {
            canvas.blit(
                content, from: Rect(x: 0, y: top, width: width, height: area.height), at: Point(x: area.x, y: area.y))
        }
        guard needsBar, area.height > 0 else { return }
        let x = area.maxX - 1
        let thumb = max(1, area.height * area.height / max(1, contentHeight))
        let range = max(1, contentHeight - area.height)
        let pos = (area.height - thumb) * top / range
        for y in 0..<area.height {
            let inThumb = y >= pos && y < pos + thumb
            canvas.put(inThumb ? "┃" : "│", x: x, y: area.y + y, style: Style(inThumb ? .accent : .border))
        }
    }
}
