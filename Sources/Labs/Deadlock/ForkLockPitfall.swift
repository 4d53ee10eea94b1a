import Glibc

/// The fork pitfall: `fork` copies memory, lock words included, but only
/// the calling thread. A mutex another thread held at the fork is locked in
/// the child by a thread that does not exist there, and the child waits for
/// it forever. (glibc resets its own malloc locks at fork, which is why this
/// uses a pthread mutex of the program's own.)
///
/// In a sacrificial child: a holder thread takes the lock, the main thread
/// forks, and the grandchild tries to take the lock. ptt watches the
/// grandchild's progress word for `timeoutMs`; then the sacrificial child
/// kills and reaps it. The control run forks with nobody holding the lock.
enum ForkLockPitfall {
    static func run(
        executable: ChildExecutable, timeoutMs: Int, cancel: CancellationFlag,
        progress: (_ grandchild: Int32?, _ waitedMs: Double?) -> Void
    ) throws -> ForkWithLock {
        let hung = try attempt(executable, hold: true, timeoutMs: timeoutMs, cancel: cancel, progress: progress)
        let control = try attempt(executable, hold: false, timeoutMs: 10_000, cancel: cancel) { _, _ in }
        var report = hung
        report.controlCompleted = control.grandchildExit == "exited with code 0" && !control.childHung
        return report
    }

    private static func attempt(
        _ executable: ChildExecutable, hold: Bool, timeoutMs: Int, cancel: CancellationFlag,
        progress: (Int32?, Double?) -> Void
    ) throws -> ForkWithLock {
        let board = try SharedMemory.create(name: "ptt-fork-lock-board", size: ForkLockBoard.size)
        let child = try ChildProcess.spawn(
            executable, role: DeadlockChild.forkLockRole, arguments: ["--hold", hold ? "1" : "0"],
            descriptors: [board.descriptor])
        // Killing the child kills the grandchild too (its death signal).
        defer { child.kill() }
        board.closeDescriptor()

        func wait(_ what: String, seconds: Double, until ready: () -> Bool) throws {
            let deadline = MonotonicClock.now() + UInt64(seconds * 1e9)
            while !ready() {
                if cancel.isCancelled { throw DeadlockLabError.cancelled }
                if let status = child.poll() { throw DeadlockLabError.childEnded("(fork-lock) \(status)") }
                if MonotonicClock.now() > deadline { throw DeadlockLabError.notReady("\(what) in \(seconds) s") }
                MonotonicClock.sleep(nanoseconds: 1_000_000)
            }
        }
        try wait("the fork-lock child did not fork", seconds: 10) { board.load(at: ForkLockBoard.grandchildPid) != 0 }
        let grandchild = pid_t(truncatingIfNeeded: board.load(at: ForkLockBoard.grandchildPid))
        let forkedAt = MonotonicClock.now()
        let deadline = forkedAt + UInt64(max(1, timeoutMs)) * 1_000_000
        var state: String?
        var channel: String?
        while board.load(at: ForkLockBoard.grandchildProgress) != 2 && MonotonicClock.now() < deadline {
            if cancel.isCancelled { throw DeadlockLabError.cancelled }
            if board.load(at: ForkLockBoard.grandchildStatus) != 0 { break }
            state = ProcFiles.state(of: grandchild)
            channel = ProcFiles.waitChannel(of: grandchild)
            progress(grandchild, Double(MonotonicClock.now() - forkedAt) / 1e6)
            MonotonicClock.sleep(nanoseconds: 5_000_000)
        }
        let gotLock = board.load(at: ForkLockBoard.grandchildProgress) == 2
        let alive = !ProcFiles.hasEnded(grandchild)
        let childHung = !gotLock && alive
        board.store(1, at: ForkLockBoard.stop)
        try wait("the fork-lock child did not reap its child", seconds: 10) {
            board.load(at: ForkLockBoard.grandchildStatus) != 0
        }
        let raw = Int32(bitPattern: UInt32(truncatingIfNeeded: board.load(at: ForkLockBoard.grandchildStatus) - 1))
        let parentExit = child.wait()
        _ = parentExit
        return ForkWithLock(
            childHung: childHung, timeoutMs: timeoutMs, parentPid: child.pid,
            holderTid: pid_t(truncatingIfNeeded: board.load(at: ForkLockBoard.holderTid)),
            forkerTid: pid_t(truncatingIfNeeded: board.load(at: ForkLockBoard.forkerTid)),
            grandchildPid: grandchild, grandchildState: childHung ? state : nil,
            grandchildWaitChannel: childHung ? channel : nil,
            grandchildExit: WaitStatus(raw: raw).description,
            grandchildReaped: !ProcFiles.exists(grandchild), controlCompleted: false)
    }
}
