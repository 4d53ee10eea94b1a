import CSystem
import Glibc

/// The crash lab, in two parts. (a) A child process stores through a null
/// pointer and dies of SIGSEGV, while ptt and a sibling process go on.
/// (b) In a sacrificial child with several threads, one thread does the same,
/// and the whole process dies: every thread with it.
///
/// ```swift
/// let report = try CrashLab.run()
/// report.processCrash.signal           // "SIGSEGV"
/// report.threadCrash.allDied           // true
/// ```
///
/// The crashing children set `RLIMIT_CORE` to 0 and run with
/// `SWIFT_BACKTRACE=enable=no`: no core file, no wait for a backtrace.
public enum CrashLab {
    /// Threads in part (b)'s child, its main thread included.
    public static let threads = 4

    /// Runs both parts and returns the report. Throws `SystemCallError` when
    /// a child cannot be started, `CrashLabError` when one does not get ready.
    public static func run(executable: ChildExecutable = .current) throws -> CrashReport {
        CrashReport(processCrash: try processCrash(executable), threadCrash: try threadCrash(executable))
    }

    /// (a): a sibling keeps beating while another child segfaults.
    static func processCrash(_ executable: ChildExecutable) throws -> ProcessCrash {
        let board = try SharedMemory.create(name: "ptt-crash-board", size: CrashBoard.size)
        let sibling = try ChildProcess.spawn(
            executable, role: CrashChild.siblingRole, arguments: [], descriptors: [board.descriptor])
        defer { sibling.kill() }
        try waitUntil("the sibling", sibling) { board.load(at: CrashBoard.heartbeat) > 0 }
        let crasher = try ChildProcess.spawn(executable, role: CrashChild.segvRole, arguments: [])
        let status = crasher.wait()
        // The sibling still runs: its heartbeat goes on after the crash.
        let beatsAtCrash = board.load(at: CrashBoard.heartbeat)
        let deadline = MonotonicClock.now() + 2_000_000_000
        while board.load(at: CrashBoard.heartbeat) < beatsAtCrash + 5 && MonotonicClock.now() < deadline {
            MonotonicClock.sleep(nanoseconds: 2_000_000)
        }
        let beatsAfter = board.load(at: CrashBoard.heartbeat)
        let siblingRunning = sibling.poll() == nil
        board.store(1, at: CrashBoard.stop)
        let siblingExit = sibling.wait()
        return ProcessCrash(
            pid: crasher.pid, status: status, parentPid: getpid(), siblingPid: sibling.pid,
            siblingSurvived: siblingRunning && beatsAfter > beatsAtCrash,
            siblingBeatsAfterCrash: Int(beatsAfter - beatsAtCrash), siblingExit: siblingExit.description)
    }

    /// (b): one thread of a multithreaded child segfaults.
    static func threadCrash(_ executable: ChildExecutable) throws -> ThreadCrash {
        let board = try SharedMemory.create(name: "ptt-crash-board", size: CrashBoard.size)
        let child = try ChildProcess.spawn(
            executable, role: CrashChild.threadsRole, arguments: ["--threads", String(threads)],
            descriptors: [board.descriptor])
        defer { child.kill() }
        try waitUntil("the threaded child", child) { board.load(at: CrashBoard.ready) >= UInt64(threads) }
        let before = ProcFiles.threads(of: child.pid)
        let crasher = pid_t(truncatingIfNeeded: board.load(at: CrashBoard.crasherTid))
        board.store(1, at: CrashBoard.go)
        let status = child.wait()
        let survivors = before.filter { ProcFiles.exists($0.tid) }
        return ThreadCrash(
            pid: child.pid, status: status, threads: before.map { CrashThread(tid: $0.tid, name: $0.name) },
            crashedThread: crasher, allDied: status.signal != nil && survivors.isEmpty)
    }

    /// Polls `ready` every millisecond for up to 10 s; throws if the child
    /// ended or the time ran out first.
    private static func waitUntil(_ what: String, _ child: ChildProcess, _ ready: () -> Bool) throws(CrashLabError) {
        let deadline = MonotonicClock.now() + 10_000_000_000
        while !ready() {
            if let status = child.poll() { throw CrashLabError(message: "\(what) \(status) before it was ready") }
            if MonotonicClock.now() > deadline { throw CrashLabError(message: "\(what) did not get ready in 10 s") }
            MonotonicClock.sleep(nanoseconds: 1_000_000)
        }
    }
}

/// A crash-lab child that misbehaved before the crash it was started for.
public struct CrashLabError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// How a child ended, decoded from its `waitpid` status, as both parts of
/// the report carry it (flat, beside their own keys).
public protocol DecodedWaitStatus {
    /// The signal that killed it, by name (`SIGSEGV`), or "none" if it exited.
    var signal: String { get set }
    var signalNumber: Int32 { get set }
    var coreDumped: Bool { get set }
    /// The raw `waitpid` status word, and what a shell's `$?` would say.
    var status: Int32 { get set }
    var shellStatus: Int32 { get set }
    /// In words: "killed by SIGSEGV (signal 11), no core dump".
    var exit: String { get set }
}

extension DecodedWaitStatus {
    mutating func record(_ decoded: WaitStatus) {
        signal = decoded.signalName ?? "none"
        signalNumber = decoded.signal ?? 0
        coreDumped = decoded.coreDumped
        status = decoded.raw
        shellStatus = decoded.shellStatus
        exit = decoded.description
    }
}

