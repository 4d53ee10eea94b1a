/// Control characters from files, made visible before they reach a terminal.
///
/// A lesson title holding `ESC ] 0 ; … BEL` would retitle the learner's
/// terminal window, `ESC [ 2 J` would clear it: bytes from a file or a file
/// name are never written raw. Every C0 control (U+0000–U+001F) but tab,
/// DEL (U+007F) and every C1 control (U+0080–U+009F, which some terminals
/// take as escapes in UTF-8) is shown as `\x1b` or `\u{9b}`.
///
///     "\u{1B}]0;pwned\u{07}".visibleControlCharacters  // "\x1b]0;pwned\x07"
public enum ControlCharacters {
    /// True for the characters ptt never prints raw (tab is allowed).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x09) || v == 0x7F || (0x80...0x9F).contains(v)
    }

    /// `\x1b` for C0 and DEL, `\u{9b}` for C1.
    static func visible(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        if scalar.value < 0x80 { return "\\x" + (hex.count < 2 ? "0" + hex : hex) }
        return "\\u{\(hex)}"
    }

    /// One diagnostic for each line of `text` holding a control character
    /// (tab aside; a line's final carriage return belongs to its CRLF ending),
    /// naming the first one: `lessons/x.md:3: control character \x1b (ESC)
    /// in the text; ptt shows none raw`.
    public static func diagnostics(in text: String, file: String) -> [Diagnostic] {
        guard mayHoldControl(text) else { return [] }
        var result: [Diagnostic] = []
        for line in SourceLine.split(text) {
            guard let first = line.raw.unicodeScalars.first(where: isControl) else { continue }
            let count = line.raw.unicodeScalars.lazy.filter(isControl).count
            let more = count > 1 ? " and \(count - 1) more" : ""
            result.append(
                Diagnostic(
                    file: file, line: line.number,
                    message: "control character \(visible(first))\(name(first))\(more) in the text (not allowed: "
                        + "a terminal would act on it)"))
        }
        return result
    }

    /// False when no byte of `text` can start a control character but tab
    /// and line feed: one pass over the bytes, so a clean file of any size is
    /// not split into lines a second time. A carriage return, a C0 byte, DEL
    /// or the lead byte of U+0080–U+00BF (C1 lies there) means look closer.
    static func mayHoldControl(_ text: String) -> Bool {
        func suspect(_ byte: UInt8) -> Bool {
            (byte < 0x20 && byte != 0x09 && byte != 0x0A) || byte == 0x7F || byte == 0xC2
        }
        // On the bytes in place when the string has them contiguous (a file read into memory does).
        return text.utf8.withContiguousStorageIfAvailable { $0.contains(where: suspect) }
            ?? text.utf8.contains(where: suspect)
    }

    private static func name(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x00: " (NUL)"
        case 0x07: " (BEL)"
        case 0x08: " (backspace)"
        case 0x0D: " (carriage return)"
        case 0x1B: " (ESC)"
        case 0x7F: " (DEL)"
        case 0x9B: " (CSI)"
        default: ""
        }
    }
}

extension String {
    /// The string with every control character but tab shown as `\x1b` or
    /// `\u{9b}` (see ``ControlCharacters``): safe to print to a terminal.
    public var visibleControlCharacters: String {
        guard unicodeScalars.contains(where: ControlCharacters.isControl) else { return self }
        var out = ""
        out.reserveCapacity(utf8.count + 8)
        for scalar in unicodeScalars {
            if ControlCharacters.isControl(scalar) {
                out += ControlCharacters.visible(scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
