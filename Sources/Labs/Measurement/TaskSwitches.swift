import Glibc

/// One task's (thread's) context-switch counters, as the kernel keeps them in
/// `/proc/PID/task/TID/status`: `voluntary_ctxt_switches` (it blocked or
/// yielded) and `nonvoluntary_ctxt_switches` (it was preempted).
///
/// Per task on purpose: `/proc/PID/status` shows the main thread's only.
public struct TaskSwitches: Codable, Sendable, Equatable {
    /// What the task does in the lab: "ping thread", "echo thread", "echo process".
    public var role: String
    public var pid: Int32
    public var tid: Int32
    public var voluntary: Int
    public var involuntary: Int

    public init(role: String, pid: Int32, tid: Int32, voluntary: Int, involuntary: Int) {
        self.role = role
        self.pid = pid
        self.tid = tid
        self.voluntary = voluntary
        self.involuntary = involuntary
    }

    /// The counters of task `tid` of process `pid` now, or nil when it is gone.
    public static func read(role: String, pid: pid_t, tid: pid_t) -> TaskSwitches? {
        guard let text = ProcFiles.read("/proc/\(pid)/task/\(tid)/status") else { return nil }
        var voluntary: Int?
        var involuntary: Int?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("voluntary_ctxt_switches:") {
                voluntary = Int(line.dropFirst("voluntary_ctxt_switches:".count).trimmingWhitespace)
            } else if line.hasPrefix("nonvoluntary_ctxt_switches:") {
                involuntary = Int(line.dropFirst("nonvoluntary_ctxt_switches:".count).trimmingWhitespace)
            }
        }
        guard let voluntary, let involuntary else { return nil }
        return TaskSwitches(role: role, pid: pid, tid: tid, voluntary: voluntary, involuntary: involuntary)
    }

    /// What happened between `earlier` and this reading of the same task.
    public func since(_ earlier: TaskSwitches) -> TaskSwitches {
        TaskSwitches(
            role: role, pid: pid, tid: tid, voluntary: voluntary - earlier.voluntary,
            involuntary: involuntary - earlier.involuntary)
    }
}
