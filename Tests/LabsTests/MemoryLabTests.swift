import Foundation
import Testing

@testable import Labs

/// True under `swift test --sanitize=address` or `=thread` (scripts/sanitize.sh).
let underSanitizer: Bool = ["__asan_init", "__tsan_init"].contains { (name: String) in dlsym(nil, name) != nil }

/// True under `swift test --sanitize=thread`.
let underThreadSanitizer: Bool = dlsym(nil, "__tsan_init") != nil

@Suite("The memory lab", .serialized)
struct MemoryLabTests {
    @Test("it finds a thread stack per started thread, with a guard page below, in one address space")
    func threadStacks() throws {
        let lab = try MemoryLab.start(MemoryConfig(threads: 3))
        defer { lab.stop() }
        let report = lab.report()
        #expect(report.problems.isEmpty)
        #expect(report.threadStacks.count == 3)
        #expect(report.regions.filter { $0.kind == .threadStack }.count == 3)
        #expect(Set(report.threadStacks.map(\.tid)).count == 3)
        for stack in report.threadStacks {
            #expect(report.tasks.contains(stack.tid), "thread \(stack.tid) is not a task of ptt")
            #expect(stack.guardPage)
            #expect(stack.size >= 64 * 1024)
            // Reserved in full, mostly not resident.
            if let rss = stack.rss { #expect(rss < stack.size) }
        }
        // The sanitizers' allocators take all memory with mmap: no brk heap then.
        #expect(underSanitizer || report.regions.contains { $0.kind == .heap })
        #expect(report.regions.contains { $0.kind == .stack })
        #expect(report.regions.contains { $0.kind == .code })
    }

    @Test("the child has its own PID and map, and copy-on-write gives it its own value at the same address")
    func copyOnWrite() throws {
        let lab = try MemoryLab.start(MemoryConfig(threads: 1))
        let report = lab.report()
        #expect(report.child.pid > 0)
        #expect(report.child.pid != report.pid)
        #expect(report.child.regions.contains { $0.kind == .heap || $0.kind == .code })
        #expect(report.copyOnWrite.parentValue == 42)
        #expect(report.copyOnWrite.childValue == 4242)
        #expect(report.copyOnWrite.parentValue != report.copyOnWrite.childValue)
        // A thread's write to the heap is seen by the main thread: shared.
        #expect(report.sharedHeap.readByMain == report.sharedHeap.writtenByThread)
        #expect(FileManager.default.fileExists(atPath: "/proc/\(report.child.pid)"))
        lab.stop()
        // Reaped: no zombie left behind.
        #expect(!FileManager.default.fileExists(atPath: "/proc/\(report.child.pid)"))
    }

    @Test("the report encodes the design's keys", arguments: [0, 2])
    func json(threads: Int) throws {
        let lab = try MemoryLab.start(MemoryConfig(threads: threads))
        defer { lab.stop() }
        let data = try JSONEncoder().encode(lab.report())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["lab", "pid", "regions", "threadStacks", "child", "copyOnWrite"] { #expect(object[key] != nil) }
        let region = try #require((object["regions"] as? [[String: Any]])?.first)
        for key in ["start", "end", "perms", "kind"] { #expect(region[key] != nil) }
        let cow = try #require(object["copyOnWrite"] as? [String: Any])
        for key in ["address", "parentValue", "childValue"] { #expect(cow[key] != nil) }
        #expect((object["threadStacks"] as? [Any])?.count == threads)
    }

    @Test("bad thread counts are refused with the field named")
    func validation() {
        #expect(throws: LabConfigError.self) { try MemoryConfig(threads: 17).validate() }
        #expect(throws: LabConfigError.self) { try MemoryConfig(threads: -1).validate() }
    }
}
