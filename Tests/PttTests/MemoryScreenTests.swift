import Labs
import TerminalUI
import Testing

@testable import ptt

/// The memory screen on a real report (real threads and a real forked child).
@Suite("Memory screen", .serialized)
struct MemoryScreenTests {
    func opened(size: Size = Size(width: 100, height: 30)) throws -> (AppModel, MemoryLab) {
        var m = model(try fixtureLibrary(), size: size)
        #expect(started(m.openLab("memory")).isEmpty, "the prediction comes first")
        let effects = update(&m, .key(.character("s")))
        #expect(started(effects) == [String(describing: MemoryConfig(threads: 2))])
        let lab = try MemoryLab.start(MemoryConfig(threads: 2))
        _ = m.labSays(.progress(lab.report()))
        return (m, lab)
    }

    @Test("the map shows hex addresses, the stacks and the heap, and opens on a thread stack")
    func map() throws {
        let (m, lab) = try opened()
        defer { lab.stop() }
        let rows = try #require(m.memory?.rows)
        #expect(rows[m.memory!.selected].kind == .threadStack)
        #expect(rows.filter { $0.kind == .threadStack }.count == 2)
        #expect(rows.first { $0.kind == .heap } != nil)
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.start >= $1.start }, "high addresses first")
        let screen = view(m).text
        #expect(screen.contains("thread stack (thread "))
        #expect(screen.contains("0x7f"))
        #expect(screen.contains("Copy-on-write: at 0x"))
        #expect(screen.contains("ptt reads 42"))
        #expect(screen.contains("cat /proc/\(lab.pid)/maps"))
        var all = m
        _ = update(&all, .key(.character("g")))
        let top = view(all).text
        #expect(top.contains("main stack") || rows.prefix(20).contains { $0.kind == .stack })
    }

    @Test("Enter explains a region in words; c shows the child's map; q stops the lab")
    func keys() throws {
        var (m, lab) = try opened()
        defer { lab.stop() }
        _ = update(&m, .key(.enter))
        let detail = view(m).text
        #expect(detail.contains("read, write; private (copy-on-write)"))
        #expect(detail.contains("resident (RSS)"))
        _ = update(&m, .key(.character("x")))
        #expect(m.memory?.showDetail == false)
        _ = update(&m, .key(.character("c")))
        #expect(view(m).text.contains("the child's address space"))
        #expect(view(m).text.contains("fork copies only the calling thread"))
        let leaving = update(&m, .key(.character("q")))
        #expect(stops(leaving) == 1 && leaving.count == 1)
        #expect(m.route == .home)
    }

    @Test("the screen fits 80x24 and 40x12 without losing the key hints")
    func small() throws {
        for size in [Size(width: 80, height: 24), Size(width: 40, height: 12)] {
            let (m, lab) = try opened(size: size)
            defer { lab.stop() }
            let lines = view(m).lines
            #expect(lines.last?.contains("? help") == true, "\(size): \(lines.last ?? "")")
            #expect(lines.last?.contains("q back") == true)
        }
    }
}
