import Testing

@testable import Curriculum

/// Parses `text` as `lessons/03-thread.md` and returns the diagnostics as printed.
func diagnostics(_ text: String) -> [String] {
    LessonParser.parse(text, file: "lessons/03-thread.md", labNames: testLabNames).diagnostics.map(\.description)
}

/// Parses a body under a valid header; the body starts on line 5.
func parseBody(_ body: String) -> LessonParseResult {
    LessonParser.parse("---\nid: t\ntitle: T\n---\n" + body, file: "t.md", labNames: testLabNames)
}

/// The blocks of a body that must parse without diagnostics.
func blocks(_ body: String, sourceLocation: SourceLocation = #_sourceLocation) -> [Block] {
    let result = parseBody(body)
    #expect(result.diagnostics == [], sourceLocation: sourceLocation)
    return result.lesson?.blocks ?? []
}

@Suite("Lesson parser")
struct LessonParserTests {
    @Test("a full small lesson parses into the exact blocks")
    func fullLesson() {
        let text = """
            ---
            id: thread
            title: Thread
            ---

            # Thread

            A thread is a **unit of execution**
            inside a *process*.

            - Shared memory
            - Own stack

            | Aspect | Thread |
            |---|---:|
            | Memory | shared |

            ```python
            import threading
              x = 1
            ```

            > [!WARNING]
            > **Fact check:** switches take microseconds.

            > Threads are cheap.

            ```lab race
            Two threads, one counter.
            ```

            ---

            ### Try it
            """
        let result = LessonParser.parse(text, file: "lessons/03-thread.md", labNames: testLabNames)
        #expect(result.diagnostics == [])
        let expected: [Block] = [
            .heading(level: 1, text: [Span("Thread")]),
            .paragraph([
                Span("A thread is a "), Span("unit of execution", .strong), Span(" inside a "),
                Span("process", .emphasis), Span("."),
            ]),
            .list(items: [
                ListItem(text: [Span("Shared memory")]),
                ListItem(text: [Span("Own stack")]),
            ]),
            .table(
                Table(
                    header: [[Span("Aspect")], [Span("Thread")]],
                    alignments: [.left, .right],
                    rows: [[[Span("Memory")], [Span("shared")]]])),
            .code(language: "python", lines: ["import threading", "  x = 1"]),
            .callout(
                kind: .warning,
                blocks: [.paragraph([Span("Fact check:", .strong), Span(" switches take microseconds.")])]),
            .quote([.paragraph([Span("Threads are cheap.")])]),
            .live(.lab("race"), caption: ["Two threads, one counter."]),
            .rule,
            .heading(level: 3, text: [Span("Try it")]),
        ]
        #expect(result.lesson == Lesson(id: "thread", title: "Thread", file: "lessons/03-thread.md", blocks: expected))
    }

    @Test("CRLF line endings and a byte order mark are accepted")
    func crlfAndBOM() {
        let text =
            "\u{FEFF}---\r\nid: crlf\r\ntitle: Line Endings\r\n---\r\n\r\nOne\r\ntwo.\r\n\r\n```\r\ncode  \r\n```\r\n"
        let result = LessonParser.parse(text, file: "x.md", labNames: testLabNames)
        #expect(result.diagnostics == [])
        #expect(result.lesson?.id == "crlf")
        #expect(result.lesson?.title == "Line Endings")
        #expect(result.lesson?.blocks == [.paragraph([Span("One two.")]), .code(language: nil, lines: ["code  "])])
    }

    @Test("a title keeps its colons and loses surrounding quotes")
    func titleQuotes() {
        let result = LessonParser.parse(
            "---\nid: a\ntitle: \"Threads: a primer\"\n---\n", file: "a.md", labNames: testLabNames)
        #expect(result.lesson?.title == "Threads: a primer")
        #expect(result.diagnostics == [])
    }

    @Test("code blocks keep blank lines, leading spaces and markup verbatim")
    func codeVerbatim() {
        let body = "```c\n\n    int x = 1;  \n**not bold** `x`\n\n```\n"
        #expect(blocks(body) == [.code(language: "c", lines: ["", "    int x = 1;  ", "**not bold** `x`", ""])])
    }

