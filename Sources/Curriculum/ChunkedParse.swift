/// How the parts of a long lesson are run. Curriculum has no threads: by
/// default the parts are parsed one after another; a caller that has threads
/// (the app: one per CPU) passes a `perform` that runs them at once.
///
///     let parts = LessonParts(count: 2) { n, body in DispatchQueue.concurrentPerform(iterations: n, execute: body) }
///     LessonParser.parse(text, file: "big.md", parts: parts)
public struct LessonParts: Sendable {
    /// How many parts a long lesson is split into (1: one pass).
    public var count: Int
    /// Calls `body` with each of `0..<iterations` and returns when all are
    /// done; it may call them at once, from several threads.
    public var perform: @Sendable (_ iterations: Int, _ body: @Sendable (Int) -> Void) -> Void

    public init(count: Int, perform: @escaping @Sendable (_ iterations: Int, _ body: @Sendable (Int) -> Void) -> Void) {
        self.count = max(1, count)
        self.perform = perform
    }

    /// One pass, on the calling thread.
    public static let oneAfterAnother = LessonParts(count: 1) { n, body in
        for i in 0..<n { body(i) }
    }
}

/// A long lesson parsed in parts side by side, with the same result as one
/// pass: the same blocks, diagnostics (in the same order) and code lines.
///
/// Between top-level blocks the parser keeps no state but the line index, so
/// a part that starts where a block starts parses exactly as the one pass
/// would from there. Each part is parsed from a guessed start (a line after a
/// blank line, at column 0) up to the first block that starts at or after the
/// next part's start. The parts are then joined in order: a part is kept when
/// the one before it ended right at its start, and parsed again from where
/// the one before ended when not (a code fence or a list ran over the
/// guess). A wrong guess costs time, never a different result.
extension BlockParser {
    /// Lessons shorter than this are parsed in one pass: threads would cost
    /// more than they save.
    static let linesForChunks = 16_384

    /// Parts for a body of `lineCount` lines: `parts` for a long lesson
    /// (fewer when the lesson is not that long), else 1.
    static func chunkCount(lineCount: Int, parts: Int) -> Int {
        guard lineCount >= linesForChunks else { return 1 }
        return max(1, min(parts, lineCount / (linesForChunks / 2)))
    }

    /// Where `chunks` parts start: near equal shares of the lines, each moved
    /// down to the next line that follows a blank line and starts at column 0
    /// (most often a heading or a paragraph at the top level). Always starts
    /// with 0 and ends with `lines.count`, increasing.
    static func chunkStarts(_ lines: [SourceLine], chunks: Int) -> [Int] {
        var starts = [0]
        guard chunks > 1 else { return starts + [lines.count] }
        for k in 1..<chunks {
            var j = max(starts[starts.count - 1] + 1, k * lines.count / chunks)
            while j < lines.count, !(lines[j - 1].isBlank && !lines[j].isBlank && lines[j].indent == 0) { j += 1 }
            guard j < lines.count else { break }
            starts.append(j)
        }
        return starts + [lines.count]
    }

    private struct Part: Sendable {
        var blocks: [Block]
        var diagnostics: [Diagnostic]
        var codeLines: Set<Int>
        var end: Int
    }

    private static func part(
        _ lines: [SourceLine], file: String, labNames: [String]?, from start: Int, until limit: Int
    ) -> Part {
        var parser = BlockParser(file: file, labNames: labNames)
        var end = start
        let blocks = parser.parse(lines, depth: 0, from: start, until: limit, end: &end)
        return Part(blocks: blocks, diagnostics: parser.diagnostics, codeLines: parser.codeLines, end: end)
    }

    /// `parse(lines)` in parts that start at `starts` (increasing, from 0 to
    /// `lines.count`; any guess gives the same result, good guesses save time),
    /// the parts run by `perform` (at once, when it has threads).
    mutating func parse(
        _ lines: [SourceLine], partsStartingAt starts: [Int], perform: LessonParts = .oneAfterAnother
    ) -> [Block] {
        guard starts.count > 2, starts.first == 0, starts.last == lines.count,
            zip(starts, starts.dropFirst()).allSatisfy({ $0 < $1 })
        else { return parse(lines) }
        let count = starts.count - 1
        let file = self.file
        let labNames = self.labNames
        // One slot a part, each written by one call of the body: no two write the same memory.
        var done = [Part?](repeating: nil, count: count)
        done.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            perform.perform(count) { k in
                slots[k] = Self.part(lines, file: file, labNames: labNames, from: starts[k], until: starts[k + 1])
            }
        }
        var blocks: [Block] = []
        blocks.reserveCapacity(done.reduce(0) { $0 + ($1?.blocks.count ?? 0) })
        var position = 0
        for k in 0..<count where position < starts[k + 1] {
            let part =
                position == starts[k]
                ? done[k]!
                : Self.part(lines, file: file, labNames: labNames, from: position, until: starts[k + 1])
            done[k] = nil
            blocks += part.blocks
            diagnostics += part.diagnostics
            codeLines.formUnion(part.codeLines)
            position = part.end
        }
        return blocks
    }
}
