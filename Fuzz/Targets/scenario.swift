/// libFuzzer target: any bytes as a scheduler-game scenario file; a scenario
/// that parses is also explored (a bounded search) so the machine's steps
/// are fuzzed too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let result = ScenarioParser.parse(text, file: "fuzz.md")
    for diagnostic in result.diagnostics { _ = diagnostic.description }
    if let scenario = result.scenario {
        _ = ScheduleExplorer.explore(scenario.machine, limit: 2_000)
    }
    return 0
}
