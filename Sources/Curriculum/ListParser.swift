/// Lists: `- item`, `* item`, `1. item`, nested by indentation.
///
/// An item is followed by lines indented two or more spaces past its marker
/// (its text continues, or a nested list starts), by "lazy" unindented lines
/// that continue its text as on GitHub, and by blank lines when what comes
/// after them still belongs to the list.
///
///     - Process
///       has its own memory
///       - its own PID
///     - Thread
extension BlockParser {
    /// Lists nested deeper than this are read as text, so a hostile file
    /// cannot exhaust the stack.
    static let maximumListDepth = 16

    private struct OpenItem {
        var line: Int
        var parts: [String]
        var children: [ListItem] = []
    }

    mutating func parseList(_ lines: [SourceLine], _ i: inout Int, depth: Int = 0) -> [ListItem] {
        guard let first = ListMarker(lines[i]) else { return [] }
        let indent = first.indent
        let ordered = first.ordered
        if let number = first.number, number != 1 {
            report(lines[i].number, "numbered list starts at \(number) (ptt numbers every list from 1)")
        }

        var items: [ListItem] = []
        var open = OpenItem(line: lines[i].number, parts: [first.text])
        i += 1

        func close(_ item: OpenItem, into items: inout [ListItem], parser: inout BlockParser) {
            let text = item.parts.filter { !$0.isEmpty }.joined(separator: " ")
            if text.isEmpty && item.children.isEmpty {
                parser.report(item.line, "empty list item")
            }
            items.append(ListItem(text: InlineParser.parse(text), children: item.children, ordered: ordered))
        }

        while i < lines.count {
            let line = lines[i]
            if line.isBlank {
                guard let j = lines[i...].firstIndex(where: { !$0.isBlank }) else { break }
                let next = lines[j]
                if let marker = ListMarker(next) {
                    guard marker.indent >= indent + 2 || (marker.indent >= indent && marker.ordered == ordered)
                    else { break }
                } else {
                    let afterNext = j + 1 < lines.count ? lines[j + 1] : nil
                    guard next.indent >= indent + 2, !LineSyntax.interruptsParagraph(next, next: afterNext)
                    else { break }
                }
                i = j
                continue
            }

            if let marker = ListMarker(line) {
                if marker.indent >= indent + 2 {
                    if depth < Self.maximumListDepth {
                        open.children += parseList(lines, &i, depth: depth + 1)
                    } else {
                        report(line.number, "list nested more than \(Self.maximumListDepth) deep")
                        open.parts.append(line.trimmed)
                        i += 1
                    }
                    continue
                }
                // Shallower: it belongs to an outer list. Another kind of
                // marker starts another list, as on GitHub.
                guard marker.indent >= indent, marker.ordered == ordered else { break }
                close(open, into: &items, parser: &self)
                open = OpenItem(line: line.number, parts: [marker.text])
                i += 1
                continue
            }

            // A code block, heading, quote, rule or table cannot sit inside
            // an item here: it ends the list and follows it.
            if LineSyntax.interruptsParagraph(line, next: i + 1 < lines.count ? lines[i + 1] : nil) {
                break
            }
            open.parts.append(line.trimmed)
            i += 1
        }
        close(open, into: &items, parser: &self)
        return items
    }
}
