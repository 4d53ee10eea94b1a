import Foundation
import Testing

@testable import Curriculum

/// A long lesson is split into lines and parsed in parts on several threads;
/// the result must be exactly the one-pass result, wherever the parts start.
@Suite("Parsing in parts gives the one-pass result")
struct ChunkedParseTests {
    /// Lessons with blocks that run over a guessed start: fences with blank
    /// lines and `## ` inside, lists with blank lines, quotes, callouts, HTML
    /// comments, indented code, setext headings, tables, and broken ones.
    static let tricky = """
        ---
        id: tricky
        title: Tricky
        ---

        # Tricky

        ```c

        ## not a heading

        int x;
        ```

        - item one

        ## a heading ends the list

        - item

          continued after a blank line

        1. one
        2. two

        > quoted

        > [!NOTE]
        > a callout
        >
        > ## inside

        <!-- a comment

        ## still in the comment
        -->

            indented code

            more code

        Setext
        ======

        | a | b |
        |---|---|
        | 1 | 2 |

        ```lab nosuchlab
        ```

        ```
        ## inside an open fence to the end

        ## still inside
        """

    static var samples: [(name: String, text: String)] {
        var all = [("tricky", tricky), ("tricky, CRLF", tricky.replacingOccurrences(of: "\n", with: "\r\n"))]
        let folder = ShippedLessonsTests.lessonsDirectory
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for file in files.sorted() where file.hasSuffix(".md") && file != "tour.md" {
            if let text = try? String(contentsOfFile: folder + "/" + file, encoding: .utf8) { all.append((file, text)) }
        }
        return all
    }

    static func same(_ a: LessonParseResult, _ b: LessonParseResult) -> Bool {
        a.lesson == b.lesson && a.diagnostics == b.diagnostics
    }

    @Test("a part at every line, at every other line and in halves: the same lesson and diagnostics")
    func everyStart() {
        #expect(Self.samples.count >= 8, "the shipped lessons were not found")
        for (name, text) in Self.samples {
            let one = LessonParser.parse(text, file: "x.md", labNames: ["race"], starts: { [0, $0] })
            #expect(one.lesson != nil || name.contains("tricky"))
            let ways: [(String, (Int) -> [Int])] = [
                ("every line", { Array(0...$0) }),
                ("every other line", { count in Array(stride(from: 0, to: count, by: 2)) + [count] }),
                ("halves", { [0, $0 / 2, $0] }),
            ]
            for (way, starts) in ways {
                let parts = LessonParser.parse(text, file: "x.md", labNames: ["race"], starts: starts)
                #expect(Self.same(one, parts), "\(name), parts at \(way)")
            }
        }
    }

    @Test("the tricky lesson's diagnostics are found in parts too (the test is not vacuous)")
    func trickyDiagnostics() {
        let starts: (Int) -> [Int] = { Array(0...$0) }
        let parts = LessonParser.parse(Self.tricky, file: "x.md", labNames: ["race"], starts: starts)
        let messages = parts.diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("unknown lab 'nosuchlab'") })
        #expect(messages.contains { $0.contains("code fence is not closed") })
        #expect(!(parts.lesson?.blocks.contains(.heading(level: 2, text: [Span("not a heading", .plain)])) ?? true))
    }

    @Test("random starts on random lessons made of tricky pieces")
    func randomStarts() {
        let pieces = Self.tricky.components(separatedBy: "\n\n").dropFirst()  // the header stays first
        var random = InlineScannerEquivalenceTests.Random(state: 9)
        for _ in 0..<300 {
            let body = (0..<random.next(12)).map { _ in pieces[pieces.startIndex + random.next(pieces.count)] }
            let text = "---\nid: r\ntitle: R\n---\n\n" + body.joined(separator: random.next(3) == 0 ? "\n" : "\n\n")
            let one = LessonParser.parse(text, file: "r.md", labNames: nil, starts: { [0, $0] })
            let starts: (Int) -> [Int] = { count in
                guard count > 1 else { return [0, count] }
                let inner = Set((0..<random.next(6)).map { _ in 1 + random.next(count - 1) })
                return [0] + inner.sorted() + [count]
            }
            let parts = LessonParser.parse(text, file: "r.md", labNames: nil, starts: starts)
            #expect(Self.same(one, parts), "\(text.debugDescription)")
        }
    }

    @Test("lines split in 1 to 8 parts are the same lines, with CR LF, a BOM and no final line feed")
    func splitInParts() {
        let texts = [
            "", "\n", "a", "a\n", "a\nb", "a\r\nb\r\n", "\u{FEFF}x\ny\n", "\n\n\n", "進程\n🧵\r\n\te\u{301}\n",
            String(repeating: "line\n", count: 50) + "last", Self.tricky,
        ]
        for text in texts {
            let one = SourceLine.split(text, from: text.startIndex, parts: 1)
            for parts in 2...8 {
                #expect(SourceLine.split(text, from: text.startIndex, parts: parts) == one, "\(text.debugDescription)")
            }
            #expect(one.map(\.number) == Array(1..<(one.count + 1)))
        }
        let crlf = SourceLine.split("a\r\nb", from: "a\r\nb".startIndex, parts: 2)
        #expect(crlf.map(\.raw) == ["a", "b"])
    }

    /// Parts run at once on threads, as the app runs them (Curriculum has none of its own).
    static let atOnce = LessonParts(count: 4) { n, body in DispatchQueue.concurrentPerform(iterations: n, execute: body)
    }

    @Test("parts run at once on several threads: the same lesson, also for a long one split into lines in parts")
    func atOnce() {
        for (name, text) in Self.samples {
            let one = LessonParser.parse(text, file: "x.md", labNames: ["race"], starts: { [0, $0] })
            let parts = LessonParser.parse(
                text, file: "x.md", labNames: ["race"], starts: { Array(0...$0) }, parts: Self.atOnce)
            #expect(Self.same(one, parts), "\(name)")
        }
        // Over a MiB: split into lines in parts too, and parsed in parts chosen by the parser.
        let long =
            "---\nid: long\ntitle: Long\n---\n\n"
            + String(repeating: Self.tricky.components(separatedBy: "---\n\n").last! + "\n\n", count: 3000)
        #expect(long.utf8.count > SourceLine.bytesForParts)
        let one = LessonParser.parse(long, file: "l.md", labNames: ["race"])
        let parts = LessonParser.parse(long, file: "l.md", labNames: ["race"], parts: Self.atOnce)
        #expect(Self.same(one, parts))
        #expect((one.lesson?.blocks.count ?? 0) > 3000)
    }

    @Test("a long lesson is parsed in as many parts as it is given, and a short one is not")
    func partsByLength() {
        #expect(BlockParser.chunkCount(lineCount: 100, parts: 4) == 1)
        #expect(BlockParser.chunkCount(lineCount: 400_000, parts: 4) == 4)
        #expect(BlockParser.chunkCount(lineCount: 400_000, parts: 1) == 1)
        let lines = SourceLine.split(Self.tricky + String(repeating: "\n\npara", count: 100))
        let starts = BlockParser.chunkStarts(lines, chunks: 4)
        #expect(starts.first == 0 && starts.last == lines.count && starts.count == 5)
        #expect(zip(starts, starts.dropFirst()).allSatisfy { $0 < $1 })
        // Each guess follows a blank line and starts at column 0.
        for start in starts.dropFirst().dropLast() {
            #expect(lines[start - 1].isBlank && lines[start].indent == 0 && !lines[start].isBlank)
        }
    }
}
