import Glibc

/// What `/proc/self/status` and friends say about this process's memory,
/// threads and descriptors, in the units the kernel prints (KiB).
enum ProcessStatus {
    /// `VmSize` (virtual: every mapping, reserved or not) and `VmRSS`
    /// (resident: pages in RAM now), in KiB; 0 when unreadable.
    static func memory() -> (vmSizeKiB: Int, vmRSSKiB: Int) {
        guard let text = try? ProcFile.read("/proc/self/status") else { return (0, 0) }
        var size = 0
        var rss = 0
        for line in text.split(separator: "\n") {
            if line.hasPrefix("VmSize:") { size = kib(line) }
            if line.hasPrefix("VmRSS:") { rss = kib(line) }
        }
        return (size, rss)
    }

    /// "VmRSS:\t  1234 kB" → 1234 (a tab, then spaces only while the number is short).
    static func kib(_ line: Substring) -> Int {
        Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") ?? 0
    }

    /// Entries in a /proc directory that are numbers (tasks) or descriptors.
    static func entries(_ path: String) -> Int {
        guard let dir = opendir(path) else { return 0 }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            let first = withUnsafeBytes(of: entry.pointee.d_name) { $0[0] }
            if first != UInt8(ascii: ".") { count += 1 }
        }
        return count
    }

    /// Threads of this process now (`/proc/self/task`).
    static var tasks: Int { entries("/proc/self/task") }

    /// Open descriptors of this process now (`/proc/self/fd`, less the one reading it).
    static var openDescriptors: Int { max(0, entries("/proc/self/fd") - 1) }
}
