import Foundation
import Testing

/// The built `ptt` binary: it sits beside the test bundle in `.build/<triple>/debug`.
let pttBinary: String = {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("ptt").path
}()

/// The package root (for the shipped lessons).
let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

let tmuxPath: String =
    ["/usr/bin/tmux", "/usr/local/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    } ?? "/usr/bin/tmux"

let hasTmux: Bool = FileManager.default.isExecutableFile(atPath: tmuxPath)

/// Output of a finished command.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a command to completion without a terminal (stdin from /dev/null),
/// with `posix_spawn` and `waitpid`. Not Foundation's Process: it notices the
/// end of a child through a descriptor the child inherits, and the tmux server
/// a `new-session` leaves behind keeps that open, so it would wait forever.
/// Output goes through temporary files for the same reason.
@discardableResult
func runCommand(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
    let dir = FileManager.default.temporaryDirectory.path
    let outPath = "\(dir)/ptt-e2e-\(UUID().uuidString).out"
    let errPath = "\(dir)/ptt-e2e-\(UUID().uuidString).err"
    defer {
        unlink(outPath)
        unlink(errPath)
    }
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    var attributes = cleanSignalAttributes()
    defer { posix_spawnattr_destroy(&attributes) }
    let rc = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
    guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let o = FileManager.default.contents(atPath: outPath) ?? Data()
    let e = FileManager.default.contents(atPath: errPath) ?? Data()
    return CommandResult(
        status: code, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

/// Spawn attributes that give the child an empty signal mask and default
/// dispositions. Tests run on dispatch worker threads, which block most
/// signals, and a child inherits its spawner's mask: a tmux server started
/// with SIGCHLD, SIGHUP and SIGTERM blocked never notices its pane has ended
/// and outlives `kill-server`, and a ptt started so ignores SIGTERM.
func cleanSignalAttributes() -> posix_spawnattr_t {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    return attributes
}

/// A tmux server of its own (a private socket), one session running a shell
/// command at a fixed size; killed at the end.
final class TmuxSession {
    let socket = "ptt-e2e-\(UUID().uuidString.prefix(8))"
    let name = "e2e"
    /// A progress file of its own (PTT_STATE), so no test reads or writes
    /// ~/.local/state; `--state` on the command line still wins.
    let stateFolder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "ptt-e2e-state-\(UUID().uuidString)")
    var stateFile: String { stateFolder.appendingPathComponent("progress.json").path }

    /// Starts `command` (run by sh) in a new session of the given size. The
    /// locale variables are removed, as on a bare CI machine, so ptt has to
    /// pick a UTF-8 locale itself.
    init(command: String, width: Int = 80, height: Int = 24) throws {
        let shell =
            "unset LANG LC_ALL LC_CTYPE NO_COLOR; export TERM=xterm-256color SWIFT_BACKTRACE=interactive=no"
            + " PTT_STATE=\(shellQuote(stateFile)); \(command)"
        try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", "sh", "-c", shell])
    }

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: stateFolder)
        // tmux leaves its socket file behind after kill-server.
        let directory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(directory)/tmux-\(getuid())/\(socket)")
    }

    @discardableResult
    func tmux(_ args: [String]) throws -> CommandResult {
        try runCommand(tmuxPath, ["-L", socket, "-f", "/dev/null"] + args)
    }

    func sendKeys(_ keys: String...) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    func capture() throws -> String {
        try tmux(["capture-pane", "-p", "-t", name]).stdout
    }

    /// The screen with its escape sequences (colours, attributes).
    func captureWithEscapes() throws -> String {
        try tmux(["capture-pane", "-e", "-p", "-t", name]).stdout
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The PID of the shell in the pane.
    func panePID() throws -> Int32 {
        Int32(
            try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]).stdout.trimmingCharacters(
                in: .whitespacesAndNewlines)) ?? -1
    }

    /// Polls the screen until `predicate` holds or `timeout` passes; returns the
    /// screen. On a time-out the test fails there, with the screen it saw
    /// (`TmuxTimeout`), instead of going on to fail later at an unrelated check;
    /// `required: false` returns the last screen quietly instead.
    ///
    /// With `settled`, the screen must also hold still: two captures 50 ms apart
    /// the same, so a capture taken halfway through a redraw on a busy machine
    /// never counts (not for live screens, which change every frame).
    @discardableResult
    func waitFor(
        timeout: Double = 10, settled: Bool = false, required: Bool = true, what: String = "the expected screen",
        _ predicate: (String) -> Bool
    ) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = try capture()
        while Date() < deadline {
            if predicate(screen) {
                guard settled else { return screen }
                Thread.sleep(forTimeInterval: 0.05)
                let again = try capture()
                if again == screen { return screen }
                screen = again
                continue
            }
            Thread.sleep(forTimeInterval: 0.05)
            screen = try capture()
        }
        if required { throw TmuxTimeout(what: what, seconds: timeout, screen: screen) }
        return screen
    }

    @discardableResult
    func waitFor(_ text: String, timeout: Double = 10) throws -> String {
        try waitFor(timeout: timeout, what: "'\(text)'") { $0.contains(text) }
    }
}

/// A wait that timed out: says what it waited for and shows the screen it saw.
struct TmuxTimeout: Error, CustomStringConvertible {
    var what: String
    var seconds: Double
    var screen: String
    var description: String { "waited \(seconds) s for \(what); the screen was:\n\(screen)" }
}

/// The children of a process, from /proc.
func childPIDs(of parent: Int32) -> [Int32] {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
    return entries.compactMap(Int32.init).filter { pid in
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 2 && Int32(fields[1]) == parent
    }
}

/// Quotes a path for sh.
func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

/// `ptt demo ARGS --json`: expects exit 0 and one JSON object on stdout.
func demoJSON(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    let r = try runCommand(pttBinary, ["demo"] + args + ["--json"])
    #expect(r.status == 0, "\(r.stderr)", sourceLocation: sourceLocation)
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    return try #require(object, "not a JSON object: \(r.stdout)", sourceLocation: sourceLocation)
}
