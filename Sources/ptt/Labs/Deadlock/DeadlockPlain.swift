import ArgumentParser
import Foundation
import Labs

/// `ptt demo deadlock --plain`: the run as one line per event, for screen
/// readers and logs: no cursor movement, no box drawing, no colour.
enum DeadlockPlain {
    /// Runs the lab (or plays `replay`), printing each new phase and the
    /// figures that go with it; `record` saves the run as `--record` does.
    static func run(record: String?, replay: String?) throws {
        if let replay {
            let recording = try DeadlockRecording.read(from: replay, lab: "deadlock")
            say(recording.label)
            var last: DeadlockSnapshot.Phase?
            for event in recording.events where event.snapshot.phase != last {
                last = event.snapshot.phase
                lines(for: event.snapshot).forEach(say)
            }
            if let report = recording.report { summary(report).forEach(say) }
            return
        }
        let running = try DeadlockRunning(options: DeadlockLab.Options(), executable: .current, record: record)
        var last: DeadlockSnapshot.Phase?
        while true {
            var finished: DeadlockReport?
            for output in running.sample() {
                switch output {
                case .progress(let snap as DeadlockSnapshot) where snap.phase != last:
                    // Wait for the threads' TIDs before telling what they hold.
                    if snap.phase == .takingLocks && snap.threads.contains(where: { $0.tid == 0 }) { continue }
                    last = snap.phase
                    lines(for: snap).forEach(say)
                case .finished(let report as DeadlockReport): finished = report
                case .failed(let message): throw ValidationError("the deadlock lab failed: \(message)")
                default: break
                }
            }
            if let finished {
                summary(finished).forEach(say)
                if let record { say("recorded to \(record)") }
                return
            }
            MonotonicClock.sleep(nanoseconds: 10_000_000)
        }
    }

    static func lines(for snap: DeadlockSnapshot) -> [String] {
        switch snap.phase {
        case .starting: return ["deadlock: starting a child process for two threads and two locks, A and B"]
        case .takingLocks:
            return [
                "taking locks: child PID \(snap.childPid.map(String.init) ?? "?"); T1 locks A then B, T2 locks B then A"
            ]
        case .deadlocked:
            return [
                "deadlocked after \(msText(snap.elapsedMs)): a wait-for cycle, \(snap.cycle.joined(separator: " -> ")) -> \(snap.cycle.first ?? "")"
            ]
                + snap.threads.map(describe)
        case .orderedRun: return ["the stuck child is killed; now both threads take A, then B (one global order)"]
        case .forkWithLock: return ["fork with a lock held: one thread holds a lock while another forks"]
        case .done: return ["done"]
        case .cancelled: return ["cancelled"]
        }
    }

    static func describe(_ t: DeadlockThread) -> String {
        "\(t.thread) (TID \(t.tid)) holds \(t.holds.joined(separator: ", ")), wants \(t.wants ?? "nothing"), state \(t.kernelState ?? "?")"
            + (t.waitChannel.map { " in \($0)" } ?? "")
    }

    static func summary(_ r: DeadlockReport) -> [String] {
        var out = ["cycle found after \(msText(r.detectedAfterMs)) (from starting the child)"]
        out += r.cycle.map { "\(describe($0)), waited \(msText($0.waitedMs))" }
        out.append("child PID \(r.childPid): \(r.childExit), reaped")
        let o = r.orderedRun
        out.append(
            "one lock order: \(grouped(o.counter)) of \(grouped(o.expected)) counted in \(msText(o.milliseconds)): "
                + (r.orderedRunCompleted ? "completed" : "incomplete"))
        if let f = r.forkWithLock {
            out.append(
                "fork with a lock held: thread \(f.holderTid) held it, thread \(f.forkerTid) forked; child PID \(f.grandchildPid) "
                    + (f.childHung
                        ? "hung on its copy for \(f.timeoutMs) ms (state \(f.grandchildState ?? "?")), then \(f.grandchildExit)"
                        : "did not hang: \(f.grandchildExit)"))
            out.append(
                "control, the same fork with the lock free: "
                    + (f.controlCompleted ? "the child took it and exited 0" : "did not complete"))
        }
        return out
    }

    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
