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

    public static func parse(_ text: String, file: String) -> LessonParseResult {
        let lines = SourceLine.split(text)
        var diagnostics: [Diagnostic] = []
        let header = parseHeader(lines, file: file, diagnostics: &diagnostics)

        var parser = BlockParser(file: file)
        let blocks = parser.parse(Array(lines[header.bodyStart...]))
        diagnostics += parser.diagnostics
        for line in lines where line.raw.utf8.contains(0x09) && !parser.codeLines.contains(line.number) {
            diagnostics.append(Diagnostic(file: file, line: line.number, message: "tab character (use spaces)"))
        }

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

    private struct Header {
        var id: String?
        var idLine: Int?
        var title: String?
        /// Index of the first body line.
        var bodyStart: Int
    }

    private static func parseHeader(_ lines: [SourceLine], file: String, diagnostics: inout [Diagnostic]) -> Header {
        func report(_ line: Int, _ message: String) {
            diagnostics.append(Diagnostic(file: file, line: line, message: message))
        }
        guard let first = lines.first, first.trimmed == "---" else {
            report(1, "missing header (the file must start with '---', 'id: …', 'title: …', '---')")
            return Header(bodyStart: 0)
        }

        var header = Header(bodyStart: lines.count)
        var seen: Set<String> = []
        var closed = false
        var i = 1
        while i < lines.count {
            let line = lines[i]
            if line.trimmed == "---" {
                closed = true
                header.bodyStart = i + 1
                break
            }
            if line.isBlank {
                i += 1
                continue
            }
            guard let (key, value) = keyValue(line.trimmed) else {
                // The header ran into the body: parse the body from here.
                header.bodyStart = i
                break
            }
            if !headerKeys.contains(key) {
                report(line.number, "unknown header key '\(key)' (known: \(headerKeys.joined(separator: ", ")))")
            } else if seen.contains(key) {
                report(line.number, "duplicate header key '\(key)'")
            } else if value.isEmpty {
                seen.insert(key)
                report(line.number, "empty \(key)")
            } else if key == "id" {
                seen.insert(key)
                header.id = value
                header.idLine = line.number
                if !value.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
                    report(line.number, "id '\(value)' may use only lowercase letters, digits and '-'")
                }
            } else {
                seen.insert(key)
                header.title = value
            }
            i += 1
        }
        if !closed {
            report(first.number, "header is not closed (add a '---' line after 'title: …')")
        }
        if !seen.contains("id") {
            report(first.number, "header has no id")
        }
        if !seen.contains("title") {
            report(first.number, "header has no title")
        }
        return header
    }

    /// `key: value`, with the value trimmed and unquoted (`title: "A: B"`).
    private static func keyValue(_ text: String) -> (key: String, value: String)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let key = String(text[..<colon]).trimmingSpaces
        guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else { return nil }
        var value = String(text[text.index(after: colon)...]).trimmingSpaces
        if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
            value = String(value.dropFirst().dropLast())
        }
        return (key, value)
    }
}
