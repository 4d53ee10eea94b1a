import Testing

@testable import Curriculum

/// Markdown as a code host renders it: what GitHub shows, ptt shows too (or
/// names the line and says what to write instead; see `DiagnosticTests`).
@Suite("Markdown as GitHub renders it")
struct MarkdownCompatibilityTests {
    @Test("tabs in fenced code go to the next tab stop (every four columns)")
    func tabStopsInCode() {
        let go = "```go\nfunc main() {\n\tif x {\n\t\ty()\n\t}\n}\n```\n"
        #expect(
            blocks(go) == [
                .code(language: "go", lines: ["func main() {", "    if x {", "        y()", "    }", "}"])
            ])
        // A tab after text goes to the next stop, not four spaces on.
        #expect(blocks("```\nab\tc\nabcd\te\n```\n") == [.code(language: nil, lines: ["ab  c", "abcd    e"])])
    }

    @Test("a line indented four spaces or a tab after a blank line is code")
    func indentedCode() {
        #expect(
            blocks("Go:\n\n\tfunc main() {\n\t\tprintln(1)\n\n\t}\n\nAfter.\n") == [
                .paragraph([Span("Go:")]),
                .code(language: nil, lines: ["func main() {", "    println(1)", "", "}"]),
                .paragraph([Span("After.")]),
            ])
        #expect(blocks("    x = 1\n") == [.code(language: nil, lines: ["x = 1"])])
        // Right under text it continues the paragraph, as on GitHub.
        #expect(blocks("Text\n    more\n") == [.paragraph([Span("Text more")])])
    }

    @Test("+ bullets are a list like - and *")
    func plusBullets() {
        #expect(
            blocks("+ one\n+ two\n") == [.list(items: [ListItem(text: [Span("one")]), ListItem(text: [Span("two")])])])
    }

    @Test("***, ___ and spaced rules are rules")
    func rules() {
        #expect(blocks("***\n\n___\n\n* * *\n\n- - -\n") == [.rule, .rule, .rule, .rule])
        #expect(blocks("Text\n***\n") == [.paragraph([Span("Text")]), .rule])
    }

    @Test("text over === or --- is a heading (setext), as on GitHub")
    func setextHeadings() {
        #expect(
            blocks("Big\n===\n\nSmaller\nstill\n---\n\nText.\n") == [
                .heading(level: 1, text: [Span("Big")]), .heading(level: 2, text: [Span("Smaller still")]),
                .paragraph([Span("Text.")]),
            ])
    }

    @Test("CRLF line endings and a byte order mark read as plain lines")
    func crlfAndBOM() {
        let text = "\u{FEFF}---\r\nid: t\r\ntitle: T\r\n---\r\n\r\n# T\r\n\r\nOne\r\ntwo.\r\n\r\n```\r\nx\r\n```\r\n"
        let result = LessonParser.parse(text, file: "t.md")
        #expect(result.diagnostics == [])
        #expect(result.lesson?.id == "t")
        #expect(
            result.lesson?.blocks == [
                .heading(level: 1, text: [Span("T")]), .paragraph([Span("One two.")]),
                .code(language: nil, lines: ["x"]),
            ])
    }

    @Test("CJK text and emoji pass through whole")
    func wideText() {
        #expect(blocks("进程和线程 🧵 **共享**\n") == [.paragraph([Span("进程和线程 🧵 "), Span("共享", .strong)])])
    }

    @Test("a plain blockquote is a quote, nested ones too")
    func quotes() {
        #expect(
            blocks("> Said.\n>\n> > Inner.\n") == [
                .quote([.paragraph([Span("Said.")]), .quote([.paragraph([Span("Inner.")])])])
            ])
    }

    @Test("an HTML comment is hidden, as on GitHub")
    func htmlComment() {
        #expect(blocks("<!-- hidden\nstill hidden -->\n\nShown.\n") == [.paragraph([Span("Shown.")])])
    }

    @Test("links keep their text and show where they go; images say what they show")
    func links() {
        #expect(
            blocks("See [the man page](https://man7.org/x.html \"t\") and <https://kernel.org>.\n") == [
                .paragraph([Span("See the man page (https://man7.org/x.html) and https://kernel.org.")])
            ])
        #expect(
            blocks("A [**bold** link](#anchor).\n") == [
                .paragraph([Span("A "), Span("bold", .strong), Span(" link.")])
            ])
        #expect(blocks("![Two threads](threads.png)\n") == [.paragraph([Span("[image: Two threads]")])])
        // Not a link: the brackets stay.
        #expect(blocks("a[0] = [1]\n") == [.paragraph([Span("a[0] = [1]")])])
    }

    @Test("a line ending in two spaces or a backslash breaks the line")
    func hardBreaks() {
        #expect(blocks("One  \ntwo\\\nthree\n") == [.paragraph([Span("One\ntwo\nthree")])])
    }

    @Test("task list items keep their boxes")
    func taskList() {
        #expect(
            blocks("- [ ] todo\n- [x] done\n") == [
                .list(items: [ListItem(text: [Span("[ ] todo")]), ListItem(text: [Span("[x] done")])])
            ])
    }

    @Test("a thousand unclosed brackets parse as text")
    func manyBrackets() {
        let text = String(repeating: "[a", count: 1000)
        #expect(blocks(text + "\n") == [.paragraph([Span(text)])])
    }
}
