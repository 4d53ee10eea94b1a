/// What a region of an address space holds, as ptt explains it.
public enum RegionKind: String, Codable, Sendable, CaseIterable {
    /// The program's machine code (the executable's `r-xp` mapping).
    case code
    /// The executable's other file mappings: read-only data, initialised globals.
    case data
    /// Zero-initialised globals: the anonymous mapping right after the executable.
    case bss
    /// `[heap]`, grown with brk (malloc's small allocations).
    case heap
    /// The main thread's stack, `[stack]`.
    case stack
    /// A thread's stack: an mmap region ptt knows a thread of it runs on.
    case threadStack
    /// A guard page: a small no-access (`---p`) mapping, as below a thread stack.
    case guardPage
    /// A shared library (`libc.so.6`, `libswiftCore.so`).
    case sharedLibrary
    /// Kernel-provided pages: `[vdso]`, `[vvar]`, and the legacy `[vsyscall]`
    /// page (not part of the vDSO: ``MemoryRegion/specialName`` tells them apart).
    case vdso
    /// Any other mapping: anonymous memory (big mallocs), mapped files.
    case mmap
    case other
}

/// One line of `/proc/PID/maps`.
public struct MemoryRegion: Codable, Sendable, Equatable {
    public var start: UInt64
    public var end: UInt64
    /// `r-xp`: read, write, execute, then p (private) or s (shared).
    public var perms: String
    public var offset: UInt64
    public var inode: UInt64
    /// The file or pseudo-name (`[heap]`), nil for anonymous memory.
    public var path: String?
    /// The file was deleted since it was mapped (`(deleted)`).
    public var deleted: Bool
    public var kind: RegionKind

    public var size: UInt64 { end &- start }

    public init(
        start: UInt64, end: UInt64, perms: String, offset: UInt64 = 0, inode: UInt64 = 0, path: String? = nil,
        deleted: Bool = false, kind: RegionKind = .other
    ) {
        self.start = start
        self.end = end
        self.perms = perms
        self.offset = offset
        self.inode = inode
        self.path = path
        self.deleted = deleted
        self.kind = kind
    }

    public func contains(_ address: UInt64) -> Bool { address >= start && address < end }

    /// glibc reserves each per-thread malloc arena as one 64 MiB-aligned span
    /// (`HEAP_MAX_SIZE`, twice the 32 MiB maximum mmap threshold on 64-bit):
    /// the used part `rw-p`, the rest `---p` until it is needed.
    public static let mallocArenaSpan: UInt64 = 64 << 20

    /// A name more precise than the kind: `[vsyscall]` is the legacy
    /// vsyscall page (not the vDSO), and an anonymous mapping inside a
    /// 64 MiB-aligned span is a glibc per-thread malloc arena.
    public var specialName: String? {
        Self.specialName(path: path, perms: perms, kind: kind, start: start, size: size)
    }

    static func specialName(path: String?, perms: String, kind: RegionKind, start: UInt64, size: UInt64) -> String? {
        switch path {
        case "[vsyscall]": return "vsyscall"
        case "[vdso]": return "vdso"
        case "[vvar]", "[vvar_vclock]": return "vvar"
        case let p? where p.hasPrefix("[anon:glibc malloc arena"): return "malloc arena"
        case nil where kind == .mmap && size > 0 && size <= mallocArenaSpan:
            let end = start &+ size
            let span = mallocArenaSpan
            // The used head starts on the boundary; the reserved tail ends on the next one.
            if perms.hasPrefix("rw") && start % span == 0 && size < span { return "malloc arena" }
            if perms.hasPrefix("---") && end % span == 0 && start / span == (end - 1) / span && start % span != 0 {
                return "malloc arena (reserved)"
            }
            return nil
        default: return nil
        }
    }

    /// The permissions in words: "read, execute; private (copy-on-write)".
    public var permissionsInWords: String {
        let p = Array(perms)
        guard p.count == 4 else { return perms }
        var rights: [String] = []
        if p[0] == "r" { rights.append("read") }
        if p[1] == "w" { rights.append("write") }
        if p[2] == "x" { rights.append("execute") }
        let access = rights.isEmpty ? "no access (a guard)" : rights.joined(separator: ", ")
        let sharing = p[3] == "s" ? "shared with other processes that map it" : "private (copy-on-write)"
        return "\(access); \(sharing)"
    }

