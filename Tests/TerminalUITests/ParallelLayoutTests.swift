import Foundation
import Testing

@testable import TerminalUI

/// A long document is measured on every CPU; the heights, their order and
/// the rows drawn must be what one thread gives.
@Suite("Measuring in parallel")
struct ParallelLayoutTests {
    @Test("mapInParallel keeps the order and every element, above and below its threshold")
    func order() {
        for count in [0, 1, 7, 100, 5000, 10_007] {
            let values = Array(0..<count)
            #expect(values.mapInParallel(minimumCount: 64) { $0 * 3 + 1 } == values.map { $0 * 3 + 1 })
        }
    }

    @Test("a document of 6,000 paragraphs: heights and placements as measured one by one")
    func document() {
        let words = ["threads", "share", "one", "address", "space;", "进程", "🧵", "e\u{301}", "processes", "do not."]
        let widgets: [any FlowWidget] = (0..<6000).map { i in
            WrappedText((0..<(i % 40 + 1)).map { words[($0 * 7 + i) % words.count] }.joined(separator: " "))
        }
        #expect(widgets.count >= FlowDocument.widgetsForThreads)
        for width in [12, 37, 80] {
            let document = FlowDocument(width: width, widgets: widgets, spacing: 1)
            var y = 0
            var same = true
            for (i, placement) in document.placements.enumerated() {
                if i > 0 { y += 1 }
                let h = widgets[i].height(for: width)
                if placement.y != y || placement.height != h { same = false }
                y += h
            }
            #expect(same, "width \(width)")
            #expect(document.height == y)
        }
    }
}
