import CSystem
import Glibc
import Synchronization

/// The program the process labs start as their children: ptt itself, run
/// again with the hidden subcommand `__child` and fixed arguments — never a
/// shell, never a string the user typed.
public struct ChildExecutable: Sendable, Equatable {
    public var path: String

    public init(path: String) { self.path = path }

    /// This very binary, by `/proc/self/exe`: the kernel's own link to it,
    /// which keeps working even when a rebuild has replaced the file.
    public static let current = ChildExecutable(path: "/proc/self/exe")

    /// The hidden subcommand a child runs: `ptt __child ROLE --parent PID …`.
    public static let subcommand = "__child"
}

/// One child process of a lab, from start to reaping.
///
/// The child asks for `SIGKILL` when ptt dies and checks that ptt is still
/// its parent (`ChildRole.adoptParentDeathSignal`), so it never outlives ptt,
/// even a ptt killed with SIGKILL. Whoever holds a `ChildProcess` reaps it:
/// dropping one that still runs kills and reaps it.
///
/// ```swift
/// let child = try ChildProcess.spawn(.current, role: CrashChild.siblingRole, arguments: [], descriptors: [board.descriptor])
/// child.send(SIGSTOP)            // nothing happens once it has been reaped
/// let status = child.wait()      // "exited with code 0", "killed by SIGKILL (signal 9), no core dump"
/// ```
public final class ChildProcess: Sendable {
    public let pid: pid_t
    /// What the child is for: `producer`, `consumer`, `segv`, …
    public let role: String
    /// nil until reaped. `waitpid` and `kill` both happen under this lock, so a
    /// signal never reaches a reaped child's PID, which the kernel may reuse.
    private let status = Mutex<WaitStatus?>(nil)
    /// Readable once the child has ended (`pidfd_open`), or -1 (then `wait` polls).
    private let exitDescriptor: Int32

    init(pid: pid_t, role: String) {
        self.pid = pid
        self.role = role
        exitDescriptor = cs_pidfd_open(pid)
    }

    /// Starts `executable __child ROLE --parent PTT_PID arguments…` from the
    /// spawner thread with `posix_spawn`. `descriptors` become 3, 4, … in the
    /// child; stdin, stdout and stderr are /dev/null (a child must not write
    /// over the screen); every other descriptor is closed. Signal
    /// dispositions and the mask start at their defaults, and
    /// `SWIFT_BACKTRACE=enable=no` keeps a crashing child from waiting for
    /// a backtrace.
    public static func spawn(
        _ executable: ChildExecutable, role: ChildRole, arguments: [String], descriptors: [Int32] = []
    ) throws(SystemCallError) -> ChildProcess {
        let argv = ["ptt", ChildExecutable.subcommand, role.name, "--parent", String(getpid())] + arguments
        let path = executable.path
        let result = SpawnerThread.shared.perform { () -> Result<pid_t, SystemCallError> in
            spawnNow(path: path, argv: argv, descriptors: descriptors)
        }
        return ChildProcess(pid: try result.get(), role: role.name)
    }

    /// Sends `signal` (wraps `kill(2)`); false when the child was already reaped.
    @discardableResult
    public func send(_ signal: Int32) -> Bool {
        status.withLock { reaped in
            guard reaped == nil else { return false }
            return Glibc.kill(pid, signal) == 0
        }
    }

    /// The exit status once the child has ended (reaping it then); nil while it
    /// runs. Never blocks (`waitpid` with `WNOHANG`).
    public func poll() -> WaitStatus? {
        status.withLock { reaped in
            if let reaped { return reaped }
            var raw: Int32 = 0
            var rc: pid_t
            repeat { rc = waitpid(pid, &raw, WNOHANG) } while rc < 0 && errno == EINTR
            if rc == pid {
                reaped = WaitStatus(raw: raw)
            } else if rc < 0 {
                // ECHILD: not ours to reap (cannot happen for a child we
                // started); record it so no one waits forever.
                reaped = WaitStatus(raw: 0x7f00)
            }
            return reaped
        }
    }

    /// Waits until the child has ended and reaps it.
    public func wait() -> WaitStatus {
        while true {
            if let done = poll() { return done }
            Self.waitForAny([self], timeout: 1)
        }
    }

    /// Sends SIGKILL (which ends a stopped process too) and reaps it.
    @discardableResult
    public func kill() -> WaitStatus {
        send(SIGKILL)
        return wait()
    }

    /// Blocks until one of `children` may have ended, or `timeout` seconds
    /// pass (nil: no limit). Returns at once if one already has. Callers
    /// check with `poll()`.
    public static func waitForAny(_ children: [ChildProcess], timeout: Double?) {
        var fds = children.filter { $0.exitDescriptor >= 0 }.map {
            pollfd(fd: $0.exitDescriptor, events: Int16(POLLIN), revents: 0)
        }
        let ms = timeout.map { Int32(max(0, min($0, 3600)) * 1000) } ?? -1
        if fds.count < children.count {
            // No pidfd: look again in 2 ms.
            MonotonicClock.sleep(nanoseconds: UInt64(min(2, ms < 0 ? 2 : ms)) * 1_000_000)
            return
        }
        _ = Glibc.poll(&fds, nfds_t(fds.count), ms)
    }

    deinit {
        if poll() == nil {
            send(SIGKILL)
            _ = wait()
        }
        if exitDescriptor >= 0 { close(exitDescriptor) }
    }
}

/// `posix_spawn` itself, on the spawner thread.
private func spawnNow(path: String, argv: [String], descriptors: [Int32]) -> Result<pid_t, SystemCallError> {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd: Int32 in 0...2 {
        posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    // Through numbers above all of them first, so that moving one descriptor
    // to 3 + i never overwrites another still to be moved.
    let parking = (descriptors.max() ?? 0) + 3 + Int32(descriptors.count)
    for (i, fd) in descriptors.enumerated() {
        posix_spawn_file_actions_adddup2(&actions, fd, parking + Int32(i))
    }
    for i in descriptors.indices {
        posix_spawn_file_actions_adddup2(&actions, parking + Int32(i), 3 + Int32(i))
    }
    cs_spawn_add_close_from(&actions, 3 + Int32(descriptors.count))

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGCHLD] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    var environment: [String] = []
    if var entry = cs_environ() {
        while let text = entry.pointee {
            let line = String(cString: text)
            if !line.hasPrefix("SWIFT_BACKTRACE=") { environment.append(line) }
            entry += 1
        }
    }
    environment.append("SWIFT_BACKTRACE=enable=no")

    let cArgv = argv.map { strdup($0) } + [nil]
    let cEnv = environment.map { strdup($0) } + [nil]
    defer {
        for text in cArgv + cEnv { free(text) }
    }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, path, &actions, &attributes, cArgv, cEnv)
    return rc == 0 ? .success(pid) : .failure(SystemCallError("posix_spawn", code: rc))
}
