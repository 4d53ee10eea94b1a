/// The `---` front matter that starts a lesson or a scenario file: `key: value`
/// lines between two `---` lines.
struct FileHeader {
    struct Entry: Equatable {
        var key: String
        var value: String
        /// 1-based line of the entry.
        var line: Int
    }

    /// Entries with a known key and a non-empty value, in file order.
    var entries: [Entry] = []
    /// Index of the first body line.
    var bodyStart: Int

    /// The first entry for `key`.
    func first(_ key: String) -> Entry? { entries.first { $0.key == key } }

    /// Every entry for `key`, in file order (for repeatable keys such as `hint`).
    func all(_ key: String) -> [Entry] { entries.filter { $0.key == key } }
}

/// Reads a file's front matter, reporting unknown, duplicate and empty keys.
///
/// Shared by the lesson and scenario parsers so that both formats start the
/// same way and report the same mistakes in the same words.
enum HeaderParser {
    /// What a file's header must and may hold.
    struct Rules {
        /// Known keys, in the order the messages list them.
        var keys: [String]
        /// Keys that may appear more than once.
        var repeatable: Set<String> = []
        /// Keys whose absence is an error ("header has no id").
        var required: [String]
        /// How the header should look, for the "missing header" message:
        /// `'id: …', 'title: …'`.
        var template: String
        /// Where the closing `---` goes: `after 'title: …'`.
        var closingHint: String
    }

    static func parse(
        _ lines: [SourceLine], file: String, rules: Rules, diagnostics: inout [Diagnostic]
    ) -> FileHeader {
        func report(_ line: Int, _ message: String) {
            diagnostics.append(Diagnostic(file: file, line: line, message: message))
        }
        guard let first = lines.first, first.trimmed == "---" else {
            report(1, "missing header (the file must start with '---', \(rules.template), '---')")
            return FileHeader(bodyStart: 0)
        }

        var header = FileHeader(bodyStart: lines.count)
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
            if !rules.keys.contains(key) {
                report(line.number, "unknown header key '\(key)' (known: \(rules.keys.joined(separator: ", ")))")
            } else if seen.contains(key) && !rules.repeatable.contains(key) {
                report(line.number, "duplicate header key '\(key)'")
            } else if value.isEmpty {
                seen.insert(key)
                report(line.number, "empty \(key)")
            } else {
                seen.insert(key)
                header.entries.append(FileHeader.Entry(key: key, value: value, line: line.number))
                if key == "id" && !value.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
                    report(line.number, "id '\(value)' may use only lowercase letters, digits and '-'")
                }
            }
            i += 1
        }
        if !closed {
            report(first.number, "header is not closed (add a '---' line \(rules.closingHint))")
        }
        for key in rules.required where !seen.contains(key) {
            report(first.number, "header has no \(key)")
        }
        return header
    }

    /// `key: value`, with the value trimmed and unquoted (`title: "A: B"`).
    static func keyValue(_ text: String) -> (key: String, value: String)? {
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
