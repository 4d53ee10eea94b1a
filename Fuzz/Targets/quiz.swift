/// libFuzzer target: any bytes as a quiz question file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuiz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let result = QuizParser.parse(text, file: "fuzz.md", sections: ["process", "thread", "memory"])
    for diagnostic in result.diagnostics { _ = diagnostic.description }
    return 0
}
