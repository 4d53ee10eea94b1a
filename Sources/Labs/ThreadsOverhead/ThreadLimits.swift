import CSystem
import Glibc

/// The limits on how many threads a Linux process may start, as this
/// machine sets them. Any of them can stop `pthread_create` with EAGAIN
/// (or ENOMEM when a stack cannot be mapped).
public struct ThreadLimits: Codable, Sendable, Equatable {
    /// `ulimit -u` (RLIMIT_NPROC): tasks per user, threads included; nil
    /// when unlimited. Not enforced for root (real UID 0) or a process with
    /// CAP_SYS_RESOURCE or CAP_SYS_ADMIN.
    public var nprocSoft: Int?
    public var nprocHard: Int?
    /// False when the real UID is root's, which RLIMIT_NPROC does not bind.
    public var nprocEnforced: Bool
    /// `/proc/sys/kernel/threads-max`: tasks on the whole machine.
    public var threadsMax: Int?
    /// `/proc/sys/kernel/pid_max`: every thread takes an ID below it.
    public var pidMax: Int?
    /// The lowest `pids.max` on the way from this process's cgroup to the
    /// root (v2, or v1's pids controller), and the file it came from; nil when
    /// none is set ("max" or no file, as in a root cgroup).
    public var cgroupPidsMax: Int?
    public var cgroupPidsFile: String?
    /// `/proc/sys/vm/max_map_count`: each thread's stack and its guard page
    /// are two mappings.
    public var maxMapCount: Int?
    /// `/proc/sys/vm/overcommit_memory`: 0 heuristic, 1 always, 2 strict
    /// (with 2, reserved stacks count against the commit limit).
    public var overcommitMemory: Int?
    /// `ulimit -s` (RLIMIT_STACK), which glibc uses as the default thread
    /// stack size; nil when unlimited.
    public var stackLimitBytes: Int?

    /// Reads them now.
    public static func current() -> ThreadLimits {
        let nproc = limit(cs_rlimit_nproc())
        let stack = limit(__rlimit_resource_t(RLIMIT_STACK.rawValue))
        let pids = cgroupPidsMax()
        return ThreadLimits(
            nprocSoft: nproc.soft, nprocHard: nproc.hard, nprocEnforced: getuid() != 0,
            threadsMax: number("/proc/sys/kernel/threads-max"), pidMax: number("/proc/sys/kernel/pid_max"),
            cgroupPidsMax: pids?.value, cgroupPidsFile: pids?.file,
            maxMapCount: number("/proc/sys/vm/max_map_count"),
            overcommitMemory: number("/proc/sys/vm/overcommit_memory"), stackLimitBytes: stack.soft)
    }

    /// A resource limit's soft and hard values; nil for RLIM_INFINITY.
    static func limit(_ resource: __rlimit_resource_t) -> (soft: Int?, hard: Int?) {
        var value = rlimit()
        guard getrlimit(resource, &value) == 0 else { return (nil, nil) }
        // RLIM_INFINITY is all ones (Swift cannot import its macro).
        func finite(_ v: rlim_t) -> Int? { v == rlim_t.max ? nil : Int(v) }
        return (finite(value.rlim_cur), finite(value.rlim_max))
    }

    /// The first line of a file as a number, or nil.
    static func number(_ path: String) -> Int? {
        guard let text = try? ProcFile.read(path) else { return nil }
        return Int(text.split(separator: "\n").first.map { $0.trimmingWhitespace } ?? "")
    }

    /// `/proc/self/cgroup` lines are `ID:CONTROLLERS:PATH`; v2 is `0::PATH`
    /// under /sys/fs/cgroup, v1's pids controller is `N:pids:PATH` under
    /// /sys/fs/cgroup/pids. Walks up from PATH to the root.
    static func cgroupPidsMax() -> (value: Int, file: String)? {
        guard let text = try? ProcFile.read("/proc/self/cgroup") else { return nil }
        var best: (value: Int, file: String)?
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let mount: String
            if parts[0] == "0" && parts[1].isEmpty {
                mount = "/sys/fs/cgroup"
            } else if parts[1].split(separator: ",").contains("pids") {
                mount = "/sys/fs/cgroup/pids"
            } else {
                continue
            }
            var path = String(parts[2])
            while true {
                let file = mount + (path == "/" ? "" : path) + "/pids.max"
                if let value = number(file), best.map({ value < $0.value }) ?? true { best = (value, file) }
                guard path != "/", let slash = path.lastIndex(of: "/") else { break }
                path = slash == path.startIndex ? "/" : String(path[..<slash])
            }
        }
        return best
    }
}
