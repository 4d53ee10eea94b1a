import Labs

/// The deadlock lab's payloads, as a recording saves them and `--plain`
/// tells them: one line per phase, with the figures that go with it.
extension DeadlockSnapshot: LabPayload {
    /// A new phase's lines; nothing while the phase holds (the snapshot comes
    /// 30 times a second), nor before the threads' TIDs are known.
    func plainLines(after previous: DeadlockSnapshot?) -> [String] {
        guard phase != previous?.phase else { return [] }
        // Wait for the threads' TIDs before telling what they hold.
        if phase == .takingLocks && threads.contains(where: { $0.tid == 0 }) { return [] }
        return DeadlockPlain.lines(for: self)
    }
}

extension DeadlockReport: LabPayload {
    /// The cycle, the ordered run and the fork pitfall, with their figures.
    func plainLines(after previous: DeadlockReport?) -> [String] { DeadlockPlain.summary(self) }
}

/// The plain lines of the deadlock lab's snapshots and report.
enum DeadlockPlain {
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
}
