import CSystem
import Glibc

/// The deadlock lab's shared board (descriptor 3 in the child): what each of
/// the two threads holds and wants, written by the child, read by ptt.
enum DeadlockBoard {
    static let size = 4096
    static let descriptor: Int32 = 3
    /// Threads that hold their first lock (the child's own barrier).
    static let holding = 0
    /// Per thread `t` (0, 1): words at `thread(t) + …`.
    static func thread(_ t: Int) -> Int { 8 + 8 * t }
    static let tid = 0
    /// Lock numbers: 0 none, 1 A, 2 B.
    static let holds = 1
    static let wants = 2
    /// `MonotonicClock` nanoseconds (CLOCK_MONOTONIC is one clock for every
    /// process on the machine, so ptt can subtract its own readings).
    static let waitingSince = 3
    static let heldSince = 4

    /// The lock a word names, for people.
    static func lockName(_ word: UInt64) -> String? {
        switch word {
        case 1: "A"
        case 2: "B"
        default: nil
        }
    }
}

/// The fork pitfall's board (descriptor 3 in the sacrificial child).
enum ForkLockBoard {
    static let size = 4096
    static let descriptor: Int32 = 3
    /// Child → ptt: the holder thread has the lock (1).
    static let holderLocked = 0
    static let holderTid = 1
    /// Child → ptt: the grandchild's PID, once forked.
    static let grandchildPid = 2
    /// Grandchild → both: 1 about to lock, 2 got the lock.
    static let grandchildProgress = 3
    /// ptt → child: kill the grandchild now and end.
    static let stop = 4
    /// Child → ptt: the grandchild's raw wait status + 1, once reaped (0 before).
    static let grandchildStatus = 5
    static let forkerTid = 6
}

/// The deadlock lab's children.
public enum DeadlockChild {
    /// `deadlock-pair`: thread T1 takes A, T2 takes B; both wait until both
    /// hold (so the deadlock is certain, not a matter of timing), then T1
    /// takes B and T2 takes A. Neither ever returns: ptt kills the process.
    public static func pair() -> Int32 {
        guard let board = try? SharedMemory.map(descriptor: DeadlockBoard.descriptor, size: DeadlockBoard.size)
        else { return 1 }
        let locks = [PthreadMutex(), PthreadMutex()]
        let group: OSThreadGroup
        do {
            group = try OSThreadGroup.start(count: 2, name: "deadlock") { worker in
                let t = worker.index
                let base = DeadlockBoard.thread(t)
                let (first, second) = t == 0 ? (0, 1) : (1, 0)
                board.store(UInt64(cs_gettid()), at: base + DeadlockBoard.tid)
                locks[first].lock()
                board.store(MonotonicClock.now(), at: base + DeadlockBoard.heldSince)
                board.store(UInt64(first + 1), at: base + DeadlockBoard.holds)
                cs_fetch_add(board.word(DeadlockBoard.holding), 1)
                while board.load(at: DeadlockBoard.holding) < 2 { MonotonicClock.sleep(nanoseconds: 1_000_000) }
                board.store(MonotonicClock.now(), at: base + DeadlockBoard.waitingSince)
                board.store(UInt64(second + 1), at: base + DeadlockBoard.wants)
                locks[second].lock()  // never returns
                board.store(0, at: base + DeadlockBoard.wants)
                locks[second].unlock()
                locks[first].unlock()
            }
        } catch {
            return 1
        }
        group.join()
        return 0
    }

    /// `fork-lock --hold 1|0`: with `--hold 1`, a holder thread takes a
    /// pthread mutex and keeps it while this (main) thread forks; the
    /// grandchild's copy of the mutex is locked by a thread it does not have,
    /// and it waits forever. With `--hold 0` (the control) nobody holds it at
    /// the fork and the grandchild takes it and exits 0. When ptt says stop,
    /// the grandchild is killed and reaped here.
    public static func forkLock(hold: Bool) -> Int32 {
        guard let board = try? SharedMemory.map(descriptor: ForkLockBoard.descriptor, size: ForkLockBoard.size)
        else { return 1 }
        let mutex = PthreadMutex()
        var holder: OSThreadGroup?
        if hold {
            do {
                holder = try OSThreadGroup.start(count: 1, name: "holder") { _ in
                    mutex.lock()
                    board.store(UInt64(cs_gettid()), at: ForkLockBoard.holderTid)
                    board.store(1, at: ForkLockBoard.holderLocked)
                    while board.load(at: ForkLockBoard.stop) == 0 { MonotonicClock.sleep(nanoseconds: 1_000_000) }
                    mutex.unlock()
                }
            } catch {
                return 1
            }
            while board.load(at: ForkLockBoard.holderLocked) == 0 { MonotonicClock.sleep(nanoseconds: 1_000_000) }
        }
        board.store(UInt64(cs_gettid()), at: ForkLockBoard.forkerTid)
        // The grandchild's death signal follows this thread: it stays alive
        // (here, in the loop below) until the grandchild has been reaped.
        let pid = cs_fork_and_lock(mutex.raw, board.word(ForkLockBoard.grandchildProgress), getpid())
        guard pid > 0 else { return 1 }
        board.store(UInt64(pid), at: ForkLockBoard.grandchildPid)
        var raw: Int32 = 0
        while true {
            if board.load(at: ForkLockBoard.stop) != 0 {
                kill(pid, SIGKILL)
                while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
                break
            }
            if waitpid(pid, &raw, WNOHANG) == pid { break }
            MonotonicClock.sleep(nanoseconds: 1_000_000)
        }
        board.store(UInt64(UInt32(bitPattern: raw)) + 1, at: ForkLockBoard.grandchildStatus)
        board.store(1, at: ForkLockBoard.stop)
        holder?.join()
        return 0
    }
}

extension DeadlockChild {
    /// `ptt __child deadlock-pair`: two threads that deadlock.
    public static let pairRole = ChildRole(name: "deadlock-pair") { _ in pair() }
    /// `ptt __child fork-lock --hold 1|0`: a fork while a lock is held (or not).
    public static let forkLockRole = ChildRole(name: "fork-lock") { arguments in
        forkLock(hold: arguments.int("--hold", default: 1) != 0)
    }

    /// Both, for the lab's registry entry and `ChildCommand.roles`.
    public static let roles = [pairRole, forkLockRole]
}
