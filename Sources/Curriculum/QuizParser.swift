/// What parsing one question file gives: the valid questions, and every
/// problem found. A question with any problem is left out; the others stay.
public struct QuizParseResult: Sendable {
    public var questions: [QuizQuestion]
    /// Every problem in the file, in line order.
    public var diagnostics: [Diagnostic]
    /// Ids of the questions left out because of their problems.
    public var skipped: [String]
    /// The line of each question's `## id` heading, valid or not (for
    /// messages about duplicate ids).
    var idLines: [(id: String, line: Int)] = []

    public init(questions: [QuizQuestion], diagnostics: [Diagnostic], skipped: [String]) {
        self.questions = questions
        self.diagnostics = diagnostics
        self.skipped = skipped
    }
}

/// Parses question files (the format is in `docs/quiz-format.md`):
///
///     ---
///     level: beginner
///     ---
///
///     ## what-is-a-process
///
///     section: process
///
///     ### Question
///     What is a process?
///
///     ### Choices
///     - [x] A running program with its own address space
///     - [ ] A function that runs in the background
///       That is closer to a thread, which runs inside a process.
///
///     ### Answer
///     A program in execution, with its own virtual address space …
///
///     ### Key points
///     - its own address space
///     - a PID and at least one thread
///
/// A pure function of the text, the file name and the known lesson ids: no
/// file access. It never stops at the first problem and never traps.
public enum QuizParser {
    public static let headerKeys = ["level", "title"]
    public static let questionKeys = ["section", "level", "lab"]
    /// The `###` parts of a question, in the order they are written.
    public static let partNames = ["Question", "Choices", "Answer", "Key points"]
    public static let choiceRange = 2...4
    public static let keyPointRange = 2...5

    /// Parses one file. `sections` is the set of known lesson ids; nil skips
    /// that check (when the lessons themselves could not be read).
    /// `labNames`: the labs a `lab:` key may name (the app's registry); nil takes any.
    public static func parse(
        _ text: String, file: String, sections: Set<String>?, labNames: [String]? = nil
    ) -> QuizParseResult {
        var parser = FileParser(file: file, sections: sections, labNames: labNames)
        parser.parse(SourceLine.split(text))
        // A question with a control character on any of its lines is left out,
        // as with any other problem; one in the file header leaves out all.
        let controls = ControlCharacters.diagnostics(in: text, file: file)
        if !controls.isEmpty {
            parser.diagnostics += controls
            let starts = parser.idLines.map(\.line).sorted()
            let bad = controls.map(\.line)
            let headerEnd = starts.first ?? Int.max
            let (kept, dropped) = parser.questions.reduce(into: ([QuizQuestion](), [String]())) { sums, question in
                let end = starts.first { $0 > question.line } ?? Int.max
                if bad.contains(where: { $0 < headerEnd || ($0 >= question.line && $0 < end) }) {
                    sums.1.append(question.id)
                } else {
                    sums.0.append(question)
                }
            }
            parser.questions = kept
            parser.skipped += dropped
        }
        let sorted = parser.diagnostics.enumerated()
            .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            .map(\.element)
        // Lints warn about questions that are valid; they never leave one out.
        let lints = parser.questions.compactMap(QuizLint.lengthGiveaway)
        let all = (sorted + lints).enumerated()
            .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            .map(\.element)
        var result = QuizParseResult(questions: parser.questions, diagnostics: all, skipped: parser.skipped)
        result.idLines = parser.idLines
        return result
    }
}

/// The lines of one `## id` block, sorted into its parts.
private struct QuestionDraft {
    var id: String
    var line: Int
    /// The number of diagnostics before this question: any more, and it is left out.
    var diagnosticsBefore: Int
    /// `key: value` lines between the heading and the first part.
    var fields: [(key: String, value: String, line: Int)] = []
    /// Part name (lowercased) to its heading line and content.
    var parts: [String: (line: Int, lines: [SourceLine])] = [:]
    var currentPart: String?
}

private struct FileParser {
    let file: String
    let sections: Set<String>?
    let labNames: [String]?
    var diagnostics: [Diagnostic] = []
    var questions: [QuizQuestion] = []
    var skipped: [String] = []
    var idLines: [(id: String, line: Int)] = []
    var fileLevel: QuizLevel?

