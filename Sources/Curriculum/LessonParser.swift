/// What parsing one lesson file gives: the lesson, if its header is usable,
/// and every problem found.
public struct LessonParseResult: Sendable {
    /// Nil only when the header is missing or has no usable id or title.
    public var lesson: Lesson?
    /// Every problem in the file, in line order. Any diagnostic means the
    /// file is broken (`ptt check` fails), even when `lesson` is not nil.
    public var diagnostics: [Diagnostic]
    /// The line of the header's `id:`, for messages about the id.
    var idLine: Int?

    public init(lesson: Lesson?, diagnostics: [Diagnostic]) {
        self.lesson = lesson
        self.diagnostics = diagnostics
    }
}

/// Parses lesson files (the format is in `docs/lesson-format.md`).
///
/// A pure function of the text and the file name: no file access, no
/// global state. It never stops at the first problem and never traps on
/// malformed input; each problem becomes a ``Diagnostic`` naming its line.
///
///     let result = LessonParser.parse(text, file: "lessons/03-thread.md")
///     for diagnostic in result.diagnostics { print(diagnostic) }
///     // lessons/03-thread.md:12: unknown lab 'racee' (known: race, locked, …)
///
/// The parser does not wrap or measure text; long lines and wide (CJK)
/// characters pass through unchanged.
public enum LessonParser {
    public static let headerKeys = ["id", "title"]

    /// `labNames`: the labs a lab fence may name (the app's lab registry);
    /// nil takes any name.
    /// `parts`: how a long lesson's parts are run (one after another unless
    /// the caller has threads to give); the result is the same either way.
    public static func parse(
        _ text: String, file: String, labNames: [String]? = nil, parts: LessonParts = .oneAfterAnother
    ) -> LessonParseResult {
        parse(text, file: file, labNames: labNames, starts: nil, parts: parts)
    }

    /// `starts`: where the body is parsed in parts (see
    /// `BlockParser.parse(_:partsStartingAt:perform:)`; the result is the
    /// same for any); nil picks them by the lesson's length and `parts.count`.
    static func parse(
        _ text: String, file: String, labNames: [String]?, starts: ((Int) -> [Int])?,
        parts perform: LessonParts = .oneAfterAnother
    ) -> LessonParseResult {
        var lines = SourceLine.split(text, parts: perform)
        var diagnostics: [Diagnostic] = []
        let header = parseHeader(lines, file: file, diagnostics: &diagnostics)
        // Lines with a tab, found before the header lines are dropped.
        let tabbed = lines.filter(\.hasTab)

        var parser = BlockParser(file: file, labNames: labNames)
        // The body without copying its lines: the header's are dropped in place.
        lines.removeFirst(min(header.bodyStart, lines.count))
        let parts =
            starts?(lines.count)
            ?? BlockParser.chunkStarts(
                lines, chunks: BlockParser.chunkCount(lineCount: lines.count, parts: perform.count))
        let blocks = parser.parse(lines, partsStartingAt: parts, perform: perform)
        diagnostics += parser.diagnostics
        for line in tabbed where !parser.codeLines.contains(line.number) {
            diagnostics.append(Diagnostic(file: file, line: line.number, message: "tab character (use spaces)"))
        }
        diagnostics += ControlCharacters.diagnostics(in: text, file: file)

        let lesson = header.id.flatMap { id in
            header.title.map { Lesson(id: id, title: $0, file: file, blocks: blocks) }
        }
        // Stable, so problems on one line keep the order they were found in.
        let sorted = diagnostics.enumerated()
            .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            .map(\.element)
        var result = LessonParseResult(lesson: lesson, diagnostics: sorted)
        result.idLine = header.idLine
        return result
    }

    static let headerRules = HeaderParser.Rules(
        keys: headerKeys, required: headerKeys, template: "'id: …', 'title: …'",
        closingHint: "after 'title: …'")

    private struct Header {
        var id: String?
        var idLine: Int?
        var title: String?
        /// Index of the first body line.
        var bodyStart: Int
    }

    private static func parseHeader(_ lines: [SourceLine], file: String, diagnostics: inout [Diagnostic]) -> Header {
        let header = HeaderParser.parse(lines, file: file, rules: headerRules, diagnostics: &diagnostics)
        let id = header.first("id")
        return Header(id: id?.value, idLine: id?.line, title: header.first("title")?.value, bodyStart: header.bodyStart)
    }
}