    @Test("a fence indented under a list item ends the list and loses the indent")
    func indentedFence() {
        let body = "1. Run it:\n   ```sh\n   make\n     run\n   ```\n"
        #expect(
            blocks(body) == [
                .list(items: [ListItem(text: [Span("Run it:")], ordered: true)]),
                .code(language: "sh", lines: ["make", "  run"]),
            ])
    }

    @Test("a longer fence is closed only by as many backticks")
    func longerFence() {
        let body = "````md\n```\ninner\n```\n````\n"
        #expect(blocks(body) == [.code(language: "md", lines: ["```", "inner", "```"])])
    }

    @Test("each live part kind parses with its caption verbatim")
    func liveParts() {
        let body = """
            ```diagram thread-layout
            ┌──┐
            │  │  drawn
            └──┘
            ```

            ```quiz senior
            Three questions.
            ```
            """
        #expect(
            blocks(body) == [
                .live(.diagram("thread-layout"), caption: ["┌──┐", "│  │  drawn", "└──┘"]),
                .live(.quiz("senior"), caption: ["Three questions."]),
            ])
    }

    @Test("callout contents parse as blocks, including lists and nested quotes")
    func calloutContents() {
        let body = "> [!TIP]\n> Try:\n>\n> - one\n> - two\n>\n> > quoted\n"
        #expect(
            blocks(body) == [
                .callout(
                    kind: .tip,
                    blocks: [
                        .paragraph([Span("Try:")]),
                        .list(items: [ListItem(text: [Span("one")]), ListItem(text: [Span("two")])]),
                        .quote([.paragraph([Span("quoted")])]),
                    ])
            ])
    }

    @Test("every callout kind is recognised, in any letter case")
    func calloutKinds() {
        for kind in CalloutKind.allCases {
            #expect(blocks("> [!\(kind.rawValue)]\n> x\n") == [.callout(kind: kind, blocks: [.paragraph([Span("x")])])])
        }
        #expect(blocks("> [!note]\n> x\n") == [.callout(kind: .note, blocks: [.paragraph([Span("x")])])])
    }

    @Test("a line right after a quote continues it, as on GitHub")
    func lazyQuote() {
        #expect(
            blocks("> [!NOTE]\n> one\ntwo\n\nthree\n") == [
                .callout(kind: .note, blocks: [.paragraph([Span("one two")])]),
                .paragraph([Span("three")]),
            ])
    }

    @Test("a > followed by a combining mark is a quote too, and parsing moves on (a fuzzer's hang)")
    func quoteMarkerWithCombiningMark() {
        // ">" + U+074A is one Character; the quote test reads bytes, so the
        // content must be read by bytes too, or the parser loops forever.
        #expect(blocks(">\u{74A}\n") == [.quote([.paragraph([Span("\u{74A}")])])])
        #expect(
            blocks("> one\n>\u{301}two\n\nthree\n") == [
                .quote([.paragraph([Span("one \u{301}two")])]), .paragraph([Span("three")]),
            ])
    }

    @Test("headings drop a closing run of hashes and keep inline markup")
    func headings() {
        #expect(
            blocks("## The `fork` call ##\n#not a heading\n") == [
                .heading(level: 2, text: [Span("The "), Span("fork", .code), Span(" call")]),
                .paragraph([Span("#not a heading")]),
            ])
    }

    @Test("paragraph lines are joined with single spaces")
    func paragraphJoin() {
        #expect(blocks("  one \n two\nthree   \n") == [.paragraph([Span("one two three")])])
    }

    @Test("a bullet ends a paragraph, a number other than 1 does not")
    func paragraphInterruption() {
        #expect(
            blocks("Text\n- item\n") == [
                .paragraph([Span("Text")]), .list(items: [ListItem(text: [Span("item")])]),
            ])
        #expect(blocks("In\n1999. Linux had no threads.\n") == [.paragraph([Span("In 1999. Linux had no threads.")])])
    }

    @Test("CJK text and a 5,000-character line parse intact")
    func longAndWideText() {
        let cjk = "进程和线程的区别：进程拥有独立的地址空间，**线程**共享内存。"
        let long = String(repeating: "abcdefghi ", count: 500)
        #expect(long.count == 5000)
        let result = parseBody("# 线程\n\n\(cjk)\n\n\(long)\n\n- \(long)\n\n| 列 | \(long) |\n|---|---|\n| 一 | 二 |\n")
        #expect(result.diagnostics == [])
        #expect(
            result.lesson?.blocks == [
                .heading(level: 1, text: [Span("线程")]),
                .paragraph([
                    Span("进程和线程的区别：进程拥有独立的地址空间，"), Span("线程", .strong), Span("共享内存。"),
                ]),
                .paragraph([Span(long.trimmingSpaces)]),
                .list(items: [ListItem(text: [Span(long.trimmingSpaces)])]),
                .table(
                    Table(
                        header: [[Span("列")], [Span(long.trimmingSpaces)]], alignments: [.left, .left],
                        rows: [[[Span("一")], [Span("二")]]])),
            ])
    }

    @Test("a long line of unclosed markers parses as the same text")
    func longUnclosedMarkers() {
        // Each marker has text after it but a space before every later one,
        // so none can close; one backtick at the end never pairs.
        let line = String(repeating: "**a *b _c d ", count: 400) + "`end"
        let result = parseBody(line)
        let spans: RichText? =
            if case .paragraph(let spans)? = result.lesson?.blocks.first { spans } else { nil }
        #expect(spans?.count == 1)
        #expect(spans?.first?.emphasis == .plain)
        let intact = spans?.plainText == line
        #expect(intact)
    }

    @Test("deeply nested quotes and lists are reported, not a crash")
    func deepNesting() {
        let quotes = String(repeating: "> ", count: 40) + "deep"
        #expect(parseBody(quotes).diagnostics.map(\.message) == ["quotes nested more than 16 deep"])
        let list = (0..<40).map { String(repeating: "  ", count: $0) + "- level \($0)" }.joined(separator: "\n")
        #expect(parseBody(list).diagnostics.count == 23)
        #expect(parseBody(list).diagnostics.first?.message == "list nested more than 16 deep")
    }

    @Test("an empty file has no header")
    func emptyFile() {
        let result = LessonParser.parse("", file: "e.md", labNames: testLabNames)
        #expect(result.lesson == nil)
        #expect(
            result.diagnostics.map(\.description) == [
                "e.md:1: missing header (the file must start with '---', 'id: …', 'title: …', '---')"
            ])
    }
}