    /// The CSV-like JSON shape DESIGN.md asks for: start, end, perms, kind, path.
    public var hexStart: String { "0x" + String(start, radix: 16) }
    public var hexEnd: String { "0x" + String(end, radix: 16) }
}

/// Parses `/proc/PID/maps` text into regions and classifies them.
///
///     let parsed = MemoryMapParser.parse(text, executable: "/usr/bin/ptt", threadStacks: [])
///     parsed.regions.first { $0.kind == .heap }
///
/// A line it cannot read becomes a problem in `problems` (with its line
/// number), never a crash; the other lines are still read.
public enum MemoryMapParser {
    public struct Result: Sendable, Equatable {
        public var regions: [MemoryRegion]
        public var problems: [String]
    }

    /// - Parameters:
    ///   - executable: the program's path (`/proc/PID/exe`), to tell its code
    ///     and data from libraries; nil to guess from the first mapping.
    ///   - threadStacks: addresses known to lie in thread stacks (a thread's
    ///     stack pointer or its `pthread_getattr_np` range): the region holding
    ///     one is a thread stack. ptt does not guess these from sizes.
    public static func parse(_ text: String, executable: String? = nil, threadStacks: [UInt64] = []) -> Result {
        var regions: [MemoryRegion] = []
        var problems: [String] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy({ $0 == " " }) { continue }
            if let region = parseLine(line) {
                regions.append(region)
            } else {
                problems.append("line \(i + 1): cannot read '\(line.prefix(80))'")
            }
        }
        classify(&regions, executable: executable ?? regions.first?.path, threadStacks: threadStacks)
        return Result(regions: regions, problems: problems)
    }

    /// One line: `start-end perms offset dev inode [path]`. The path is the
    /// rest of the line after the inode's padding, spaces and all.
    static func parseLine(_ line: Substring) -> MemoryRegion? {
        var rest = line[...]
        func field() -> Substring? {
            while rest.first == " " { rest.removeFirst() }
            guard !rest.isEmpty else { return nil }
            let end = rest.firstIndex(of: " ") ?? rest.endIndex
            let f = rest[..<end]
            rest = rest[end...]
            return f
        }
        guard let range = field(), let perms = field(), let offset = field(), let device = field(),
            let inode = field()
        else { return nil }
        let bounds = range.split(separator: "-")
        guard bounds.count == 2, let start = UInt64(bounds[0], radix: 16), let end = UInt64(bounds[1], radix: 16),
            start <= end, perms.count == 4, let off = UInt64(offset, radix: 16), device.contains(":"),
            let ino = UInt64(inode)
        else { return nil }
        while rest.first == " " { rest.removeFirst() }
        var path: String? = rest.isEmpty ? nil : String(rest)
        var deleted = false
        if let p = path, p.hasSuffix(" (deleted)") {
            path = String(p.dropLast(" (deleted)".count))
            deleted = true
        }
        return MemoryRegion(
            start: start, end: end, perms: String(perms), offset: off, inode: ino, path: path, deleted: deleted)
    }

    static func classify(_ regions: inout [MemoryRegion], executable: String?, threadStacks: [UInt64]) {
        var lastExecutableIndex: Int?
        for i in regions.indices {
            let r = regions[i]
            let kind: RegionKind
            if threadStacks.contains(where: r.contains) {
                kind = .threadStack
            } else if let path = r.path {
                switch path {
                case "[heap]": kind = .heap
                case "[stack]": kind = .stack
                case "[vdso]", "[vvar]", "[vvar_vclock]", "[vsyscall]": kind = .vdso
                case _ where path.hasPrefix("[stack:"): kind = .threadStack
                case _ where path.hasPrefix("[anon"): kind = r.perms.hasPrefix("---") ? .guardPage : .mmap
                case _ where path == executable:
                    kind = r.perms.contains("x") ? .code : .data
                    lastExecutableIndex = i
                case _ where path.contains(".so"): kind = .sharedLibrary
                case _ where path.hasPrefix("["): kind = .other
                default: kind = .mmap
                }
            } else if r.perms.hasPrefix("---") {
                // A page or a few below a stack guard it; a large no-access span is
                // address space reserved for later (malloc arenas), not a guard.
                kind = r.size <= 64 * 1024 ? .guardPage : .mmap
            } else if let last = lastExecutableIndex, last == i - 1, r.start == regions[last].end {
                kind = .bss
            } else {
                kind = .mmap
            }
            regions[i].kind = kind
        }
    }
}
