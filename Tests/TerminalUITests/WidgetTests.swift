import Testing

@testable import TerminalUI

@Suite("Widgets")
struct WidgetTests {
    @Test("wrapped text breaks at word boundaries")
    func wrapsAtWords() {
        let lines = render(WrappedText("threads share one address space"), width: 12, height: 4)
        expectLines(lines, ["threadsxxxxx", "share onexxx", "addressxxxxx", "spacexxxxxxx"])
    }

    @Test("a word longer than the width is broken, not dropped")
    func longWord() {
        let w = WrappedText("abcdefghij kl")
        #expect(w.lines(width: 4).map(\.plainText) == ["abcd", "efgh", "ij", "kl"])
    }

    @Test("wrapping keeps styles across line breaks")
    func wrapKeepsStyle() {
        let w = WrappedText([TextRun("plain "), TextRun("bold words here", Style(.strong, bold: true))])
        let lines = w.lines(width: 11)
        #expect(lines.map(\.plainText) == ["plain bold", "words here"])
        #expect(lines[1].allSatisfy { $0.style.bold })
    }

    @Test("wrapped CJK text counts two cells per character")
    func wrapsCJK() {
        let w = WrappedText("进程 线程 共享 内存")
        #expect(w.lines(width: 9).map(\.plainText) == ["进程 线程", "共享 内存"])
    }

    @Test("indents apply to the first and following lines")
    func indents() {
        let lines = render(WrappedText("one two three").indent(first: 0, rest: 2), width: 8, height: 2)
        expectLines(lines, ["one twox", "xxthreex"])
    }

    @Test("a code block keeps lines verbatim behind a gutter")
    func codeBlock() {
        let lines = render(CodeBlock(lines: ["x = 1", "  y"], label: "python"), width: 12, height: 3)
        expectLines(lines, ["╭ pythonxxxx", "│ x = 1xxxxx", "│   yxxxxxxx"])
    }

    @Test("a code line wider than the block continues after a mark")
    func codeWraps() {
        let block = CodeBlock(lines: ["abcdefghij"])
        #expect(block.height(for: 8) == 2)
        let lines = render(block, width: 8, height: 3)
        expectLines(lines, ["│ abcdef", "│ ↪ ghij", "xxxxxxxx"])
    }

    @Test("code wraps after a space or punctuation, never inside an identifier")
    func codeWrapsAtWordBoundaries() {
        let block = CodeBlock(lines: ["t = Thread(target=worker, args=(request,))"])
        for width in 12...44 {
            let rows = block.rows(width: width).map(\.1)
            #expect(rows.joined() == block.lines[0], "nothing lost at \(width)")
            for (a, b) in zip(rows, rows.dropFirst()) {
                let split =
                    a.last.map(CodeBlock.isWordCharacter) == true && b.first.map(CodeBlock.isWordCharacter) == true
                #expect(!split, "\(width) columns: \"\(a)\" / \"\(b)\"")
            }
        }
    }

    @Test("a table fits its columns and draws rules between them")
    func tableFits() {
        let t = TableView(
            header: [[TextRun("Aspect")], [TextRun("Process")]],
            rows: [[[TextRun("Memory")], [TextRun("Isolated")]]])
        #expect(t.height(for: 30) == 5)
        let lines = render(t, width: 22, height: 5)
        expectLines(
            lines,
            [
                "┌────────┬──────────┐x",
                "│ Aspect │ Process  │x",
                "├────────┼──────────┤x",
                "│ Memory │ Isolated │x",
                "└────────┴──────────┘x",
            ])
    }

    @Test("a table too wide for the screen wraps its cells at words")
    func tableWrapsCells() {
        let t = TableView(
            header: [[TextRun("A")], [TextRun("B")]],
            rows: [[[TextRun("one")], [TextRun("isolated address space")]]])
        let lines = render(t, width: 20, height: t.height(for: 20))
        expectLines(
            lines,
            [
                "┌─────┬────────────┐",
                "│ A   │ B          │",
                "├─────┼────────────┤",
                "│ one │ isolated   │",
                "│     │ address    │",
                "│     │ space      │",
                "└─────┴────────────┘",
            ])
    }

    @Test("a table that cannot fit a word per column becomes stacked records")
    func tableStacks() {
        let t = TableView(
            header: [[TextRun("Aspect")], [TextRun("Process")], [TextRun("Thread")]],
            rows: [[[TextRun("Memory")], [TextRun("Isolated address space")], [TextRun("Shared address space")]]])
        #expect(t.columnWidths(for: 20) == nil)
        let lines = render(t, width: 20, height: t.height(for: 20))
        expectLines(
            lines,
            [
                "Memoryxxxxxxxxxxxxxx",
                "xxProcess: Isolatedx",
                "xxxxaddress spacexxx",
                "xxThread: Sharedxxxx",
                "xxxxaddress spacexxx",
            ])
    }

    @Test("a list hangs its wrapped lines under the text, and nests")
    func list() {
        let l = ListView(items: [
            .init([TextRun("alpha beta gamma")], children: [.init([TextRun("inner")])]),
            .init([TextRun("two")], ordered: false),
        ])
        let lines = render(l, width: 12, height: l.height(for: 12))
        expectLines(lines, ["•xalpha beta", "xxgammaxxxxx", "xx◦xinnerxxx", "•xtwoxxxxxxx"])
    }

