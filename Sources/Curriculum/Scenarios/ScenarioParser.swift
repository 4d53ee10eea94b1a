/// What parsing one scenario file gives: the scenario, when the file is
/// usable, and every problem found.
public struct ScenarioParseResult: Sendable {
    /// Nil when the header, the goal or the program has a problem.
    public var scenario: Scenario?
    /// Every problem in the file, in line order. Any diagnostic means the
    /// file is broken (`ptt check` fails).
    public var diagnostics: [Diagnostic]
    /// The line of the header's `id:`, for messages about the id.
    public var idLine: Int?
    /// The header's id, even when the rest of the file is broken.
    public var id: String?

    public init(scenario: Scenario?, diagnostics: [Diagnostic], idLine: Int? = nil, id: String? = nil) {
        self.scenario = scenario
        self.diagnostics = diagnostics
        self.idLine = idLine
        self.id = id
    }
}

/// Parses scheduler scenario files (the format is in `docs/scenario-format.md`).
///
/// A header like a lesson's (`id`, `title`, `goal`, `hint` repeated), prose
/// parsed as lesson Markdown, and one ```` ```scenario ```` fence with the
/// program. A pure function of the text and the file name; it never stops at
/// the first problem.
///
///     let result = ScenarioParser.parse(text, file: "lessons/scenarios/01-lost-update.md")
///     result.diagnostics.forEach { print($0) }
///     // lessons/scenarios/01-lost-update.md:14: unknown instruction 'lod' (known: load, …)
public enum ScenarioParser {
    public static let headerKeys = ["id", "title", "goal", "hint"]
    static let headerRules = HeaderParser.Rules(
        keys: headerKeys, repeatable: ["hint"], required: ["id", "title", "goal"],
        template: "'id: …', 'title: …', 'goal: …', 'hint: …'", closingHint: "after the last 'hint: …'")
    /// The fence's info string.
    public static let fenceName = "scenario"

    public static func parse(_ text: String, file: String) -> ScenarioParseResult {
        let lines = SourceLine.split(text)
        var diagnostics: [Diagnostic] = []
        let header = HeaderParser.parse(lines, file: file, rules: headerRules, diagnostics: &diagnostics)
        let body = Array(lines[header.bodyStart...])

        // Find the program: top-level fences named `scenario`.
        var fences: [(start: Int, end: Int)] = []  // indices into body; end is exclusive of the closing line
        var i = 0
        while i < body.count {
            guard let fence = LineSyntax.fence(body[i]) else {
                i += 1
                continue
            }
            var j = i + 1
            while j < body.count, !LineSyntax.closesFence(body[j], ticks: fence.ticks) { j += 1 }
            if fence.info.split(separator: " ").first == Substring(fenceName) {
                fences.append((i, j))
            }
            i = j + 1
        }

        var program: SchedulerProgram?
        var source: [String] = []
        var prose: [Block] = []
        var afterword: [Block] = []
        var blockParser = BlockParser(file: file)
        var programLines: Set<Int> = []
        var declaredVariables: [String] = []
        if let fence = fences.first {
            let opening = body[fence.start]
            if fence.end >= body.count {
                diagnostics.append(
                    Diagnostic(
                        file: file, line: opening.number, message: "scenario fence is not closed (no ``` line after it)"
                    ))
            }
            if fence.start < body.count, let info = LineSyntax.fence(opening)?.info, info != fenceName {
                diagnostics.append(
                    Diagnostic(
                        file: file, line: opening.number,
                        message: "unexpected '\(info.dropFirst(fenceName.count + 1))' after ```\(fenceName)"))
            }
            let content = Array(body[(fence.start + 1)..<min(fence.end, body.count)])
            for line in content {
                programLines.insert(line.number)
                if line.raw.contains("\t") {
                    diagnostics.append(
                        Diagnostic(file: file, line: line.number, message: "tab character in the program (use spaces)"))
                }
            }
            programLines.insert(opening.number)
            if fence.end < body.count { programLines.insert(body[fence.end].number) }
            source = content.map { $0.raw.droppingSpaces(upTo: opening.indent) }
            var programParser = ProgramParser(file: file)
            program = programParser.parse(
                content.map { SourceLine(number: $0.number, raw: $0.raw.droppingSpaces(upTo: opening.indent)) })
            diagnostics += programParser.diagnostics
            declaredVariables = programParser.declaredVariables
            prose = blockParser.parse(Array(body[..<fence.start]))
            afterword = fence.end + 1 < body.count ? blockParser.parse(Array(body[(fence.end + 1)...])) : []
            for extra in fences.dropFirst() {
                diagnostics.append(
                    Diagnostic(
                        file: file, line: body[extra.start].number,
                        message: "a second ```scenario fence (a scenario has one program)"))
            }
        } else {
            diagnostics.append(
                Diagnostic(
                    file: file, line: lines.isEmpty ? 1 : lines[min(header.bodyStart, lines.count - 1)].number,
                    message: "missing ```scenario fence (the program: shared variables, locks and threads)"))
            prose = blockParser.parse(body)
        }
        diagnostics += blockParser.diagnostics
        for line in lines
        where line.raw.contains("\t") && !blockParser.codeLines.contains(line.number)
            && !programLines.contains(line.number)
        {
            diagnostics.append(Diagnostic(file: file, line: line.number, message: "tab character (use spaces)"))
        }

        // Nothing from a file reaches a terminal raw: a loaded scenario has
        // no control characters (reported as in lesson and quiz files).
        diagnostics += ControlCharacters.diagnostics(in: text, file: file)

        var goal: ScenarioGoal?
        if let entry = header.first("goal") {
            if let program {
                goal = parseGoal(entry.value, program: program, file: file, line: entry.line, diagnostics: &diagnostics)
            } else if !fences.isEmpty, !["deadlock", "both critical"].contains(entry.value) {
                // The program did not compile: still check what the goal names.
                let names = SchedulerProgram(
                    variables: declaredVariables, initialValues: declaredVariables.map { _ in 0 }, locks: [],
                    threads: [])
                _ = parseGoal(entry.value, program: names, file: file, line: entry.line, diagnostics: &diagnostics)
            }
        }

        let id = header.first("id")
        var scenario: Scenario?
        if let id, let title = header.first("title"), let goalEntry = header.first("goal"), let goal, let program {
            scenario = Scenario(
                id: id.value, title: title.value, goalText: goalEntry.value, goal: goal,
                hints: header.all("hint").map(\.value), file: file, prose: prose, afterword: afterword,
                program: program, source: source)
        }
        diagnostics = diagnostics.map {
            Diagnostic(file: $0.file, line: $0.line, message: $0.message.visibleControlCharacters)
        }
        let sorted = diagnostics.enumerated()
            .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            .map(\.element)
        if !sorted.isEmpty { scenario = nil }
        return ScenarioParseResult(scenario: scenario, diagnostics: sorted, idLine: id?.line, id: id?.value)
    }

