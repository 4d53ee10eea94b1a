import Dispatch

/// libFuzzer target: any bytes as a lesson file. A crash, a trap or a hang
/// is a bug; diagnostics are the expected answer to garbage. Parsing in parts
/// (as a long lesson is, on several threads) must give the one-pass result
/// wherever the parts start: a difference traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLesson(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let result = LessonParser.parse(text, file: "fuzz.md", labNames: ["race"], starts: { [0, $0] })
    for diagnostic in result.diagnostics { _ = diagnostic.description }
    _ = ControlCharacters.diagnostics(in: text, file: "fuzz.md")
    // Parts at every line, and at a few lines the first byte picks.
    let step = size > 0 ? 1 + Int(data[0] % 7) : 1
    // The second way runs the parts at once on threads, as the app does.
    let atOnce = LessonParts(count: 3) { n, body in DispatchQueue.concurrentPerform(iterations: n, execute: body) }
    for (starts, perform) in [
        // Every line (a part parsed from a wrong start may run far: cap the cost on huge inputs).
        (
            { (n: Int) in n <= 2_000 ? Array(0...n) : Array(stride(from: 0, to: n, by: 16)) + [n] },
            LessonParts.oneAfterAnother
        ),
        ({ n in Array(stride(from: 0, to: n, by: step)) + [n] }, atOnce),
    ] {
        let parts = LessonParser.parse(text, file: "fuzz.md", labNames: ["race"], starts: starts, parts: perform)
        precondition(parts.lesson == result.lesson && parts.diagnostics == result.diagnostics, "parts differ")
    }
    let one = SourceLine.split(text, from: text.startIndex, parts: 1)
    precondition(
        SourceLine.split(text, from: text.startIndex, parts: 3, perform: atOnce) == one, "split in parts differs")
    return 0
}
