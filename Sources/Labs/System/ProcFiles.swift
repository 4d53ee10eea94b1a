import Glibc

/// What `/proc` says about a process or thread, read the way `ps` reads it.
///
/// ```swift
/// ProcFiles.state(of: pid)        // "S": sleeping, as in `ps -o stat`
/// ProcFiles.waitChannel(of: pid)  // "pipe_read": the kernel function it sleeps in
/// ProcFiles.threads(of: pid)      // [(tid, "ptt"), (tid, "worker-0"), …]
/// ```
public enum ProcFiles {
    /// The one-letter state from `/proc/PID/stat`: R running, S sleeping,
    /// D in uninterruptible sleep, T stopped, Z zombie; nil when there is no
    /// such process.
    public static func state(of pid: pid_t) -> String? {
        guard let stat = read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        let rest = stat[stat.index(after: close)...].split(separator: " ")
        return rest.first.map(String.init)
    }

    /// The kernel function the process sleeps in (`/proc/PID/wchan`), such as
    /// `pipe_read`; nil when it runs, or when the kernel does not say.
    public static func waitChannel(of pid: pid_t) -> String? {
        guard let text = read("/proc/\(pid)/wchan") else { return nil }
        let name = text.trimmingWhitespace
        return name.isEmpty || name == "0" ? nil : name
    }

    /// Whether the process is gone: no /proc entry, or a zombie waiting to be reaped.
    public static func hasEnded(_ pid: pid_t) -> Bool {
        guard let state = state(of: pid) else { return true }
        return state == "Z" || state == "X"
    }

    /// The threads of a process: thread ID and name, from `/proc/PID/task`.
    public static func threads(of pid: pid_t) -> [(tid: pid_t, name: String)] {
        guard let dir = opendir("/proc/\(pid)/task") else { return [] }
        defer { closedir(dir) }
        var out: [(tid: pid_t, name: String)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let tid = pid_t(name) else { continue }
            let comm = read("/proc/\(pid)/task/\(tid)/comm")?.trimmingWhitespace ?? "?"
            out.append((tid, comm))
        }
        return out.sorted { $0.tid < $1.tid }
    }

    /// Whether `/proc/TID` exists: a thread ID still in use.
    public static func exists(_ tid: pid_t) -> Bool {
        access("/proc/\(tid)", F_OK) == 0
    }

    /// A file under /proc, whole, or nil when it cannot be read.
    static func read(_ path: String) -> String? { try? ProcFile.read(path) }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
