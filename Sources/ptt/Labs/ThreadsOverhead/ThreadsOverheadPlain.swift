import ArgumentParser
import Foundation
import Labs

/// `ptt demo threads-overhead --plain`: one line per event, for screen
/// readers and logs: no cursor movement, no box drawing, no colour.
enum ThreadsOverheadPlain {
    static func run(maxThreads: Int, connections: Int) throws {
        let running = try ThreadsOverheadRunning(
            maxThreads: maxThreads, connections: connections, executable: .current)
        var announced: (ThreadsOverheadSnapshot.Phase, Int)?
        var limitsSaid = false
        while true {
            var finished: ThreadsOverheadReport?
            for output in running.sample() {
                switch output {
                case .progress(let p as ThreadsOverheadProgress):
                    if !limitsSaid {
                        say(limits(p.limits))
                        limitsSaid = true
                    }
                    let s = p.snapshot
                    guard s.childPid != nil, announced.map({ $0 != (s.phase, s.threadsTarget) }) ?? true else {
                        continue
                    }
                    if s.phase == .threads && s.threadsTarget == 0 { continue }
                    announced = (s.phase, s.threadsTarget)
                    switch s.phase {
                    case .threads: say("starting \(grouped(s.threadsTarget)) threads in child PID \(s.childPid ?? 0)")
                    case .connections:
                        say("serving \(grouped(connections)) socketpair connections with one epoll thread")
                    case .done: break
                    }
                case .finished(let report as ThreadsOverheadReport): finished = report
                case .failed(let message): throw ValidationError("the threads-overhead lab failed: \(message)")
                default: break
                }
            }
            if let finished {
                summary(finished).forEach(say)
                return
            }
            MonotonicClock.sleep(nanoseconds: 20_000_000)
        }
    }

    static func limits(_ l: ThreadLimits) -> String {
        func n(_ v: Int?) -> String { v.map(grouped) ?? "unlimited" }
        return "limits: ulimit -u \(n(l.nprocSoft)) tasks per user" + (l.nprocEnforced ? "" : " (root: not enforced)")
            + ", threads-max \(n(l.threadsMax)) tasks machine-wide, cgroup pids.max \(l.cgroupPidsMax.map(grouped) ?? "none set")"
            + ", vm.max_map_count \(n(l.maxMapCount)) mappings"
    }

    static func summary(_ r: ThreadsOverheadReport) -> [String] {
        var out = r.steps.map { s in
            "\(grouped(s.threads)) threads (each blocked in read(2), stack \(byteSize(r.stackSizeBytes))): created "
                + "\(grouped(s.created)) in \(msText(s.createMs)) (\(micros(s.microsPerThread)) each); VmSize "
                + "\(signedKib(s.vmSizeGrowthKiB)), VmRSS \(signedKib(s.rssGrowthKiB)); tasks \(grouped(s.tasksBefore)) -> "
                + "\(grouped(s.tasksWhileBlocked)) -> \(grouped(s.tasksAfter))"
                + (s.allJoined ? ", all joined" : ", NOT all joined")
                + (s.error.map { "; stopped: \($0)" } ?? "")
        }
        if let e = r.epoll {
            out.append(
                "one epoll thread: \(grouped(e.connections)) connections (socketpairs, 4 bytes each way) set up in "
                    + "\(msText(e.setupMs)), served in \(msText(e.exchangeMs)) (\(oneDecimal(e.microsPerConnection)) µs "
                    + "each); VmRSS \(signedKib(e.rssGrowthKiB))"
                    + (e.limitedBy.map { "; fewer than asked: \($0)" } ?? "")
                    + (e.error.map { "; \($0)" } ?? ""))
        }
        out.append(
            "child PID \(r.childPid): tasks \(r.childTasksAtStart) at start, \(r.childTasksAtEnd) at the end"
                + (r.allThreadsJoined ? "; every thread joined" : "; NOT every thread joined"))
        out.append(
            "stacks are reserved, not resident: VmSize grows by the stack size per thread, VmRSS only by the pages touched"
        )
        return out
    }

    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
