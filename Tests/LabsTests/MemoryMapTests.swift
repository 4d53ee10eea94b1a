import Foundation
import Testing

@testable import Labs

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

private func fixture(_ name: String) throws -> String {
    try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
}

@Suite("Reading /proc/PID/maps")
struct MemoryMapTests {
    let exe = "/tmp/wt/.build/x86_64-unknown-linux-gnu/debug/ptt"

    @Test("a real ptt map: code, data, bss, heap, stack, libraries and the vDSO")
    func realMap() throws {
        let result = MemoryMapParser.parse(try fixture("ptt-race.maps"), executable: exe)
        #expect(result.problems.isEmpty)
        #expect(result.regions.count == 137)
        let kinds = Dictionary(grouping: result.regions, by: \.kind)
        #expect(kinds[.code]?.count == 1)
        #expect(kinds[.code]?.first?.perms == "r-xp")
        #expect(kinds[.data]?.count == 2)
        #expect(kinds[.bss]?.first?.start == 0x5592_37ae_e000)
        #expect(kinds[.heap]?.count == 1)
        #expect(kinds[.stack]?.count == 1)
        #expect(kinds[.vdso]?.contains { $0.path == "[vdso]" } == true)
        #expect((kinds[.sharedLibrary]?.count ?? 0) > 20)
        #expect(result.regions.first { $0.path?.hasSuffix("libc.so.6") == true }?.kind == .sharedLibrary)
    }

    @Test("thread stacks are the regions that hold a known thread's stack address, guard page below")
    func threadStacks() throws {
        let inside: [UInt64] = [0x7f33_71c0_0000, 0x7f33_7240_1234]
        let result = MemoryMapParser.parse(try fixture("ptt-race.maps"), executable: exe, threadStacks: inside)
        let stacks = result.regions.filter { $0.kind == .threadStack }
        #expect(stacks.map(\.start) == [0x7f33_71bf_f000, 0x7f33_7240_0000])
        #expect(stacks.allSatisfy { $0.size == 8 << 20 })
        let guardBelow = result.regions.first { $0.end == stacks[0].start }
        #expect(guardBelow?.kind == .guardPage)
        #expect(guardBelow?.size == 4096)
        // Without the addresses ptt does not guess: the same region is plain mmap.
        let unknown = MemoryMapParser.parse(try fixture("ptt-race.maps"), executable: exe)
        #expect(!unknown.regions.contains { $0.kind == .threadStack })
    }

    @Test("odd lines: paths with spaces, (deleted), [anon:…] names, garbage reported not fatal")
    func oddLines() throws {
        let result = MemoryMapParser.parse(try fixture("odd.maps"), executable: "/opt/my app/bin/ptt")
        #expect(result.problems == ["line 10: cannot read 'this line is garbage'"])
        #expect(result.regions.count == 13)
        #expect(result.regions[1].path == "/opt/my app/bin/ptt")
        #expect(result.regions[1].kind == .code)
        #expect(result.regions[3].kind == .bss)
        #expect(result.regions[5].path == "[anon:glibc malloc arena]")
        #expect(result.regions[5].kind == .mmap)
        #expect(result.regions[6].kind == .guardPage)
        #expect(result.regions[7].kind == .mmap)
        let shm = result.regions[8]
        #expect(shm.path == "/dev/shm/ptt-ring")
        #expect(shm.deleted)
        #expect(shm.perms == "rw-s")
        #expect(shm.permissionsInWords == "read, write; shared with other processes that map it")
        #expect(result.regions.last?.kind == .vdso)
        #expect(result.regions.last?.start == 0xffff_ffff_ff60_0000)
    }

    @Test("the live map of this test process parses without problems and finds heap and stack")
    func liveMap() throws {
        let text = try ProcFile.read("/proc/self/maps")
        let exe = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let result = MemoryMapParser.parse(text, executable: exe)
        #expect(result.problems.isEmpty)
        #expect(result.regions.contains { $0.kind == .stack }, "\(text.suffix(600))")
        #expect(result.regions.contains { $0.kind == .code })
    }

    @Test("permissions read as words")
    func words() {
        #expect(
            MemoryRegion(start: 0, end: 1, perms: "r-xp").permissionsInWords == "read, execute; private (copy-on-write)"
        )
        #expect(MemoryRegion(start: 0, end: 1, perms: "---p").permissionsInWords.hasPrefix("no access"))
    }

    @Test("[vsyscall] is named vsyscall, not vdso; glibc's 64 MiB per-thread malloc arenas are named")
    func specialNames() throws {
        let result = MemoryMapParser.parse(try fixture("ptt-race.maps"), executable: exe)
        let byPath = Dictionary(grouping: result.regions.filter { $0.path != nil }, by: { $0.path! })
        #expect(byPath["[vsyscall]"]?.first?.specialName == "vsyscall")
        #expect(byPath["[vdso]"]?.first?.specialName == "vdso")
        #expect(byPath["[vvar]"]?.first?.specialName == "vvar")
        // Two arenas in the fixture: a 132 KiB rw-p head on a 64 MiB boundary, the rest of the span ---p.
        let heads = result.regions.filter { $0.specialName == "malloc arena" }
        let tails = result.regions.filter { $0.specialName == "malloc arena (reserved)" }
        #expect(heads.map(\.start) == [0x7f33_6400_0000, 0x7f33_6c00_0000])
        #expect(tails.map(\.end) == [0x7f33_6800_0000, 0x7f33_7000_0000])
        for (head, tail) in zip(heads, tails) {
            #expect(head.end == tail.start)
            #expect(tail.end - head.start == MemoryRegion.mallocArenaSpan)
        }
        // A thread stack, the heap and libraries keep their kind's name.
        #expect(
            result.regions.filter { $0.kind == .heap || $0.kind == .sharedLibrary }.allSatisfy { $0.specialName == nil }
        )
        // The report carries the same names.
        #expect(RegionReport(heads[0]).specialName == "malloc arena")
    }
}
