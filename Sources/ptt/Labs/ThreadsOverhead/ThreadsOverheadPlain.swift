import ArgumentParser
import Labs

/// The threads-overhead lab's progress as plain lines: the limits once, then
/// one line as each step (and the epoll part) starts, never one per frame.
extension ThreadsOverheadProgress: LabPayload {
    func plainLines(after previous: ThreadsOverheadProgress?) -> [String] {
        var lines = previous == nil ? [Self.limitsLine(limits)] : []
        let s = snapshot
        guard s.childPid != nil, s.phase != .done, !(s.phase == .threads && s.threadsTarget == 0) else { return lines }
        if let p = previous?.snapshot, p.childPid != nil, p.phase == s.phase, p.threadsTarget == s.threadsTarget {
            return lines
        }
        switch s.phase {
        case .threads: lines.append("starting \(grouped(s.threadsTarget)) threads in child PID \(s.childPid ?? 0)")
        case .connections:
            let count = connections > 0 ? "\(grouped(connections)) " : ""
            lines.append("serving \(count)socketpair connections with one epoll thread")
        case .done: break
        }
        return lines
    }

    /// The limits a thread count can hit, on one line.
    static func limitsLine(_ l: ThreadLimits) -> String {
        func n(_ v: Int?) -> String { v.map(grouped) ?? "unlimited" }
        return "limits: ulimit -u \(n(l.nprocSoft)) tasks per user" + (l.nprocEnforced ? "" : " (root: not enforced)")
            + ", threads-max \(n(l.threadsMax)) tasks machine-wide, cgroup pids.max "
            + (l.cgroupPidsMax.map(grouped) ?? "none set") + ", vm.max_map_count \(n(l.maxMapCount)) mappings"
    }
}

/// The threads-overhead report as plain lines: one per step, the epoll
/// part, whether every thread was joined, and what the figures mean.
extension ThreadsOverheadReport: LabPayload {
    func plainLines(after previous: ThreadsOverheadReport?) -> [String] {
        var out = steps.map { s in
            "\(grouped(s.threads)) threads (each blocked in read(2), stack \(byteSize(stackSizeBytes))): created "
                + "\(grouped(s.created)) in \(msText(s.createMs)) (\(micros(s.microsPerThread)) each); VmSize "
                + "\(signedKib(s.vmSizeGrowthKiB)), VmRSS \(signedKib(s.rssGrowthKiB)); tasks \(grouped(s.tasksBefore)) -> "
                + "\(grouped(s.tasksWhileBlocked)) -> \(grouped(s.tasksAfter))"
                + (s.allJoined ? ", all joined" : ", NOT all joined")
                + (s.error.map { "; stopped: \($0)" } ?? "")
        }
        if let s = steps.last, s.created > 0 {
            out.append(
                "per thread, at \(grouped(s.created)): \(kib(Int(s.virtualPerThreadKiB.rounded()))) of address space "
                    + "reserved (VmSize), \(kib(Int(s.residentPerThreadKiB.rounded()))) resident (VmRSS); joining all "
                    + "took \(msText(s.joinMs))")
        }
        if let e = epoll {
            out.append(
                "one epoll thread: \(grouped(e.connections)) connections (socketpairs, 4 bytes each way) set up in "
                    + "\(msText(e.setupMs)), served in \(msText(e.exchangeMs)) (\(oneDecimal(e.microsPerConnection)) µs "
                    + "each); VmRSS \(signedKib(e.rssGrowthKiB))"
                    + (e.limitedBy.map { "; fewer than asked: \($0)" } ?? "")
                    + (e.error.map { "; \($0)" } ?? ""))
        }
        out.append(
            "child PID \(childPid): tasks \(childTasksAtStart) at start, \(childTasksAtEnd) at the end"
                + (allThreadsJoined ? "; every thread joined" : "; NOT every thread joined"))
        out.append(
            "stacks are reserved, not resident: VmSize grows by the stack size per thread, VmRSS only by the pages touched"
        )
        return out
    }
}

extension ThreadsOverheadCommand {
    /// The screen's one run with these options.
    func plainRuns() throws -> [LabStart] {
        let (maxThreads, connections) = (max, connections)
        return [
            LabStart("max \(maxThreads), connections \(connections)") { executable in
                try ThreadsOverheadRunning(maxThreads: maxThreads, connections: connections, executable: executable)
            }
        ]
    }
}