    @Test("a numbered list counts")
    func numbered() {
        let l = ListView(items: [.init([TextRun("a")], ordered: true), .init([TextRun("b")], ordered: true)])
        expectLines(render(l, width: 5, height: 2), ["1.xax", "2.xbx"])
    }

    @Test("the status bar drops hints that do not fit, whole")
    func statusBarDropsWholeHints() {
        let bar = StatusBar(hints: [.init("q", "quit"), .init("?", "help"), .init("t", "contents")])
        let lines = render(bar, width: 18, height: 1)
        #expect(lines[0].trimmingTrailingSpaces() == " q quit  ? help")
    }

    @Test("a box draws its frame and title")
    func box() {
        let lines = render(Box(title: "Hi"), width: 10, height: 3)
        expectLines(lines, ["╭─ Hi ───╮", "│        │", "╰────────╯"])
    }

    @Test("a progress bar fills to its fraction with eighths")
    func progressBar() {
        #expect(render(ProgressBar(fraction: 0.5), width: 4, height: 1) == ["██··"])
        #expect(render(ProgressBar(fraction: 0.3125), width: 4, height: 1) == ["█▎··"])
        #expect(render(ProgressBar(fraction: 7), width: 2, height: 1) == ["██"])
        #expect(render(ProgressBar(fraction: .nan), width: 2, height: 1) == ["··"])
    }

    @Test("a scroll view shows a window and a thumb")
    func scrollView() {
        var content = Canvas(width: 3, height: 6)
        for y in 0..<6 { content.put("r\(y)", x: 0, y: y) }
        let lines = render(ScrollView(content: content, offset: 2), width: 4, height: 3)
        #expect(lines.map { String($0.prefix(3)) } == ["r2 ", "r3 ", "r4 "])
        #expect(lines.map { String($0.suffix(1)) }.contains("┃"))
    }

    @Test("the test terminal plays events and keeps frames")
    func testTerminal() throws {
        let t = TestTerminal(
            size: Size(width: 10, height: 2), events: [.key(.character("a")), .resize(Size(width: 5, height: 1))])
        try t.start()
        #expect(t.nextEvent(timeout: nil) == .key(.character("a")))
        #expect(t.nextEvent(timeout: nil) == .resize(Size(width: 5, height: 1)))
        #expect(t.size == Size(width: 5, height: 1))
        #expect(t.nextEvent(timeout: nil) == .terminate(signal: 15))
        var c = Canvas(width: 5, height: 1)
        c.put("hi", x: 0, y: 0)
        t.present(c)
        #expect(t.screen == "hi")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

@Suite("Scroll window")
struct ScrollWindowTests {
    @Test("a menu window moves only as far as the selection needs; a centred one keeps it in the middle")
    func windows() {
        let w = ScrollWindow(count: 100, rows: 10)
        #expect(w.visible(selected: 0) == 0..<10)
        #expect(w.visible(selected: 42) == 33..<43)
        #expect(w.visible(selected: 99) == 90..<100)
        #expect(w.visible(selected: 42, centered: true) == 37..<47)
        #expect(w.visible(selected: 2, centered: true) == 0..<10)
        #expect(ScrollWindow(count: 3, rows: 10).visible(selected: 2) == 0..<3)
        #expect(ScrollWindow(count: 0, rows: 10).visible(selected: 0).isEmpty)
    }
}

@Suite("WrappedText counts the rows it would make")
struct WrappedTextCountTests {
    static let words = [
        "a", "word", "longerword", "supercalifragilisticexpialidocious", " ", "  ", "\t", "\n", "进程和线程", "🧵",
        "e\u{301}", "x", "taskset -c 0", "",
        // Widths by scalar and by Character both: bullets, dashes, joined emoji, a control, a half-width mark.
        "•", "—", "👨\u{200D}👩", "x\u{7}y", "ｶ\u{FF9E}",
    ]

    @Test("height(for:) equals lines(width:).count for 5,000 random texts, widths and indents")
    func heightMatchesLines() {
        var random = TestRandom(seed: 7)
        var mismatches: [String] = []
        for _ in 0..<5_000 {
            let runs = (0..<random.next(8)).map { _ in
                TextRun(
                    (0..<random.next(6)).map { _ in Self.words[random.next(Self.words.count)] }.joined(),
                    random.next(2) == 0 ? .plain : Style(.strong), keepTogether: random.next(4) == 0)
            }
            var text = WrappedText(runs)
            if random.next(3) == 0 { text = text.indent(first: random.next(5), rest: random.next(7)) }
            let width = random.next(30)
            let lines = text.lines(width: width).count
            if text.height(for: width) != lines {
                mismatches.append("\(runs.map(\.text)) width \(width): \(text.height(for: width)) != \(lines)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differ, first: \(mismatches.prefix(3))")
    }

    @Test("a code block's height is the rows it draws, at every width")
    func codeBlockHeight() {
        let block = CodeBlock(
            lines: [
                "func main() {", "\tgo work()", "a_very_long_identifier_that_does_not_fit(x, y)", "进程和线程 进程和线程", "",
            ],
            label: "go")
        for width in 1...60 {
            #expect(block.height(for: width) == block.rows(width: width).count + 1, "width \(width)")
        }
    }
}
