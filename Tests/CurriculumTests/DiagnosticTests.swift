import Testing

@testable import Curriculum

/// The labs the tests' lessons may name (the app passes its registry).
let testLabNames = [
    "race", "locked", "atomic", "interleave", "ipc", "crash", "fork", "switch", "spawn", "memory", "deadlock",
    "scaling", "threads-overhead",
]

/// Each malformed case gives the exact `file:line: message` a lesson author sees.
@Suite("Lesson diagnostics")
struct DiagnosticTests {
    @Test("a file without a header gives no lesson and says what to write")
    func missingHeader() {
        let result = LessonParser.parse("# Thread\n\nText.\n", file: "lessons/03-thread.md", labNames: testLabNames)
        #expect(result.lesson == nil)
        #expect(
            result.diagnostics.map(\.description) == [
                "lessons/03-thread.md:1: missing header (the file must start with '---', 'id: …', 'title: …', '---')"
            ])
    }

    @Test("a header must be on the first line")
    func headerNotFirst() {
        #expect(
            diagnostics("\n---\nid: a\ntitle: A\n---\n") == [
                "lessons/03-thread.md:1: missing header (the file must start with '---', 'id: …', 'title: …', '---')"
            ])
    }

    @Test("a header without id or title gives no lesson")
    func headerWithoutIDOrTitle() {
        let noID = LessonParser.parse("---\ntitle: A\n---\n", file: "a.md", labNames: testLabNames)
        #expect(noID.lesson == nil)
        #expect(noID.diagnostics.map(\.description) == ["a.md:1: header has no id"])
        let noTitle = LessonParser.parse("---\nid: a\ntitle:\n---\n", file: "a.md", labNames: testLabNames)
        #expect(noTitle.lesson == nil)
        #expect(noTitle.diagnostics.map(\.description) == ["a.md:3: empty title"])
    }

    @Test("unknown, duplicate and badly spelled header keys are reported on their lines")
    func headerKeys() {
        let result = LessonParser.parse(
            "---\nid: Process_1\ntitle: P\nauthor: me\nid: p\n---\nBody.\n", file: "p.md", labNames: testLabNames)
        #expect(
            result.diagnostics.map(\.description) == [
                "p.md:2: id 'Process_1' may use only lowercase letters, digits and '-'",
                "p.md:4: unknown header key 'author' (known: id, title)",
                "p.md:5: duplicate header key 'id'",
            ])
        // The header is usable, so the lesson is still there for the reader.
        #expect(result.lesson?.id == "Process_1")
        #expect(result.lesson?.blocks == [.paragraph([Span("Body.")])])
    }

    @Test("an unclosed header is reported at its first line and the body still parses")
    func unclosedHeader() {
        let result = LessonParser.parse(
            "---\nid: a\ntitle: A\n\n# A\n\n```lab racee\nx\n```\n", file: "a.md", labNames: testLabNames)
        #expect(
            result.diagnostics.map(\.description) == [
                "a.md:1: header is not closed (add a '---' line after 'title: …')",
                "a.md:7: unknown lab 'racee' (known: race, locked, atomic, interleave, ipc, crash, fork, switch, spawn, memory, deadlock, scaling, threads-overhead)",
            ])
        #expect(result.lesson?.blocks.first == .heading(level: 1, text: [Span("A")]))
    }

    @Test("an unclosed fence is reported at the line that opened it")
    func unclosedFence() {
        let result = parseBody("Text.\n\n```python\nprint(1)\n\nmore\n")
        #expect(result.diagnostics.map(\.description) == ["t.md:7: code fence is not closed (no ``` line after it)"])
        #expect(result.lesson?.blocks.last == .code(language: "python", lines: ["print(1)", "", "more"]))
    }

    @Test("a table row with the wrong number of cells is reported at that row")
    func badTableRows() {
        let result = parseBody("| a | b | c |\n|---|---|\n| 1 | 2 | 3 |\n| 1 | 2 |\n| 1 | 2 | 3 | 4 |\n")
        #expect(
            result.diagnostics.map(\.description) == [
                "t.md:6: table rule row has 2 cells, the header has 3",
                "t.md:8: table row has 2 cells, the header has 3",
                "t.md:9: table row has 4 cells, the header has 3",
            ])
        guard case .table(let table)? = result.lesson?.blocks.first else {
            Issue.record("expected a table")
            return
        }
        #expect(table.rows.map { $0.map(\.plainText) } == [["1", "2", "3"], ["1", "2", ""], ["1", "2", "3"]])
    }

    @Test("a table without a rule row is reported")
    func tableWithoutRule() {
        #expect(
            diagnostics("---\nid: a\ntitle: A\n---\n| a | b |\n| 1 | 2 |\n") == [
                "lessons/03-thread.md:5: table header needs a rule row under it (like |---|---|)"
            ])
    }

    @Test("tabs outside code are errors on their lines; in code they are tab stops")
    func tabs() {
        let result = parseBody("Text\twith tab.\n\n```c\n\tint x;\n```\n\n- item\n\t- nested\n")
        #expect(
            result.diagnostics.map(\.description) == [
                "t.md:5: tab character (use spaces)",
                "t.md:12: tab character (use spaces)",
            ])
        #expect(result.lesson?.blocks[1] == .code(language: "c", lines: ["    int x;"]))
        // Parsing goes on as if the tab were spaces.
        #expect(
            result.lesson?.blocks.last
                == .list(items: [ListItem(text: [Span("item")], children: [ListItem(text: [Span("nested")])])]))
    }

    @Test("a tab in a header line is reported too")
    func tabInHeader() {
        #expect(diagnostics("---\nid:\ta\ntitle: A\n---\n") == ["lessons/03-thread.md:2: tab character (use spaces)"])
    }

    @Test("an unknown lab, diagram or quiz level lists the known names")
    func unknownLiveNames() {
        let result = parseBody("```lab racee\nx\n```\n```diagram heap\nx\n```\n```quiz expert\nx\n```\n")
        #expect(
            result.diagnostics.map(\.description) == [
                "t.md:5: unknown lab 'racee' (known: race, locked, atomic, interleave, ipc, crash, fork, switch, spawn, memory, deadlock, scaling, threads-overhead)",
                "t.md:8: unknown diagram 'heap' (known: process-layout, thread-layout)",
                "t.md:11: unknown quiz level 'expert' (known: beginner, intermediate, senior)",
            ])
        // The text is kept as code so nothing vanishes.
        #expect(result.lesson?.blocks.first == .code(language: "lab", lines: ["x"]))
    }

    @Test("a live part without a name, with extra words or without a caption is reported")
    func liveNameProblems() {
        let result = parseBody("```lab\nx\n```\n\n```lab race now\nx\n```\n\n```quiz beginner\n```\n")
        #expect(
            result.diagnostics.map(\.description) == [
                "t.md:5: ```lab needs a lab (known: race, locked, atomic, interleave, ipc, crash, fork, switch, spawn, memory, deadlock, scaling, threads-overhead)",
                "t.md:9: unexpected 'now' after ```lab race",
                "t.md:13: quiz beginner has no caption (say what the learner will see)",
            ])
    }

    @Test("an unknown callout lists the known kinds and stays a quote")
    func unknownCallout() {
        let result = parseBody("> [!DANGER]\n> Careful.\n")
        #expect(
            result.diagnostics.map(\.description) == [
                "t.md:5: unknown callout '[!DANGER]' (known: NOTE, TIP, IMPORTANT, WARNING, CAUTION)"
            ])
        #expect(result.lesson?.blocks == [.quote([.paragraph([Span("Careful.")])])])
    }

    @Test("callout text on the marker line and an empty callout are reported")
    func calloutShape() {
        let result = parseBody("> [!NOTE] Inline.\n\n> [!TIP]\n")
        #expect(
            result.diagnostics.map(\.description) == [
                "t.md:5: text after '[!NOTE]' belongs on the next line",
                "t.md:7: empty callout '[!TIP]'",
            ])
        #expect(result.lesson?.blocks.first == .callout(kind: .note, blocks: [.paragraph([Span("Inline.")])]))
    }

    @Test("headings down to ###### are headings; seven # are text, as on GitHub")
    func deepHeading() {
        #expect(
            blocks("#### Four\n\n###### Six\n\n####### Seven\n") == [
                .heading(level: 4, text: [Span("Four")]), .heading(level: 6, text: [Span("Six")]),
                .paragraph([Span("####### Seven")]),
            ])
    }

    @Test("what GitHub renders and ptt does not is reported with a fix")
    func githubDifferences() {
        let result = parseBody(
            "<details>\n\n[^1]: A note.\n\n[ref]: https://example.com\n\nOld ~~news~~ here.\n\nSee[^1].\n\n<!-- open\n")
        #expect(
            result.diagnostics.map(\.description) == [
                "t.md:5: HTML is not supported (ptt would show the tags as text; write it in Markdown)",
                "t.md:7: footnotes are not supported (put the note in the text, or in a list under a '### Notes' heading)",
                "t.md:9: reference-style links are not supported (write [text](url) where the link is)",
                "t.md:11: strikethrough (~~text~~) is not supported (ptt shows the ~~; say it in words)",
                "t.md:13: footnote references ([^note]) are not supported (put the note in the text)",
                "t.md:15: HTML comment is not closed (add '-->' where it ends)",
            ])
    }

    @Test("a numbered list starting past 1 and an empty item are reported")
    func listProblems() {
        #expect(
            parseBody("3. three\n4. four\n\n- \n- b\n").diagnostics.map(\.description) == [
                "t.md:5: numbered list starts at 3 (ptt numbers every list from 1)",
                "t.md:8: empty list item",
            ])
    }

    @Test("every problem in a file is collected, in line order")
    func collectsAll() {
        let text = """
            ---
            id: x
            colour: red
            ---
            ####### Deep
            ```lab nope
            x
            ```
            > [!FOO]
            > y
            | a | b |
            |---|---|
            | 1 |
            ```
            \tnever closed
            """
        #expect(
            diagnostics(text) == [
                "lessons/03-thread.md:1: header has no title",
                "lessons/03-thread.md:3: unknown header key 'colour' (known: id, title)",
                "lessons/03-thread.md:6: unknown lab 'nope' (known: race, locked, atomic, interleave, ipc, crash, fork, switch, spawn, memory, deadlock, scaling, threads-overhead)",
                "lessons/03-thread.md:9: unknown callout '[!FOO]' (known: NOTE, TIP, IMPORTANT, WARNING, CAUTION)",
                "lessons/03-thread.md:13: table row has 1 cell, the header has 2",
                "lessons/03-thread.md:14: code fence is not closed (no ``` line after it)",
            ])
    }
}
