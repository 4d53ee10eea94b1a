import CSystem
import Glibc

/// What a lab child started as `ptt __child ROLE --parent PID …` does.
///
/// A role is a value, not a case of a central enum: each lab declares its own
/// roles beside its code and lists them in its registry entry, so adding a lab
/// never edits this file.
///
/// ```swift
/// public static let pong = ChildRole(name: "switch-pong") { arguments in
///     let rounds = arguments.int("--rounds", default: 1000)
///     …
///     return 0
/// }
/// let child = try ChildProcess.spawn(.current, role: pong, arguments: ["--rounds", "1000"])
/// ```
public struct ChildRole: Sendable, CustomStringConvertible {
    /// The word on the child's command line (`producer`, `segv`, …), unique across labs.
    public let name: String
    /// The child's whole life; returns its exit code.
    public let main: @Sendable (ChildArguments) -> Int32

    public init(name: String, main: @escaping @Sendable (ChildArguments) -> Int32) {
        self.name = name
        self.main = main
    }

    public var description: String { name }

    /// First thing a child does: asks the kernel for SIGKILL when its parent
    /// dies (`prctl(PR_SET_PDEATHSIG)`), then checks that the parent is still
    /// `parent`. If ptt died before the request, the child was already handed
    /// to another process and would never get the signal: false then, and
    /// the child must exit.
    public static func adoptParentDeathSignal(parent: pid_t) -> Bool {
        cs_set_parent_death_signal(SIGKILL) == 0 && getppid() == parent
    }

    /// Names the process `ptt-ROLE` (its main thread's name, which `ps -o comm`
    /// and `top` show; otherwise it would be `exe`, after /proc/self/exe).
    public func nameProcess() {
        _ = "ptt-\(name)".prefix(15).withCString { cs_set_thread_name($0) }
    }
}

/// The fixed arguments a child was started with, after `--parent PID`: pairs
/// of `--name value` that ptt itself wrote. A value that is missing or does
/// not parse gives the default: a child has no user to complain to.
public struct ChildArguments: Sendable, Equatable {
    public let words: [String]

    public init(_ words: [String]) { self.words = words }

    /// The word after `name`, if any.
    public func string(_ name: String) -> String? {
        guard let at = words.firstIndex(of: name), at + 1 < words.count else { return nil }
        return words[at + 1]
    }

    public func int(_ name: String, default value: Int) -> Int { string(name).flatMap { Int($0) } ?? value }

    public func double(_ name: String) -> Double? { string(name).flatMap { Double($0) } }
}
