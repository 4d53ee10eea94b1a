import CSystem
import Glibc

/// What the Python part of the scaling lab found: which Python ran, and the
/// CPU-bound job as Python threads and as Python processes.
public struct PythonScalingReport: Codable, Sendable, Equatable {
    /// The interpreter that ran, as found on PATH.
    public var executable: String
    /// `platform.python_version()`, such as "3.11.7".
    public var version: String
    public var implementation: String
    /// Whether the GIL was on: `sys._is_gil_enabled()` (3.13+), else true
    /// (every CPython before 3.13 has it).
    public var gilEnabled: Bool
    /// How `gilEnabled` was found out.
    public var gilCheck: String
    /// Whether this is a free-threaded build (`Py_GIL_DISABLED`, the `t` builds).
    public var freeThreadedBuild: Bool
    /// `multiprocessing.get_start_method()`: fork, forkserver or spawn.
    public var startMethod: String
    public var primesBelow: Int
    public var primesFound: Int
    /// Per worker count: Python threads vs Python processes.
    public var points: [ScalingPoint]

    public init(
        executable: String, version: String, implementation: String, gilEnabled: Bool, gilCheck: String,
        freeThreadedBuild: Bool, startMethod: String, primesBelow: Int, primesFound: Int, points: [ScalingPoint]
    ) {
        self.executable = executable
        self.version = version
        self.implementation = implementation
        self.gilEnabled = gilEnabled
        self.gilCheck = gilCheck
        self.freeThreadedBuild = freeThreadedBuild
        self.startMethod = startMethod
        self.primesBelow = primesBelow
        self.primesFound = primesFound
        self.points = points
    }
}

/// Runs the fixed Python script `script` with fixed arguments: written to a
/// private temporary file, started with `posix_spawn` (never a shell) as
/// `python3 -I FILE BELOW MAXWORKERS BLOCK PTTPID`, in a process group of its
/// own so that cancelling kills its worker processes too.
public enum PythonScaling {
    public enum Outcome: Sendable, Equatable {
        case ran(PythonScalingReport)
        /// Why not: no python3 on PATH, or it failed (its first line of output).
        case unavailable(String)
    }

    /// The script ptt ships. It counts primes exactly as `ScalingJobs` does,
    /// for 1…N threads and 1…N processes, and prints `key value` lines
    /// (Labs has no JSON decoder: it imports no Foundation).
    public static let script = #"""
        # ptt scaling lab: the CPU-bound job in Python threads and processes.
        # argv: BELOW MAXWORKERS BLOCK PTTPID. Prints "key value" lines, then "end".
        import ctypes, multiprocessing, os, platform, sys, sysconfig, threading, time

        def die_with_parent(parent):
            try:
                ctypes.CDLL(None, use_errno=True).prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG, SIGKILL
            except Exception:
                pass
            if os.getppid() != parent:
                os._exit(1)

        def count_primes(below, worker, workers, block):
            count = 0
            start = worker * block
            while start < below:
                for k in range(start, min(start + block, below)):
                    if k < 2:
                        continue
                    if k % 2 == 0:
                        count += k == 2
                        continue
                    d = 3
                    prime = True
                    while d * d <= k:
                        if k % d == 0:
                            prime = False
                            break
                        d += 2
                    count += prime
                start += workers * block
            return count

        def process_worker(queue, parent, args):
            die_with_parent(parent)
            queue.put(count_primes(*args))

        def in_threads(below, n, block):
            results = [0] * n
            def run(i):
                results[i] = count_primes(below, i, n, block)
            start = time.perf_counter()
            threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            return time.perf_counter() - start, sum(results)

        def in_processes(below, n, block):
            queue = multiprocessing.Queue()
            me = os.getpid()
            start = time.perf_counter()
            procs = [multiprocessing.Process(target=process_worker, args=(queue, me, (below, i, n, block)))
                     for i in range(n)]
            for p in procs:
                p.start()
            total = sum(queue.get() for _ in procs)
            for p in procs:
                p.join()
            return time.perf_counter() - start, total

        def main():
            below, max_workers, block, parent = (int(a) for a in sys.argv[1:5])
            die_with_parent(parent)
            if hasattr(sys, "_is_gil_enabled"):
                gil, check = sys._is_gil_enabled(), "sys._is_gil_enabled()"
            else:
                gil, check = True, "no sys._is_gil_enabled() before 3.13: always a GIL"
            rows = []
            found = set()
            for n in range(1, max_workers + 1):
                ts, tc = in_threads(below, n, block)
                ps, pc = in_processes(below, n, block)
                found.update((tc, pc))
                rows.append({"workers": n, "threadsSeconds": ts, "processesSeconds": ps})
            print("version", platform.python_version())
            print("implementation", platform.python_implementation())
            print("gilEnabled", int(bool(gil)))
            print("gilCheck", check)
            print("freeThreadedBuild", int(bool(sysconfig.get_config_var("Py_GIL_DISABLED"))))
            print("startMethod", multiprocessing.get_start_method())
            print("primesFound", found.pop() if len(found) == 1 else -1)
            for row in rows:
                print("row", row["workers"], repr(row["threadsSeconds"]), repr(row["processesSeconds"]))
            print("end")

