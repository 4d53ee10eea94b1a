import Foundation

/// What parsing a tour file gives: the tour (nil only when the header is
/// unusable), every problem found, and the labs it names.
public struct TourParseResult: Sendable {
    public var tour: Tour?
    /// In line order. Any diagnostic means the file is broken (`ptt check` fails).
    public var diagnostics: [Diagnostic]
    /// Every `lab:` in the file, for the app to check (`unknownLabs`).
    public var labReferences: [TourLabReference]

    /// A diagnostic for each lab reference whose name is not in `known`.
    public func unknownLabs(known: [String]) -> [Diagnostic] {
        labReferences.filter { !known.contains($0.name) }.map {
            Diagnostic(
                file: $0.file, line: $0.line,
                message: "unknown lab '\($0.name)' (known: \(known.joined(separator: ", ")))")
        }
    }
}

/// Parses tour files: a lesson file (header with id and title, any
/// Markdown for the instructor) whose ` ```tour-step ` fences are the steps,
/// in order. Inside a fence, one `key: value` a line:
///
///     ```tour-step
///     kind: lab               # lesson, lab or quiz
///     title: Lost updates, live
///     minutes: 3
///     lab: race               # kind lab: a lab name, and optionally
///     options: --threads 4    #   its options
///     note: Ask first: what will the counter say?
///     note: (one note: line per paragraph of speaker notes)
///     ```
///
/// `kind: lesson` takes `lesson: ID` and optionally `heading: TEXT`;
/// `kind: quiz` takes `question: ID`. Like `LessonParser`, a pure function
/// of the text: it never stops at the first problem.
///
///     let result = TourParser.parse(text, file: "lessons/tour.md")
///     result.diagnostics   // lessons/tour.md:14: unknown step kind 'labb' (known: lesson, lab, quiz)
public enum TourParser {
    public static let fenceName = "tour-step"
    public static let kinds = ["lesson", "lab", "quiz"]
    public static let keys = ["kind", "title", "minutes", "note", "lesson", "heading", "lab", "options", "question"]
    /// Minutes a step may plan: more than 0, at most this.
    public static let maxMinutes = 60.0

    public static func parse(_ text: String, file: String) -> TourParseResult {
        let lesson = LessonParser.parse(text, file: file)
        var diagnostics = lesson.diagnostics
        var steps: [TourStep] = []
        var labs: [TourLabReference] = []
        let lines = SourceLine.split(text)
        var i = 0
        // Skip the header: its `---` lines are not fences, but `key: value`
        // lines there must not be read as a step.
        if lines.first?.trimmed == "---", let close = lines.dropFirst().firstIndex(where: { $0.trimmed == "---" }) {
            i = close + 1
        }
        while i < lines.count {
            let line = lines[i]
            i += 1
            guard let fence = LineSyntax.fence(line) else { continue }
            var body: [SourceLine] = []
            var closed = false
            while i < lines.count {
                let inner = lines[i]
                i += 1
                if LineSyntax.closesFence(inner, ticks: fence.ticks) {
                    closed = true
                    break
                }
                body.append(inner)
            }
            let words = fence.info.split(separator: " ")
            guard words.first.map(String.init) == fenceName else { continue }
            if words.count > 1 {
                diagnostics.append(
                    Diagnostic(
                        file: file, line: line.number,
                        message: "unexpected '\(words.dropFirst().joined(separator: " "))' after ```\(fenceName)"))
            }
            // An unclosed fence is already reported by the lesson parser.
            guard closed else { continue }
            if let (step, lab) = parseStep(opening: line.number, body: body, file: file, diagnostics: &diagnostics) {
                steps.append(step)
                if let lab { labs.append(lab) }
            }
        }
        if lesson.lesson != nil && steps.isEmpty && diagnostics.isEmpty {
            diagnostics.append(
                Diagnostic(file: file, line: 1, message: "no steps (add a ```\(fenceName) block for each step)"))
        }
        let sorted = diagnostics.enumerated()
            .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            .map(\.element)
        let tour = lesson.lesson.map { Tour(id: $0.id, title: $0.title, file: file, steps: steps) }
        return TourParseResult(tour: tour, diagnostics: sorted, labReferences: labs)
    }

