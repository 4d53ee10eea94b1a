import CSystem
import Glibc
import Synchronization

/// The memory lab's settings.
public struct MemoryConfig: Codable, Sendable, Equatable {
    public static let threadRange = 0...16
    /// Extra threads to start (each shows up as a thread stack).
    public var threads: Int

    public init(threads: Int = 2) { self.threads = threads }

    public func validate() throws(LabConfigError) {
        try LabConfigError.require("threads", threads, in: Self.threadRange)
    }
}

/// A region as the `--json` report writes it: addresses in hex (JSON numbers
/// lose precision past 2^53).
public struct RegionReport: Codable, Sendable, Equatable {
    public var start: String
    public var end: String
    public var perms: String
    public var kind: RegionKind
    public var path: String?
    /// Bytes reserved (end − start).
    public var size: UInt64
    /// Bytes resident in RAM, from /proc/PID/smaps (nil when unreadable).
    public var rss: UInt64?

    /// A name more precise than the kind, where the map tells one: `vsyscall`,
    /// `vdso`, `vvar`, or a glibc malloc arena (nil: the kind says it all).
    public var specialName: String? {
        MemoryRegion.specialName(
            path: path, perms: perms, kind: kind, start: UInt64(start.dropFirst(2), radix: 16) ?? 0, size: size)
    }

    public init(_ r: MemoryRegion, rss: UInt64? = nil) {
        start = r.hexStart
        end = r.hexEnd
        perms = r.perms
        kind = r.kind
        path = r.path
        size = r.size
        self.rss = rss
    }
}

/// One thread ptt started, and its stack.
public struct ThreadStackReport: Codable, Sendable, Equatable {
    /// The kernel's thread id (a task in /proc/PID/task).
    public var tid: Int32
    public var start: String
    public var end: String
    public var size: UInt64
    public var rss: UInt64?
    /// Whether a no-access guard page sits right below the stack.
    public var guardPage: Bool
}

/// The `ptt demo memory --json` report (DESIGN.md keys plus a few).
public struct MemoryReport: Codable, Sendable, Equatable {
    public struct Child: Codable, Sendable, Equatable {
        public var pid: Int32
        public var regions: [RegionReport]
    }
    public struct CopyOnWrite: Codable, Sendable, Equatable {
        /// The variable's virtual address, the same in parent and child.
        public var address: String
        public var parentValue: Int
        public var childValue: Int
    }
    public struct SharedHeap: Codable, Sendable, Equatable {
        public var address: String
        /// What a started thread wrote there, and what the main thread read.
        public var writtenByThread: Int
        public var readByMain: Int
    }

    public var lab = "memory"
    public var pid: Int32
    public var regions: [RegionReport]
    public var threadStacks: [ThreadStackReport]
    public var child: Child
    public var copyOnWrite: CopyOnWrite
    public var sharedHeap: SharedHeap
    /// Tasks listed in /proc/PID/task: ptt's threads, all in one address space.
    public var tasks: [Int32]
    public var problems: [String]
}

/// Starts threads and a forked child, then reads both address spaces.
///
///     let lab = try MemoryLab.start(MemoryConfig(threads: 2))
///     let report = try lab.report()   // regions, thread stacks, child, copy-on-write
///     lab.stop()                      // threads end, the child exits and is reaped
///
/// The threads park until `stop()`; the child waits on a pipe until `stop()` (or
/// until ptt dies: it also has PR_SET_PDEATHSIG), so both can be looked at from
/// a shell meanwhile. Call `start` from a thread that lives as long as the lab
/// (the main thread): the child's death signal follows its parent *thread*.
public final class MemoryLab: @unchecked Sendable {
    public let config: MemoryConfig
    public let pid: Int32
    public let childPid: Int32
    public let stacks: [ThreadStackReport]
    public let copyOnWrite: MemoryReport.CopyOnWrite
    public let sharedHeap: MemoryReport.SharedHeap
    let childMaps: String
    private let group: OSThreadGroup?
    private let released: Box<Atomic<Bool>>
    private var holdFd: Int32
    private let cowVariable: UnsafeMutablePointer<Int>
    private let lock = Mutex(false)

