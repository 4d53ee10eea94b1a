/// libFuzzer target: any bytes as /proc/PID/maps text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMaps(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = MemoryMapParser.parse(text, executable: "/usr/bin/ptt", threadStacks: [0x7f00_0000_0000])
    return 0
}