    init(file: String, sections: Set<String>?, labNames: [String]?) {
        self.labNames = labNames
        self.file = file
        self.sections = sections
    }

    mutating func report(_ line: Int, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: line, message: message))
    }

    mutating func parse(_ lines: [SourceLine]) {
        var i = parseHeader(lines)
        var draft: QuestionDraft?
        var fenceTicks: Int?
        var codeLines: Set<Int> = []
        var sawQuestion = false
        while i < lines.count {
            let line = lines[i]
            i += 1
            if let ticks = fenceTicks {
                if LineSyntax.closesFence(line, ticks: ticks) {
                    fenceTicks = nil
                } else {
                    codeLines.insert(line.number)
                }
                draft?.append(line)
                continue
            }
            if let fence = LineSyntax.fence(line) {
                fenceTicks = fence.ticks
                if draft?.currentPart == nil && draft != nil {
                    report(line.number, "code outside a part (put it under '### Answer')")
                }
                draft?.append(line)
                continue
            }
            if let heading = LineSyntax.heading(line), line.indent < 4 {
                switch heading.level {
                case 2:
                    if let finished = draft { finish(finished) }
                    sawQuestion = true
                    draft = startQuestion(heading.text, at: line.number)
                    continue
                case 3:
                    guard draft != nil else {
                        report(line.number, "'### \(heading.text)' before any '## ID' question heading")
                        continue
                    }
                    startPart(heading.text, at: line.number, in: &draft!)
                    continue
                case 1 where !sawQuestion:
                    continue  // the file's title
                case 1:
                    report(line.number, "'#' heading between questions (a question starts with '## ID')")
                    continue
                default:
                    break  // deeper headings belong to a part, which reports them
                }
            }
            // Text before the first question is an introduction, shown on GitHub only.
            guard draft != nil else { continue }
            if draft!.currentPart == nil {
                readField(line, into: &draft!)
            } else {
                draft!.append(line)
            }
        }
        if let finished = draft { finish(finished) }
        // The block parser reports tabs in code; every other tab is reported here.
        for line in lines where line.raw.contains("\t") && !codeLines.contains(line.number) {
            report(line.number, "tab character (use spaces)")
        }
        if !sawQuestion {
            report(lines.first?.number ?? 1, "no questions (each starts with a '## ID' heading)")
        }
    }

    // MARK: Header

    /// Reads the optional front matter; returns the index of the first body line.
    mutating func parseHeader(_ lines: [SourceLine]) -> Int {
        guard let first = lines.first, first.trimmed == "---" else { return 0 }
        var seen: Set<String> = []
        var i = 1
        while i < lines.count {
            let line = lines[i]
            i += 1
            if line.trimmed == "---" { return i }
            if line.isBlank { continue }
            guard let (key, value) = keyValue(line.trimmed) else {
                report(
                    line.number,
                    "expected 'key: value' in the header (known: \(QuizParser.headerKeys.joined(separator: ", ")))")
                continue
            }
            if !QuizParser.headerKeys.contains(key) {
                report(
                    line.number,
                    "unknown header key '\(key)' (known: \(QuizParser.headerKeys.joined(separator: ", ")))")
            } else if seen.contains(key) {
                report(line.number, "duplicate header key '\(key)'")
            } else if key == "level" {
                fileLevel = level(value, at: line.number)
            }
            seen.insert(key)
        }
        report(first.number, "header is not closed (add a '---' line after it)")
        return lines.count
    }

    // MARK: Questions

    mutating func startQuestion(_ id: String, at line: Int) -> QuestionDraft {
        let before = diagnostics.count
        if id.isEmpty {
            report(line, "empty question id after '##'")
        } else if !id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
            report(line, "question id '\(id)' may use only lowercase letters, digits and '-'")
        }
        idLines.append((id, line))
        return QuestionDraft(id: id, line: line, diagnosticsBefore: before)
    }

    mutating func readField(_ line: SourceLine, into draft: inout QuestionDraft) {
        if line.isBlank { return }
        guard let (key, value) = keyValue(line.trimmed) else {
            report(line.number, "expected 'section: LESSON-ID' or a '### Question' heading here")
            return
        }
        guard QuizParser.questionKeys.contains(key) else {
            report(
                line.number, "unknown key '\(key)' (known: \(QuizParser.questionKeys.joined(separator: ", ")))")
            return
        }
        if draft.fields.contains(where: { $0.key == key }) {
            report(line.number, "duplicate key '\(key)'")
            return
        }
        draft.fields.append((key, value, line.number))
    }

    mutating func startPart(_ name: String, at line: Int, in draft: inout QuestionDraft) {
        let key = name.lowercased()
        guard QuizParser.partNames.map({ $0.lowercased() }).contains(key) else {
            let known = QuizParser.partNames.map { "'### \($0)'" }.joined(separator: ", ")
            report(line, "unknown part '### \(name)' (known: \(known))")
            draft.currentPart = "ignored"
            return
        }
        if draft.parts[key] != nil {
            report(line, "second '### \(name)' in question '\(draft.id)'")
            draft.currentPart = "ignored"
            return
        }
        draft.parts[key] = (line, [])
        draft.currentPart = key
    }

    /// Checks a whole question; keeps it when nothing is wrong.
    mutating func finish(_ draft: QuestionDraft) {
        let before = draft.diagnosticsBefore
        let at = draft.line

        var level = fileLevel
        var section: String?
        var lab: String?
        for field in draft.fields {
            switch field.key {
            case "level":
                level = self.level(field.value, at: field.line)
            case "lab":
                if let labNames, !labNames.contains(field.value) {
                    report(
                        field.line, "unknown lab '\(field.value)' (known: \(labNames.joined(separator: ", ")))")
                } else {
                    lab = field.value
                }
            default:
                if field.value.isEmpty {
                    report(field.line, "empty section (name the lesson id the question comes from)")
                } else if let sections, !sections.contains(field.value) {
                    report(
                        field.line,
                        "unknown section '\(field.value)' (known: \(sections.sorted().joined(separator: ", ")))")
                } else {
                    section = field.value
                }
            }
        }
        if !draft.fields.contains(where: { $0.key == "section" }) {
            report(at, "question '\(draft.id)' has no section (add 'section: LESSON-ID' under the heading)")
        }
        if level == nil && !draft.fields.contains(where: { $0.key == "level" }) {
            report(at, "question '\(draft.id)' has no level (set 'level:' in the file header or under the heading)")
        }

        let prompt = parsePrompt(draft)
        let choices = parseChoices(draft)
        let answer = parseAnswer(draft)
        let keyPoints = parseKeyPoints(draft)

        if diagnostics.count == before, let level, let section, let prompt, let answer, let keyPoints {
            questions.append(
                QuizQuestion(
                    id: draft.id, level: level, section: section, prompt: prompt, choices: choices ?? [],
                    answer: answer, keyPoints: keyPoints, lab: lab, file: file, line: draft.line))
        } else {
            skipped.append(draft.id)
        }
    }

    mutating func parsePrompt(_ draft: QuestionDraft) -> RichText? {
        guard let part = draft.parts["question"] else {
            report(draft.line, "question '\(draft.id)' has no '### Question'")
            return nil
        }
        let blocks = parseBlocks(part.lines)
        var paragraphs: [RichText] = []
        for block in blocks {
            guard case .paragraph(let text) = block else {
                report(part.line, "'### Question' holds text only (put lists and code in '### Answer')")
                return nil
            }
            paragraphs.append(text)
        }
        guard !paragraphs.isEmpty else {
            report(part.line, "empty '### Question'")
            return nil
        }
        var prompt: RichText = []
        for (i, paragraph) in paragraphs.enumerated() {
            if i > 0 { prompt.append(Span("\n")) }
            prompt += paragraph
        }
        return prompt
    }

    /// `- [x] right`, `- [ ] wrong` with an indented line under it saying why.
    mutating func parseChoices(_ draft: QuestionDraft) -> [QuizQuestion.Choice]? {
        guard let part = draft.parts["choices"] else { return nil }
        var choices: [(choice: QuizQuestion.Choice, line: Int, why: [String])] = []
        for line in part.lines where !line.isBlank {
            let text = line.trimmed
            let isItem = line.indent < 2 && (text.hasPrefix("- [") || text.hasPrefix("* ["))
            if isItem {
                let box = text.dropFirst(2).prefix(3)
                guard box == "[x]" || box == "[X]" || box == "[ ]" else {
                    report(line.number, "a choice starts with '- [x] ' (the right one) or '- [ ] ' (a wrong one)")
                    continue
                }
                let body = String(text.dropFirst(5)).trimmingSpaces
                if body.isEmpty { report(line.number, "empty choice") }
                choices.append(
                    (
                        QuizQuestion.Choice(text: InlineParser.parse(body), isRight: box != "[ ]", line: line.number),
                        line.number, []
                    ))
            } else if line.indent >= 2, !choices.isEmpty {
                choices[choices.count - 1].why.append(text)
            } else {
                report(
                    line.number,
                    "expected a choice ('- [x] right answer' or '- [ ] wrong answer', with why on an indented line under it)"
                )
            }
        }
        if choices.isEmpty {
            report(part.line, "'### Choices' lists no choices (or remove it for an open question)")
            return nil
        }
        let rights = choices.filter(\.choice.isRight).count
        if rights == 0 {
            report(part.line, "no right answer (mark the right choice '- [x]')")
        } else if rights > 1 {
            report(part.line, "\(rights) choices are marked right (mark exactly one '- [x]')")
        }
        if !QuizParser.choiceRange.contains(choices.count) {
            report(
                part.line,
                "\(counted(choices.count, "choice")) (a question takes \(QuizParser.choiceRange.lowerBound) to \(QuizParser.choiceRange.upperBound): keys 1-4)"
            )
        }
        for entry in choices where !entry.choice.isRight && entry.why.isEmpty {
            report(entry.line, "wrong choice without an explanation (add an indented line under it saying why)")
        }
        return choices.map { entry in
            var choice = entry.choice
            if !entry.why.isEmpty { choice.explanation = InlineParser.parse(entry.why.joined(separator: " ")) }
            return choice
        }
    }

    mutating func parseAnswer(_ draft: QuestionDraft) -> [Block]? {
        guard let part = draft.parts["answer"] else {
            report(draft.line, "question '\(draft.id)' has no '### Answer' (the model answer)")
            return nil
        }
        let blocks = parseBlocks(part.lines)
        if blocks.isEmpty {
            report(part.line, "empty '### Answer'")
            return nil
        }
        if containsLivePart(blocks) {
            report(part.line, "labs, diagrams and quizzes belong in lessons, not in an answer")
        }
        return blocks
    }

    mutating func parseKeyPoints(_ draft: QuestionDraft) -> [RichText]? {
        guard let part = draft.parts["key points"] else {
            report(draft.line, "question '\(draft.id)' has no key points (add '### Key points' with 2 to 5 items)")
            return nil
        }
        let blocks = parseBlocks(part.lines)
        guard !blocks.isEmpty else {
            report(part.line, "empty key points (list 2 to 5 things an answer must mention)")
            return nil
        }
        guard blocks.count == 1, case .list(let items) = blocks[0] else {
            report(part.line, "key points are one list ('- point' a line)")
            return nil
        }
        if !QuizParser.keyPointRange.contains(items.count) {
            report(part.line, "\(counted(items.count, "key point")) (give 2 to 5)")
        }
        return items.map(\.text)
    }

    mutating func parseBlocks(_ lines: [SourceLine]) -> [Block] {
        var parser = BlockParser(file: file)
        let blocks = parser.parse(lines)
        diagnostics += parser.diagnostics
        return blocks
    }

    func containsLivePart(_ blocks: [Block]) -> Bool {
        blocks.contains { block in
            switch block {
            case .live: true
            case .callout(_, let inner), .quote(let inner): containsLivePart(inner)
            default: false
            }
        }
    }

    mutating func level(_ value: String, at line: Int) -> QuizLevel? {
        if let level = QuizLevel(rawValue: value) { return level }
        report(
            line, "unknown level '\(value)' (known: \(QuizLevel.allCases.map(\.rawValue).joined(separator: ", ")))")
        return nil
    }

    /// `key: value`, the value trimmed and unquoted; keys are lowercased.
    func keyValue(_ text: String) -> (key: String, value: String)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let key = String(text[..<colon]).trimmingSpaces
        guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-" || $0 == "_") }) else {
            return nil
        }
        var value = String(text[text.index(after: colon)...]).trimmingSpaces
        if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
            value = String(value.dropFirst().dropLast())
        }
        return (key.lowercased(), value)
    }
}

extension QuestionDraft {
    mutating func append(_ line: SourceLine) {
        guard let part = currentPart else { return }
        parts[part]?.lines.append(line)
    }
}