    /// `final counter != 2`, `ever count > 2`, `deadlock`, `both critical`.
    static func parseGoal(
        _ text: String, program: SchedulerProgram, file: String, line: Int, diagnostics: inout [Diagnostic]
    ) -> ScenarioGoal? {
        func report(_ message: String) -> ScenarioGoal? {
            diagnostics.append(Diagnostic(file: file, line: line, message: message))
            return nil
        }
        let words = text.split(separator: " ").map(String.init)
        switch words.first {
        case "deadlock" where words.count == 1:
            let blocks = program.threads.contains { thread in
                thread.instructions.contains {
                    switch $0 {
                    case .lock, .wait: true
                    default: false
                    }
                }
            }
            return blocks
                ? .deadlock : report("goal 'deadlock' names nothing that can block (no lock or wait in the program)")
        case "both" where words == ["both", "critical"]:
            let withCritical = program.threads.filter { $0.instructions.contains(.enterCritical) }.count
            return withCritical >= 2
                ? .bothCritical : report("goal 'both critical' needs two threads with a 'critical' section")
        case "final", "ever":
            guard words.count == 4 else {
                return report("expected 'goal: \(words[0]) VARIABLE == N' (or !=, <, <=, >, >=)")
            }
            guard let variable = program.variable(named: words[1]) else {
                return report("goal names '\(words[1])', which is not a shared variable of the program")
            }
            guard let comparison = Comparison(rawValue: words[2]) else {
                return report("unknown comparison '\(words[2])' in the goal (known: ==, !=, <, <=, >, >=)")
            }
            guard let value = Int(words[3]) else { return report("'\(words[3])' in the goal is not an integer") }
            return words[0] == "final"
                ? .final(variable: variable, comparison, value) : .ever(variable: variable, comparison, value)
        default:
            return report(
                "unknown goal '\(text)' (known: final VAR == N, final VAR != N, ever VAR OP N, deadlock, both critical)"
            )
        }
    }
}
