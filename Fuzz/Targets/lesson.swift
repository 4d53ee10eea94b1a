/// libFuzzer target: any bytes as a lesson file. A crash, a trap or a hang
/// is a bug; diagnostics are the expected answer to garbage.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLesson(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let result = LessonParser.parse(text, file: "fuzz.md")
    for diagnostic in result.diagnostics { _ = diagnostic.description }
    _ = ControlCharacters.diagnostics(in: text, file: "fuzz.md")
    return 0
}
