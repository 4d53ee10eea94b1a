import Testing

@testable import Curriculum

@Suite("Lists and tables")
struct ListAndTableTests {
    @Test("nested lists follow indentation, two spaces or more")
    func nestedLists() {
        let body = """
            - Process
              - own memory
                - heap
              - own PID
            - Thread
               1. shares memory
               2. own stack
            """
        #expect(
            blocks(body) == [
                .list(items: [
                    ListItem(
                        text: [Span("Process")],
                        children: [
                            ListItem(text: [Span("own memory")], children: [ListItem(text: [Span("heap")])]),
                            ListItem(text: [Span("own PID")]),
                        ]),
                    ListItem(
                        text: [Span("Thread")],
                        children: [
                            ListItem(text: [Span("shares memory")], ordered: true),
                            ListItem(text: [Span("own stack")], ordered: true),
                        ]),
                ])
            ])
    }

    @Test("continuation lines, lazy lines and text after a blank join the item")
    func continuation() {
        let body = "* **Stack:** local\n  variables and\ncalls\n\n  more text\n* next\n"
        #expect(
            blocks(body) == [
                .list(items: [
                    ListItem(text: [Span("Stack:", .strong), Span(" local variables and calls more text")]),
                    ListItem(text: [Span("next")]),
                ])
            ])
    }

    @Test("a blank line between items keeps one list; unindented text after a blank ends it")
    func blankLines() {
        #expect(
            blocks("1. a\n\n2. b\n\nAfter.\n") == [
                .list(items: [ListItem(text: [Span("a")], ordered: true), ListItem(text: [Span("b")], ordered: true)]),
                .paragraph([Span("After.")]),
            ])
    }

    @Test("switching between bullets and numbers starts another list")
    func kindChange() {
        #expect(
            blocks("- a\n1. b\n") == [
                .list(items: [ListItem(text: [Span("a")])]),
                .list(items: [ListItem(text: [Span("b")], ordered: true)]),
            ])
    }

    @Test("a heading or quote under an item ends the list")
    func blockEndsList() {
        #expect(
            blocks("- a\n## B\n- c\n> q\n") == [
                .list(items: [ListItem(text: [Span("a")])]),
                .heading(level: 2, text: [Span("B")]),
                .list(items: [ListItem(text: [Span("c")])]),
                .quote([.paragraph([Span("q")])]),
            ])
    }

    @Test("table alignment comes from the colons of the rule row")
    func alignment() {
        guard case .table(let table)? = blocks("| a | b | c | d |\n|:--|:-:|--:|---|\n").first else {
            Issue.record("expected a table")
            return
        }
        #expect(table.alignments == [.left, .center, .right, .left])
        #expect(table.rows.isEmpty)
    }

    @Test("tables work without outer pipes and with escaped pipes and markup in cells")
    func cells() {
        let body = "Call | Meaning\n--- | ---\n`a \\| b` | **either** one\nx \\| y | |\n"
        #expect(
            blocks(body) == [
                .table(
                    Table(
                        header: [[Span("Call")], [Span("Meaning")]], alignments: [.left, .left],
                        rows: [
                            [[Span("a | b", .code)], [Span("either", .strong), Span(" one")]],
                            [[Span("x | y")], []],
                        ]))
            ])
    }

    @Test("a table interrupts a paragraph and a blank line ends it")
    func tableBoundaries() {
        #expect(
            blocks("Intro:\n| a |\n|---|\n| 1 |\n\nAfter.\n") == [
                .paragraph([Span("Intro:")]),
                .table(Table(header: [[Span("a")]], alignments: [.left], rows: [[[Span("1")]]])),
                .paragraph([Span("After.")]),
            ])
    }

    @Test("a rule row on its own splits cells the same way")
    func ruleRow() {
        #expect(TableSyntax.alignments(ofRuleRow: "|---|") == [.left])
        #expect(TableSyntax.alignments(ofRuleRow: "---") == nil)
        #expect(TableSyntax.alignments(ofRuleRow: "|-x-|") == nil)
        #expect(TableSyntax.cells("| a | b \\| c |") == ["a", "b | c"])
    }
}