    private init(
        config: MemoryConfig, childPid: Int32, stacks: [ThreadStackReport], cow: MemoryReport.CopyOnWrite,
        heap: MemoryReport.SharedHeap, childMaps: String, group: OSThreadGroup?, released: Box<Atomic<Bool>>,
        holdFd: Int32, cowVariable: UnsafeMutablePointer<Int>
    ) {
        self.config = config
        self.pid = getpid()
        self.childPid = childPid
        self.stacks = stacks
        self.copyOnWrite = cow
        self.sharedHeap = heap
        self.childMaps = childMaps
        self.group = group
        self.released = released
        self.holdFd = holdFd
        self.cowVariable = cowVariable
    }

    deinit { stop() }

    public static func start(_ config: MemoryConfig) throws -> MemoryLab {
        try config.validate()
        // Threads: each records its stack and parks; thread 0 writes a heap value.
        let heapValue = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        heapValue.initialize(to: 0)
        defer { heapValue.deallocate() }
        let heapAddress = UInt(bitPattern: heapValue)
        let releasedRef = Box(Atomic<Bool>(false))
        let written = Box(Atomic<Int>(0))
        let ready = Box(Atomic<Int>(0))
        let infos = Box(Mutex<[ThreadStackReport]>([]))
        let group: OSThreadGroup? =
            config.threads == 0
            ? nil
            : try OSThreadGroup.start(count: config.threads, pin: false, name: "mem") { worker in
                var low: UInt = 0
                var size: Int = 0
                if cs_thread_stack(&low, &size) == 0 {
                    let info = ThreadStackReport(
                        tid: cs_gettid(), start: "0x" + String(low, radix: 16),
                        end: "0x" + String(low + UInt(size), radix: 16), size: UInt64(size), rss: nil,
                        guardPage: false)
                    infos.value.withLock { $0.append(info) }
                }
                if worker.index == 0 {
                    // The thread writes its own TID: a value the main thread cannot know in advance.
                    let value = Int(cs_gettid())
                    UnsafeMutablePointer<Int>(bitPattern: heapAddress)!.pointee = value
                    written.value.store(value, ordering: .releasing)
                }
                ready.value.wrappingAdd(1, ordering: .releasing)
                while !releasedRef.value.load(ordering: .acquiring) { usleep(5000) }
            }
        let deadline = MonotonicClock.now() + 2_000_000_000
        while ready.value.load(ordering: .acquiring) < config.threads && MonotonicClock.now() < deadline {
            usleep(1000)
        }
        let readByMain = heapValue.pointee

        // The copy-on-write child: same address, a private copy after its write.
        let cow = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        cow.initialize(to: 42)
        var out: [Int32] = [0, 0]
        var hold: [Int32] = [0, 0]
        try SystemCallError.check("pipe2") { cs_pipe_cloexec(&out) }
        try SystemCallError.check("pipe2") { cs_pipe_cloexec(&hold) }
        let child = cs_fork_cow_probe(cow, 4242, out[1], hold[0], hold[1])
        if child < 0 {
            let e = errno
            for fd in out + hold { close(fd) }
            throw SystemCallError("fork", code: e)
        }
        close(out[1])
        close(hold[0])
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(out[0], $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        close(out[0])
        var childValue = -1
        if bytes.count >= MemoryLayout<Int>.size {
            childValue = bytes.withUnsafeBytes { $0.loadUnaligned(as: Int.self) }
            bytes.removeFirst(MemoryLayout<Int>.size)
        }
        let copy = MemoryReport.CopyOnWrite(
            address: "0x" + String(UInt(bitPattern: cow), radix: 16), parentValue: cow.pointee,
            childValue: childValue)
        let heap = MemoryReport.SharedHeap(
            address: "0x" + String(heapAddress, radix: 16), writtenByThread: written.value.load(ordering: .acquiring),
            readByMain: readByMain)
        return MemoryLab(
            config: config, childPid: child, stacks: infos.value.withLock { $0 }, cow: copy, heap: heap,
            childMaps: String(decoding: bytes, as: UTF8.self), group: group, released: releasedRef,
            holdFd: hold[1], cowVariable: cow)
    }

    /// Reads ptt's own map now (with the threads running) and the child's.
    public func report() -> MemoryReport {
        var problems: [String] = []
        let exe = (try? readLink("/proc/self/exe")) ?? nil
        let stackAddresses = stacks.compactMap { UInt64($0.start.dropFirst(2), radix: 16) }
        let ownText: String
        do { ownText = try ProcFile.read("/proc/self/maps") } catch {
            ownText = ""
            problems.append(String(describing: error))
        }
        let own = MemoryMapParser.parse(ownText, executable: exe, threadStacks: stackAddresses)
        problems += own.problems
        let rss = (try? ProcFile.read("/proc/self/smaps")).map(Smaps.rssByStart) ?? [:]
        let regions = own.regions.map { RegionReport($0, rss: rss[$0.start]) }
        let threadStacks = stacks.map { s -> ThreadStackReport in
            var s = s
            let start = UInt64(s.start.dropFirst(2), radix: 16) ?? 0
            if let region = own.regions.first(where: { $0.contains(start) }) {
                s.rss = rss[region.start]
                s.guardPage = own.regions.contains { $0.end == region.start && $0.kind == .guardPage }
            }
            return s
        }
        let child = MemoryMapParser.parse(childMaps, executable: exe)
        problems += child.problems.map { "child: " + $0 }
        let tasks = ((try? directoryEntries("/proc/self/task")) ?? []).compactMap { Int32($0) }.sorted()
        return MemoryReport(
            pid: pid, regions: regions, threadStacks: threadStacks,
            child: .init(pid: childPid, regions: child.regions.map { RegionReport($0) }),
            copyOnWrite: copyOnWrite, sharedHeap: sharedHeap, tasks: tasks, problems: problems)
    }

    /// Ends the threads, lets the child exit and reaps it. Safe to call twice.
    public func stop() {
        let first = lock.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        released.value.store(true, ordering: .releasing)
        group?.join()
        close(holdFd)
        var status: Int32 = 0
        while waitpid(childPid, &status, 0) < 0 && errno == EINTR {}
        cowVariable.deallocate()
    }
}

/// A reference to a non-copyable atomic, so a thread body can capture it.
final class Box<T: ~Copyable>: @unchecked Sendable {
    let value: T
    init(_ value: consuming T) { self.value = value }
}

/// Resident bytes per region, from /proc/PID/smaps.
enum Smaps {
    static func rssByStart(_ text: String) -> [UInt64: UInt64] {
        var out: [UInt64: UInt64] = [:]
        var current: UInt64?
        for line in text.split(separator: "\n") {
            if let dash = line.firstIndex(of: "-"), let start = UInt64(line[..<dash], radix: 16),
                line.contains(" ")
            {
                current = start
            } else if line.hasPrefix("Rss:"), let current {
                let kb = line.split(separator: " ").dropFirst().first.flatMap { UInt64($0) } ?? 0
                out[current] = kb * 1024
            }
        }
        return out
    }
}

func readLink(_ path: String) throws -> String? {
    var buf = [CChar](repeating: 0, count: 4096)
    let n = readlink(path, &buf, buf.count - 1)
    guard n > 0 else { return nil }
    return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

func directoryEntries(_ path: String) throws -> [String] {
    guard let dir = opendir(path) else { throw SystemCallError("opendir \(path)", code: errno) }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}
