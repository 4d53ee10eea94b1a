/// Compiles the content of a ```` ```scenario ```` fence into a
/// ``SchedulerProgram``, reporting every mistake with its file line.
///
/// Two passes: the first reads declarations and each thread's lines (so a
/// thread may use a lock declared below it), the second resolves names and
/// labels and checks that every `unlock` can find its lock held.
struct ProgramParser {
    static let instructionNames = [
        "load", "store", "add", "set", "inc", "lock", "unlock", "wait", "notify", "if", "goto", "critical",
        "end critical",
    ]
    static let declarationNames = ["shared", "lock", "cond", "thread"]
    /// The game steps threads with the keys 1–9.
    static let maximumThreads = 9

    let file: String
    var diagnostics: [Diagnostic] = []
    /// The shared variables declared, even when the program does not compile
    /// (so the goal can still be checked).
    private(set) var declaredVariables: [String] = []

    init(file: String) {
        self.file = file
    }

    private mutating func report(_ line: Int, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: line, message: message))
    }

    /// A thread's line before names are resolved.
    private struct RawLine {
        var line: Int
        var words: [String]
        var text: String
    }

    private struct RawThread {
        var name: String
        var line: Int
        var body: [RawLine] = []
        /// Label name to index into `body`'s instructions, with its line.
        var labels: [String: (index: Int, line: Int)] = [:]
        var instructionCount = 0
    }

    private enum Kind: String {
        case variable = "shared variable"
        case lock
        case condition
    }

    mutating func parse(_ lines: [SourceLine]) -> SchedulerProgram? {
        var variables: [String] = []
        var initialValues: [Int] = []
        var locks: [String] = []
        var conditions: [String] = []
        var declared: [String: (kind: Kind, line: Int)] = [:]
        var threads: [RawThread] = []
        var insideThread = false

        func declare(_ name: String, _ kind: Kind, at line: Int) -> Bool {
            if let earlier = declared[name] {
                report(line, "'\(name)' is already declared as a \(earlier.kind.rawValue) on line \(earlier.line)")
                return false
            }
            declared[name] = (kind, line)
            return true
        }

        for line in lines {
            let code = Self.stripComment(line.text)
            let words = code.split(separator: " ").map(String.init)
            guard let first = words.first else { continue }
            let indented = line.indent > 0
            let text = words.joined(separator: " ")

            if words.count == 1, first.hasSuffix(":"), first.count > 1 {
                let label = String(first.dropLast())
                guard insideThread, !threads.isEmpty else {
                    report(line.number, "label '\(label)' outside a thread")
                    continue
                }
                guard Self.isName(label) else {
                    report(line.number, "label '\(label)' may use only letters, digits and '_'")
                    continue
                }
                if let earlier = threads[threads.count - 1].labels[label] {
                    report(line.number, "label '\(label)' is already used on line \(earlier.line)")
                } else {
                    threads[threads.count - 1].labels[label] = (
                        threads[threads.count - 1].instructionCount, line.number
                    )
                }
                continue
            }

            if indented {
                guard insideThread, !threads.isEmpty else {
                    report(line.number, "indented line outside a thread (start one with 'thread NAME')")
                    continue
                }
                threads[threads.count - 1].body.append(RawLine(line: line.number, words: words, text: text))
                threads[threads.count - 1].instructionCount += 1
                continue
            }

            switch first {
            case "shared":
                guard words.count == 4, words[2] == "=", let value = Int(words[3]) else {
                    report(line.number, "expected 'shared NAME = N' (N an integer)")
                    continue
                }
                guard checkName(words[1], at: line.number) else { continue }
                if declare(words[1], .variable, at: line.number) {
                    variables.append(words[1])
                    initialValues.append(value)
                }
            case "lock", "cond":
                let kind: Kind = first == "lock" ? .lock : .condition
                guard words.count == 2 else {
                    report(line.number, "expected '\(first) NAME'")
                    continue
                }
                guard checkName(words[1], at: line.number) else { continue }
                if declare(words[1], kind, at: line.number) {
                    if kind == .lock { locks.append(words[1]) } else { conditions.append(words[1]) }
                }
            case "thread":
                insideThread = true
                guard words.count == 2 else {
                    report(line.number, "expected 'thread NAME'")
                    threads.append(RawThread(name: "?", line: line.number))
                    continue
                }
                _ = checkName(words[1], at: line.number)
                if let earlier = threads.first(where: { $0.name == words[1] }) {
                    report(line.number, "thread '\(words[1])' is already declared on line \(earlier.line)")
                }
                threads.append(RawThread(name: words[1], line: line.number))
            default:
                if Self.instructionNames.contains(first) || first == "end" {
                    report(line.number, "'\(text)' must be indented under a 'thread NAME' line")
                } else {
                    report(
                        line.number,
                        "unknown declaration '\(first)' (known: \(Self.declarationNames.joined(separator: ", ")))")
                }
            }
        }

        declaredVariables = variables
        if threads.isEmpty {
            report(lines.first?.number ?? 1, "the program has no threads (add 'thread NAME' and indented instructions)")
            return nil
        }
        if threads.count > Self.maximumThreads {
            report(
                threads[Self.maximumThreads].line,
                "at most \(Self.maximumThreads) threads (the game steps them with the keys 1–\(Self.maximumThreads))")
        }

        let names = Names(variables: variables, locks: locks, conditions: conditions, declared: declared)
        let before = diagnostics.count
        var compiled: [ThreadProgram] = []
        for thread in threads {
            if thread.instructionCount == 0 {
                report(thread.line, "thread '\(thread.name)' has no instructions")
            }
            compiled.append(compile(thread, names: names))
        }
        for thread in compiled {
            checkLocks(thread, names: names)
        }
        guard diagnostics.count == before else { return nil }
        return SchedulerProgram(
            variables: variables, initialValues: initialValues, locks: locks, conditions: conditions,
            threads: compiled)
    }

    private struct Names {
        var variables: [String]
        var locks: [String]
        var conditions: [String]
        var declared: [String: (kind: Kind, line: Int)]

        func what(_ name: String) -> String {
            declared[name].map { "a \($0.kind.rawValue)" } ?? "not declared"
        }
    }

    // MARK: resolving one thread

    private mutating func compile(_ thread: RawThread, names: Names) -> ThreadProgram {
        // Registers are what load and add write to, in order of first use.
        var registers: [String] = []
        for raw in thread.body where ["load", "add"].contains(raw.words[0]) && raw.words.count >= 2 {
            let name = raw.words[1]
            if names.declared[name] == nil, !registers.contains(name), Self.isName(name) {
                registers.append(name)
            }
        }
        let labels = thread.labels.mapValues(\.index)
        var instructions: [Instruction] = []
        for raw in thread.body {
            let resolved = resolve(raw, thread: thread.name, registers: registers, labels: labels, names: names)
            // A placeholder keeps indices aligned; the diagnostic stops compilation.
            instructions.append(resolved ?? .enterCritical)
        }
        return ThreadProgram(
            name: thread.name, instructions: instructions, texts: thread.body.map(\.text),
            lines: thread.body.map(\.line), registers: registers, labels: labels)
    }

    private mutating func resolve(
        _ raw: RawLine, thread: String, registers: [String], labels: [String: Int], names: Names
    ) -> Instruction? {
        let words = raw.words
        let line = raw.line

        func usage(_ form: String) -> Instruction? {
            report(line, "expected '\(form)'")
            return nil
        }
        func variable(_ name: String) -> Int? {
            if let index = names.variables.firstIndex(of: name) { return index }
            let what =
                names.declared[name] == nil
                ? "undefined variable '\(name)'" : "'\(name)' is \(names.what(name)), not a shared variable"
            report(line, what)
            return nil
        }
        func lock(_ name: String) -> Int? {
            if let index = names.locks.firstIndex(of: name) { return index }
            let what =
                names.declared[name] == nil
                ? "undefined lock '\(name)' (declare it with 'lock \(name)')"
                : "'\(name)' is \(names.what(name)), not a lock"
            report(line, what)
            return nil
        }
        func condition(_ name: String) -> Int? {
            if let index = names.conditions.firstIndex(of: name) { return index }
            let what =
                names.declared[name] == nil
                ? "undefined condition '\(name)' (declare it with 'cond \(name)')"
                : "'\(name)' is \(names.what(name)), not a condition"
            report(line, what)
            return nil
        }
        func register(_ name: String, writing: Bool) -> Int? {
            if names.declared[name] != nil {
                report(line, "'\(name)' is \(names.what(name)), not a register")
                return nil
            }
            if let index = registers.firstIndex(of: name) { return index }
            if !Self.isName(name) {
                report(line, "register '\(name)' may use only letters, digits and '_'")
            } else if !writing {
                report(line, "register '\(name)' is never set in \(thread) (load or add into it first)")
            }
            return nil
        }
        func number(_ text: String) -> Int? {
            if let value = Int(text) { return value }
            report(line, "'\(text)' is not an integer")
            return nil
        }
        func label(_ name: String) -> Int? {
            if let index = labels[name] { return index }
            report(line, "undefined label '\(name)' in \(thread)")
            return nil
        }

        switch words[0] {
        case "load":
            guard words.count == 3 else { return usage("load REGISTER VARIABLE") }
            guard let r = register(words[1], writing: true), let v = variable(words[2]) else { return nil }
            return .load(register: r, variable: v)
        case "store":
            guard words.count == 3 else { return usage("store VARIABLE REGISTER") }
            guard let v = variable(words[1]), let r = register(words[2], writing: false) else { return nil }
            return .store(variable: v, register: r)
        case "add":
            guard words.count == 3 else { return usage("add REGISTER N") }
            guard let r = register(words[1], writing: true), let n = number(words[2]) else { return nil }
            return .add(register: r, amount: n)
        case "set":
            guard words.count == 3 else { return usage("set VARIABLE N") }
            guard let v = variable(words[1]), let n = number(words[2]) else { return nil }
            return .set(variable: v, value: n)
        case "inc":
            guard words.count == 2 else { return usage("inc VARIABLE") }
            return variable(words[1]).map { .increment(variable: $0) }
        case "lock":
            guard words.count == 2 else { return usage("lock LOCK") }
            return lock(words[1]).map { .lock($0) }
        case "unlock":
            guard words.count == 2 else { return usage("unlock LOCK") }
            return lock(words[1]).map { .unlock($0) }
        case "wait":
            guard words.count == 3 else { return usage("wait CONDITION LOCK") }
            guard let c = condition(words[1]), let l = lock(words[2]) else { return nil }
            return .wait(condition: c, lock: l)
        case "notify":
            guard words.count == 2 else { return usage("notify CONDITION") }
            return condition(words[1]).map { .notify(condition: $0) }
        case "goto":
            guard words.count == 2 else { return usage("goto LABEL") }
            return label(words[1]).map { .jump(target: $0) }
        case "if":
            guard words.count == 6, words[4] == "goto" else { return usage("if X == N goto LABEL") }
            guard let comparison = Comparison(rawValue: words[2]) else {
                report(line, "unknown comparison '\(words[2])' (known: ==, !=, <, <=, >, >=)")
                return nil
            }
            let operand: Operand
            if let v = names.variables.firstIndex(of: words[1]) {
                operand = .shared(v)
            } else if let r = registers.firstIndex(of: words[1]) {
                operand = .register(r)
            } else if names.declared[words[1]] != nil {
                report(line, "'\(words[1])' is \(names.what(words[1])); 'if' reads a shared variable or a register")
                return nil
            } else {
                report(line, "undefined variable or register '\(words[1])'")
                return nil
            }
            guard let n = number(words[3]), let target = label(words[5]) else { return nil }
            return .branch(operand, comparison, n, target: target)
        case "critical":
            guard words.count == 1 else { return usage("critical") }
            return .enterCritical
        case "end":
            guard words.count == 2, words[1] == "critical" else {
                report(line, "unknown instruction '\(raw.text)' (did you mean 'end critical'?)")
                return nil
            }
            return .leaveCritical
        default:
            if words[0].hasSuffix(":") {
                report(line, "a label stands alone on its line ('\(words[0])' then the instruction below it)")
            } else {
                report(
                    line,
                    "unknown instruction '\(words[0])' (known: \(Self.instructionNames.joined(separator: ", ")))")
            }
            return nil
        }
    }

    // MARK: locks

    /// Reports an `unlock L` (or `wait C L`) where no path through the thread
    /// can hold L: the locks a thread may hold are followed along every jump.
    private mutating func checkLocks(_ thread: ThreadProgram, names: Names) {
        let code = thread.instructions
        guard !code.isEmpty else { return }
        var mayHold: [Set<Int>?] = Array(repeating: nil, count: code.count + 1)
        mayHold[0] = []
        var work = [0]
        while let pc = work.popLast() {
            guard pc < code.count, let held = mayHold[pc] else { continue }
            var after = held
            var successors = [pc + 1]
            switch code[pc] {
            case .lock(let l): after.insert(l)
            case .unlock(let l): after.remove(l)
            case .branch(_, _, _, let target): successors.append(target)
            case .jump(let target): successors = [target]
            default: break
            }
            for next in successors where next <= code.count {
                let merged = (mayHold[next] ?? []).union(after)
                if mayHold[next] != merged {
                    mayHold[next] = merged
                    work.append(next)
                }
            }
        }
        for (pc, instruction) in code.enumerated() {
            guard let held = mayHold[pc] else { continue }
            switch instruction {
            case .unlock(let l) where !held.contains(l):
                report(thread.lines[pc], "unlock \(names.locks[l]): \(thread.name) cannot hold \(names.locks[l]) here")
            case .wait(_, let l) where !held.contains(l):
                report(
                    thread.lines[pc],
                    "wait needs \(names.locks[l]) held: \(thread.name) cannot hold \(names.locks[l]) here")
            default: break
            }
        }
    }

    // MARK: words

    static func stripComment(_ text: String) -> String {
        guard let hash = text.firstIndex(of: "#") else { return text }
        return String(text[..<hash])
    }

    static func isName(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    private mutating func checkName(_ name: String, at line: Int) -> Bool {
        guard Self.isName(name) else {
            report(line, "name '\(name)' may use only letters, digits and '_', starting with a letter")
            return false
        }
        if Self.reserved.contains(name) {
            report(line, "'\(name)' is a keyword; pick another name")
            return false
        }
        return true
    }

    static let reserved: Set<String> = [
        "shared", "lock", "cond", "thread", "load", "store", "add", "set", "inc", "unlock", "wait", "notify", "if",
        "goto", "critical", "end", "final", "ever", "deadlock", "both",
    ]
}