/// Part (a) of the report.
public struct ProcessCrash: Codable, Sendable, Equatable, DecodedWaitStatus {
    /// The child that crashed.
    public var pid: Int32
    public var signal = "none"
    public var signalNumber: Int32 = 0
    public var coreDumped = false
    public var status: Int32 = 0
    public var shellStatus: Int32 = 0
    public var exit = ""
    public var parentPid: Int32
    /// ptt read the status and went on: always true in a report that exists.
    public var parentSurvived: Bool
    public var siblingPid: Int32
    /// The sibling was still running and its heartbeat went on after the crash.
    public var siblingSurvived: Bool
    public var siblingBeatsAfterCrash: Int
    /// How the sibling ended once ptt told it to stop.
    public var siblingExit: String

    init(
        pid: pid_t, status: WaitStatus, parentPid: pid_t, siblingPid: pid_t, siblingSurvived: Bool,
        siblingBeatsAfterCrash: Int, siblingExit: String
    ) {
        self.pid = pid
        self.parentPid = parentPid
        parentSurvived = true
        self.siblingPid = siblingPid
        self.siblingSurvived = siblingSurvived
        self.siblingBeatsAfterCrash = siblingBeatsAfterCrash
        self.siblingExit = siblingExit
        record(status)
    }
}

/// One thread of part (b)'s child.
public struct CrashThread: Codable, Sendable, Equatable {
    public var tid: Int32
    public var name: String
}

/// Part (b) of the report.
public struct ThreadCrash: Codable, Sendable, Equatable, DecodedWaitStatus {
    public var pid: Int32
    public var signal = "none"
    public var signalNumber: Int32 = 0
    public var coreDumped = false
    public var status: Int32 = 0
    public var shellStatus: Int32 = 0
    public var exit = ""
    /// Threads the process had just before the crash (from /proc/PID/task).
    public var threadsInProcess: Int
    public var threads: [CrashThread]
    /// The thread ID that stored through the null pointer.
    public var crashedThread: Int32
    /// The process died of a signal and none of its thread IDs exists any more.
    public var allDied: Bool

    init(pid: pid_t, status: WaitStatus, threads: [CrashThread], crashedThread: pid_t, allDied: Bool) {
        self.pid = pid
        threadsInProcess = threads.count
        self.threads = threads
        self.crashedThread = crashedThread
        self.allDied = allDied
        record(status)
    }
}

/// The crash lab's report: keys `lab, processCrash{pid, signal, parentSurvived, …},
/// threadCrash{pid, signal, threadsInProcess, allDied, …}` (DESIGN.md).
public struct CrashReport: Codable, Sendable, Equatable {
    public var lab = "crash"
    public var processCrash: ProcessCrash
    public var threadCrash: ThreadCrash

    public init(processCrash: ProcessCrash, threadCrash: ThreadCrash) {
        self.processCrash = processCrash
        self.threadCrash = threadCrash
    }
}

/// The crash children's shared board (descriptor 3).
enum CrashBoard {
    static let size = 4096
    /// ptt → threads child: crash now.
    static let go = 0
    /// ptt → sibling: stop now.
    static let stop = 1
    /// Sibling → ptt: beats so far, one every 2 ms.
    static let heartbeat = 8
    /// Threads child → ptt: threads running, and which one will crash.
    static let ready = 16
    static let crasherTid = 17
    static let descriptor: Int32 = 3
}

/// The crash lab's children.
public enum CrashChild {
    /// `segv`: no core file, then a store through a null pointer.
    public static func segfault() -> Int32 {
        _ = cs_disable_core_dumps()
        cs_write_through_null_pointer()
        return 1  // not reached
    }

    /// `sibling`: beats every 2 ms until told to stop; exit code 0.
    public static func sibling() -> Int32 {
        guard let board = try? SharedMemory.map(descriptor: CrashBoard.descriptor, size: CrashBoard.size) else {
            return 1
        }
        var beats: UInt64 = 0
        while board.load(at: CrashBoard.stop) == 0 {
            beats += 1
            board.store(beats, at: CrashBoard.heartbeat)
            MonotonicClock.sleep(nanoseconds: 2_000_000)
        }
        return 0
    }

    /// `threads`: `count` threads in all (this one and `count - 1` workers);
    /// worker 0 stores through a null pointer when ptt says go.
    public static func threads(count: Int) -> Int32 {
        guard let board = try? SharedMemory.map(descriptor: CrashBoard.descriptor, size: CrashBoard.size),
            count >= 2
        else { return 1 }
        let group: OSThreadGroup
        do {
            group = try OSThreadGroup.start(count: count - 1, name: "worker") { worker in
                if worker.index == 0 { board.store(UInt64(cs_gettid()), at: CrashBoard.crasherTid) }
                cs_fetch_add(board.word(CrashBoard.ready), 1)
                while board.load(at: CrashBoard.go) == 0 { MonotonicClock.sleep(nanoseconds: 1_000_000) }
                if worker.index == 0 {
                    _ = cs_disable_core_dumps()
                    cs_write_through_null_pointer()
                }
                // The others carry on, until the crash takes them too.
                while true { MonotonicClock.sleep(nanoseconds: 10_000_000) }
            }
        } catch {
            return 1
        }
        cs_fetch_add(board.word(CrashBoard.ready), 1)
        group.join()
        return 0
    }
}

extension CrashChild {
    /// `ptt __child segv`: dies of SIGSEGV.
    public static let segvRole = ChildRole(name: "segv") { _ in segfault() }
    /// `ptt __child sibling`: a process that goes on beating.
    public static let siblingRole = ChildRole(name: "sibling") { _ in sibling() }
    /// `ptt __child threads --threads N`: one of N threads segfaults.
    public static let threadsRole = ChildRole(name: "threads") { arguments in
        let count = arguments.int("--threads", default: CrashLab.threads)
        return (2...64).contains(count) ? threads(count: count) : 2
    }

    /// All three, for the lab's registry entry.
    public static let roles = [segvRole, siblingRole, threadsRole]
}