        if __name__ == "__main__":
            main()
        """#

    /// What the script prints: `key value` lines, `row WORKERS THREADS PROCESSES`, then `end`.
    struct Output: Equatable {
        var version = ""
        var implementation = ""
        var gilEnabled = true
        var gilCheck = ""
        var freeThreadedBuild = false
        var startMethod = ""
        var primesFound = -1
        var rows: [ScalingPoint] = []

        /// nil unless the text holds every key and ends with `end`.
        init?(parsing text: String) {
            var ended = false
            var seen: Set<String> = []
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ", maxSplits: 1).map(String.init)
                guard let key = words.first else { continue }
                let value = words.count > 1 ? words[1] : ""
                seen.insert(key)
                switch key {
                case "version": version = value
                case "implementation": implementation = value
                case "gilEnabled": gilEnabled = value != "0"
                case "gilCheck": gilCheck = value
                case "freeThreadedBuild": freeThreadedBuild = value == "1"
                case "startMethod": startMethod = value
                case "primesFound": primesFound = Int(value) ?? -1
                case "row":
                    let parts = value.split(separator: " ")
                    guard parts.count == 3, let n = Int(parts[0]), let t = Double(parts[1]), let p = Double(parts[2])
                    else { return nil }
                    rows.append(ScalingPoint(workers: n, threadsSeconds: t, processesSeconds: p))
                case "end": ended = true
                default: continue
                }
            }
            guard ended, seen.isSuperset(of: ["version", "gilEnabled", "startMethod", "primesFound"]), !rows.isEmpty
            else { return nil }
        }
    }

    /// The first `python3` on PATH, or nil.
    public static func findPython() -> String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/python3"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Runs the script; throws `LabCancelled` (with Python and its workers
    /// killed and Python reaped) when `cancel` is raised meanwhile.
    public static func run(primesBelow: Int, maxWorkers: Int, cancel: CancellationFlag?) throws -> Outcome {
        guard let python = findPython() else { return .unavailable("no python3 on PATH") }
        let file: String
        do { file = try writeScript() } catch { return .unavailable("cannot write the script: \(error)") }
        defer { unlink(file) }
        var fds: [Int32] = [-1, -1]
        try SystemCallError.check("pipe2") { cs_pipe_cloexec(&fds) }
        defer { close(fds[0]) }
        let argv = [
            "python3", "-I", file, String(primesBelow), String(maxWorkers), String(ScalingJobs.block),
            String(getpid()),
        ]
        let writeEnd = fds[1]
        let spawned = SpawnerThread.shared.perform { spawnPython(python, argv, stdout: writeEnd) }
        close(fds[1])
        let pid = try spawned.get()
        let child = ChildProcess(pid: pid, role: "python3")
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if cancel.isCancelled {
                Glibc.kill(-pid, SIGKILL)  // its process group: Python and its workers
                child.kill()
                throw LabCancelled()
            }
            var ready = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
            if poll(&ready, 1, 50) == 0 { continue }
            let n = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            output += buffer[0..<n]
        }
        let status = child.wait()
        let text = String(decoding: output, as: UTF8.self)
        guard status.exitCode == 0, let decoded = Output(parsing: text) else {
            let first = text.split(separator: "\n").last.map(String.init) ?? ""
            return .unavailable("\(python) \(status): \(first.prefix(200))")
        }
        let points = ScalingPoint.withSpeedups(decoded.rows)
        return .ran(
            PythonScalingReport(
                executable: python, version: decoded.version, implementation: decoded.implementation,
                gilEnabled: decoded.gilEnabled, gilCheck: decoded.gilCheck,
                freeThreadedBuild: decoded.freeThreadedBuild, startMethod: decoded.startMethod,
                primesBelow: primesBelow, primesFound: decoded.primesFound, points: points))
    }

    /// Writes `script` to a new private file (`mkstemps`, mode 0600) under
    /// $TMPDIR or /tmp; returns its path.
    static func writeScript() throws(SystemCallError) -> String {
        let dir = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(dir)/ptt-scaling-XXXXXX.py".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 3) }
        if fd < 0 { throw SystemCallError("mkstemps", code: errno) }
        defer { close(fd) }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let bytes = Array(script.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                unlink(path)
                throw SystemCallError("write \(path)", code: code)
            }
            written += n
        }
        return path
    }

    /// posix_spawn of python3 in a new process group, stdout and stderr on
    /// `stdout`, stdin /dev/null, every other descriptor closed.
    private static func spawnPython(_ path: String, _ argv: [String], stdout fd: Int32) -> Result<
        pid_t, SystemCallError
    > {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fd, 1)
        posix_spawn_file_actions_adddup2(&actions, fd, 2)
        cs_spawn_add_close_from(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let cArgv = argv.map { strdup($0) } + [nil]
        defer { for text in cArgv { free(text) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, cArgv, cs_environ())
        return rc == 0 ? .success(pid) : .failure(SystemCallError("posix_spawn \(path)", code: rc))
    }
}
