import Glibc

/// How a child process ended: the status word `waitpid(2)` fills in (its
/// "wait status"), decoded as the `WIFEXITED`/`WEXITSTATUS`/`WIFSIGNALED`/
/// `WTERMSIG`/`WCOREDUMP` macros do (Swift cannot call those macros).
///
/// Linux packs it in 16 bits: the low 7 bits are the signal that killed the
/// process (0: it exited), bit 7 says a core was dumped, bits 8–15 hold the
/// exit code.
///
/// ```swift
/// WaitStatus(raw: 0x000b).description   // "killed by SIGSEGV (signal 11), no core dump"
/// WaitStatus(raw: 0x0100).description   // "exited with code 1"
/// WaitStatus(raw: 0x000b).shellStatus   // 139, what `echo $?` prints
/// ```
public struct WaitStatus: Codable, Sendable, Equatable, CustomStringConvertible {
    /// The status word as `waitpid` returned it.
    public let raw: Int32

    public init(raw: Int32) { self.raw = raw }

    /// The exit code (`WEXITSTATUS`) when the process called exit; nil when a signal killed it.
    public var exitCode: Int32? { raw & 0x7f == 0 ? (raw >> 8) & 0xff : nil }

    /// The signal that killed it (`WTERMSIG`), or nil when it exited.
    public var signal: Int32? {
        let low = raw & 0x7f
        return low != 0 && low != 0x7f ? low : nil
    }

    /// Whether the kernel wrote a core file (`WCOREDUMP`).
    public var coreDumped: Bool { signal != nil && raw & 0x80 != 0 }

    /// What a shell reports as `$?`: the exit code, or 128 + the signal.
    public var shellStatus: Int32 { exitCode ?? (128 + (signal ?? 0)) }

    /// The signal's name, such as `SIGSEGV`, when a signal killed it.
    public var signalName: String? { signal.map(SignalName.of) }

    public var description: String {
        if let exitCode { return "exited with code \(exitCode)" }
        guard let signal else { return "status \(raw)" }
        return "killed by \(SignalName.of(signal)) (signal \(signal)), \(coreDumped ? "core dumped" : "no core dump")"
    }

    /// A short form for tight places: `exit 0`, `SIGKILL`.
    public var brief: String {
        if let exitCode { return "exit \(exitCode)" }
        return signalName ?? "status \(raw)"
    }
}

/// Signal numbers to their C names.
public enum SignalName {
    /// `SIGSEGV` for 11 and so on; `signal N` for one without a name here.
    public static func of(_ signal: Int32) -> String { names[signal] ?? "signal \(signal)" }

    private static let names: [Int32: String] = [
        SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
        SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1",
        SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM",
        SIGCHLD: "SIGCHLD", SIGCONT: "SIGCONT", SIGSTOP: "SIGSTOP", SIGTSTP: "SIGTSTP", SIGTTIN: "SIGTTIN",
        SIGTTOU: "SIGTTOU", SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ", SIGSYS: "SIGSYS",
    ]
}