    /// Reads and parses a tour file; an unreadable or non-UTF-8 file is one
    /// diagnostic at line 1.
    public static func load(path: String) -> TourParseResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            return TourParseResult(
                tour: nil, diagnostics: [Diagnostic(file: path, line: 1, message: "cannot read file")],
                labReferences: [])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return TourParseResult(
                tour: nil, diagnostics: [Diagnostic(file: path, line: 1, message: "file is not valid UTF-8")],
                labReferences: [])
        }
        return parse(text, file: path)
    }

    private static func parseStep(
        opening: Int, body: [SourceLine], file: String, diagnostics: inout [Diagnostic]
    ) -> (TourStep, TourLabReference?)? {
        func report(_ line: Int, _ message: String) {
            diagnostics.append(Diagnostic(file: file, line: line, message: message))
        }
        var fields: [String: (value: String, line: Int)] = [:]
        var notes: [String] = []
        var empty: Set<String> = []
        var broken = false
        for line in body where !line.isBlank {
            let text = line.trimmed
            guard let colon = text.firstIndex(of: ":") else {
                report(line.number, "expected 'key: value' in a \(fenceName) (keys: \(keys.joined(separator: ", ")))")
                broken = true
                continue
            }
            let key = String(text[..<colon]).trimmingSpaces
            let value = String(text[text.index(after: colon)...]).trimmingSpaces
            guard keys.contains(key) else {
                report(line.number, "unknown key '\(key)' (known: \(keys.joined(separator: ", ")))")
                broken = true
                continue
            }
            if value.isEmpty {
                report(line.number, "empty \(key)")
                empty.insert(key)
                broken = true
                continue
            }
            if key == "note" {
                notes.append(value)
            } else if let earlier = fields[key] {
                report(line.number, "duplicate key '\(key)' (already at line \(earlier.line))")
                broken = true
            } else {
                fields[key] = (value, line.number)
            }
        }

        func required(_ key: String, for what: String) -> (value: String, line: Int)? {
            if let field = fields[key] { return field }
            if !empty.contains(key) { report(opening, "\(what) has no \(key):") }
            broken = true
            return nil
        }
        let title = required("title", for: "step")
        var minutes: Double?
        if let field = required("minutes", for: "step") {
            if let value = Double(field.value), value.isFinite, value > 0, value <= maxMinutes {
                minutes = value
            } else {
                report(field.line, "bad minutes '\(field.value)' (a number more than 0 and at most \(Int(maxMinutes)))")
                broken = true
            }
        }
        var kind: TourStep.Kind?
        var lab: TourLabReference?
        let kindFields: [String: [String]] = [
            "lesson": ["lesson", "heading"], "lab": ["lab", "options"], "quiz": ["question"],
        ]
        if let field = required("kind", for: "step") {
            if let allowed = kindFields[field.value] {
                for (key, other) in fields.sorted(by: { $0.value.line < $1.value.line })
                where kindFields.values.joined().contains(key) && !allowed.contains(key) {
                    report(
                        other.line,
                        "'\(key):' does not belong in a \(field.value) step (it takes \(allowed.joined(separator: ", ")))"
                    )
                    broken = true
                }
                switch field.value {
                case "lesson":
                    if let id = required("lesson", for: "lesson step") {
                        kind = .lesson(id: id.value, heading: fields["heading"]?.value)
                    }
                case "lab":
                    if let name = required("lab", for: "lab step") {
                        let options = (fields["options"]?.value ?? "").split(separator: " ").map(String.init)
                        kind = .lab(name: name.value, options: options)
                        lab = TourLabReference(name: name.value, options: options, file: file, line: name.line)
                    }
                default:
                    if let id = required("question", for: "quiz step") { kind = .quiz(question: id.value) }
                }
            } else {
                report(field.line, "unknown step kind '\(field.value)' (known: \(kinds.joined(separator: ", ")))")
                broken = true
            }
        }
        guard !broken, let kind, let title, let minutes else { return nil }
        return (TourStep(kind: kind, title: title.value, minutes: minutes, notes: notes, line: opening), lab)
    }
}

extension Tour {
    /// Checks what only the lessons and the quiz know: that each lesson
    /// step's lesson (and heading) exists, and each quiz step's question.
    /// Labs are the app's to check (`TourParseResult.unknownLabs`).
    public func check(lessons: LessonLibrary, quiz: QuizBank) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for step in steps {
            switch step.kind {
            case .lesson(let id, let heading):
                guard let lesson = lessons.lesson(id: id) else {
                    let known = lessons.lessons.map(\.id).joined(separator: ", ")
                    out.append(
                        Diagnostic(file: file, line: step.line, message: "unknown lesson '\(id)' (known: \(known))"))
                    continue
                }
                if let heading, lesson.excerpt(heading: heading) == nil {
                    out.append(
                        Diagnostic(
                            file: file, line: step.line,
                            message:
                                "lesson '\(id)' has no heading '\(heading)' (it has: \(lesson.headings.joined(separator: ", ")))"
                        ))
                }
            case .quiz(let question):
                if quiz.question(id: question) == nil {
                    out.append(Diagnostic(file: file, line: step.line, message: "unknown quiz question '\(question)'"))
                }
            case .lab:
                break
            }
        }
        return out
    }
}
