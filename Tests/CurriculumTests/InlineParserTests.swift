import Testing

@testable import Curriculum

@Suite("Inline markup")
struct InlineParserTests {
    @Test("strong, emphasis and code become spans")
    func basics() {
        #expect(
            InlineParser.parse("a **b** *c* _d_ `e`") == [
                Span("a "), Span("b", .strong), Span(" "), Span("c", .emphasis), Span(" "),
                Span("d", .emphasis), Span(" "), Span("e", .code),
            ])
    }

    @Test("an unclosed marker is literal text")
    func unclosed() {
        #expect(InlineParser.parse("**bold never ends") == [Span("**bold never ends")])
        #expect(InlineParser.parse("a * b * c") == [Span("a * b * c")])
        #expect(InlineParser.parse("`open code") == [Span("`open code")])
        #expect(InlineParser.parse("trailing *") == [Span("trailing *")])
        #expect(InlineParser.parse("****") == [Span("****")])
    }

    @Test("underscores inside words are literal")
    func snakeCase() {
        #expect(InlineParser.parse("call pthread_mutex_lock now") == [Span("call pthread_mutex_lock now")])
        #expect(InlineParser.parse("a__b__c and _x_y_") == [Span("a__b__c and "), Span("x_y", .emphasis)])
        // As on GitHub, a free-standing `__init__` is strong: write it as code.
        #expect(
            InlineParser.parse("__init__ and `__init__`") == [
                Span("init", .strong), Span(" and "), Span("__init__", .code),
            ])
    }

    @Test("markup inside code is literal and code keeps its spaces")
    func codeIsLiteral() {
        #expect(InlineParser.parse("`**x**  _y_`") == [Span("**x**  _y_", .code)])
        #expect(InlineParser.parse("`` a ` b ``") == [Span("a ` b", .code)])
    }

    @Test("a star inside a code span does not close emphasis")
    func codeInsideEmphasis() {
        #expect(
            InlineParser.parse("*use `a*b` here*") == [
                Span("use ", .emphasis), Span("a*b", .code), Span(" here", .emphasis),
            ])
    }

    @Test("nested markup keeps the innermost emphasis")
    func nesting() {
        #expect(
            InlineParser.parse("**a *b* c**") == [Span("a ", .strong), Span("b", .emphasis), Span(" c", .strong)])
        #expect(
            InlineParser.parse("*a **b** c*") == [Span("a ", .emphasis), Span("b", .strong), Span(" c", .emphasis)])
    }

    @Test("a backslash makes markup characters literal")
    func escapes() {
        #expect(InlineParser.parse(#"\*not\* \`x\` C:\path"#) == [Span(#"*not* `x` C:\path"#)])
    }

    @Test("markers need text on their inner side")
    func flanking() {
        #expect(InlineParser.parse("** not bold**") == [Span("** not bold**")])
        #expect(InlineParser.parse("2*3*4") == [Span("2"), Span("3", .emphasis), Span("4")])
    }

    @Test("HTML stays literal; a link keeps its text and shows its address")
    func literalMarkup() {
        #expect(InlineParser.parse("[man](https://x.org) <br>") == [Span("man (https://x.org) <br>")])
    }

    @Test("plain text of parsed markup drops only the markers")
    func plainText() {
        #expect(InlineParser.parse("**Fact check:** `fork()` is *slow*").plainText == "Fact check: fork() is slow")
    }
}
