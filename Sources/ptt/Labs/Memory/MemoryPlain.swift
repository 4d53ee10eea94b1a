import Labs

/// `ptt demo memory --plain`: the regions read from /proc, the thread
/// stacks, the forked child's copy.
extension MemoryReport: LabPayload {
    /// Kinds told region by region; the others (libraries, mmaps) are summed.
    static let toldOneByOne: Set<RegionKind> = [.code, .data, .bss, .heap, .stack, .threadStack, .guardPage, .vdso]

    func plainLines(after previous: MemoryReport?) -> [String] {
        func size(_ n: UInt64) -> String { MemoryScreen.bytes(n) }
        func resident(_ rss: UInt64?) -> String { rss.map { ", \(size($0)) resident" } ?? "" }
        var lines = [
            "memory: PID \(pid), \(regions.count) regions read from /proc/\(pid)/maps (resident sizes from "
                + "/proc/\(pid)/smaps); \(tasks.count) tasks in /proc/\(pid)/task, one address space: "
                + tasks.map(String.init).joined(separator: ", ")
        ]
        for r in regions where Self.toldOneByOne.contains(r.kind) {
            let name = r.specialName ?? MemoryScreen.kindLabel(r.kind)
            lines.append(
                "\(name) \(r.start)-\(r.end) \(r.perms) \(size(r.size)) reserved\(resident(r.rss))"
                    + (r.path.map { " \($0)" } ?? ""))
        }
        for kind in RegionKind.allCases where !Self.toldOneByOne.contains(kind) {
            let some = regions.filter { $0.kind == kind }
            guard !some.isEmpty else { continue }
            let reserved = some.reduce(UInt64(0)) { $0 + $1.size }
            let rss = some.contains { $0.rss != nil } ? some.reduce(UInt64(0)) { $0 + ($1.rss ?? 0) } : nil
            lines.append(
                "\(MemoryScreen.kindLabel(kind)): \(some.count) regions, \(size(reserved)) reserved\(resident(rss))")
        }
        for s in threadStacks {
            lines.append(
                "thread TID \(s.tid): stack \(s.start)-\(s.end), \(size(s.size)) reserved\(resident(s.rss))"
                    + (s.guardPage ? ", a guard page below it" : ", no guard page below it"))
        }
        lines.append("forked child PID \(child.pid): \(child.regions.count) regions of its own address space")
        lines.append(
            "copy-on-write at \(copyOnWrite.address): the parent reads \(copyOnWrite.parentValue), "
                + "the child reads \(copyOnWrite.childValue) at the same address")
        lines.append(
            "shared heap at \(sharedHeap.address): a thread wrote \(sharedHeap.writtenByThread), "
                + "the main thread read \(sharedHeap.readByMain)")
        lines += problems.map { "problem: \($0)" }
        return lines
    }
}

extension MemoryCommand {
    /// One read of the maps, as the screen makes first; the threads and
    /// the child are stopped after it.
    func plainRuns() throws -> [LabStart] {
        let config = MemoryConfig(threads: threads ?? MemoryLabState().threads)
        return [
            LabStart(config) { _ in
                try OneShotRun(name: "memory-lab") {
                    let lab = try MemoryLab.start(config)
                    defer { lab.stop() }
                    return lab.report()
                }
            }
        ]
    }
}
