import Foundation
import Testing

/// Starts a program in the background (stdin, stdout and stderr on
/// /dev/null) and returns its PID; the caller reaps it.
func startInBackground(_ path: String, _ arguments: [String]) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd: Int32 in 0...2 {
        posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for text in argv { free(text) } }
    var pid: pid_t = 0
    var attributes = cleanSignalAttributes()
    defer { posix_spawnattr_destroy(&attributes) }
    let rc = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
    guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
    return pid
}

/// The process state letter from /proc/PID/stat, or nil when there is no such process.
func processState(_ pid: pid_t) -> String? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return nil }
    return stat[stat.index(after: close)...].split(separator: " ").first.map(String.init)
}

/// Polls `condition` every 10 ms for up to `seconds`; true if it came true.
func within(_ seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while !condition() {
        if Date() > deadline { return false }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return true
}

/// `ptt demo ipc`, `crash` and `fork` as scripts use them (--json) and as a
/// person watches them (tmux); their children never outlive ptt.
@Suite("Process labs from the command line", .serialized)
struct ProcessLabCommandTests {
    @Test(
        "ipc --json carries the design's keys over every transport: two child PIDs, none lost",
        arguments: ["pipe", "socket", "shm"])
    func ipcReport(transport: String) throws {
        let report = try demoJSON(["ipc", "--transport", transport, "--items", "20000"])
        for key in [
            "lab", "transport", "items", "produced", "consumed", "lost", "parentPid", "producerPid", "consumerPid",
            "seconds", "itemsPerSecond", "bytesPerSecond",
        ] {
            #expect(report[key] != nil, "missing \(key)")
        }
        #expect(report["lab"] as? String == "ipc")
        #expect(report["transport"] as? String == transport)
        #expect(report["consumed"] as? Int == 20000 && report["lost"] as? Int == 0)
        let pids = ["parentPid", "producerPid", "consumerPid"].compactMap { report[$0] as? Int }
        #expect(Set(pids).count == 3, "\(pids)")
    }

    @Test("crash --json: SIGSEGV in a child, ptt survives; a thread's SIGSEGV takes all 4 threads")
    func crashReport() throws {
        let report = try demoJSON(["crash"])
        #expect(report["lab"] as? String == "crash")
        let a = try #require(report["processCrash"] as? [String: Any])
        let b = try #require(report["threadCrash"] as? [String: Any])
        for key in ["pid", "signal", "parentSurvived"] { #expect(a[key] != nil, "missing processCrash.\(key)") }
        for key in ["pid", "signal", "threadsInProcess", "allDied"] {
            #expect(b[key] != nil, "missing threadCrash.\(key)")
        }
        #expect(a["signal"] as? String == "SIGSEGV" && a["parentSurvived"] as? Bool == true)
        #expect(a["coreDumped"] as? Bool == false)
        #expect(b["signal"] as? String == "SIGSEGV" && b["allDied"] as? Bool == true)
        #expect(b["threadsInProcess"] as? Int == 4)
    }

    @Test("fork --json: two PIDs, and the child's value differs from the parent's unchanged one")
    func forkReport() throws {
        let report = try demoJSON(["fork"])
        for key in ["lab", "parentPid", "childPid", "parentValue", "childValue"] {
            #expect(report[key] != nil, "missing \(key)")
        }
        #expect(report["parentValue"] as? Int == 42 && report["childValue"] as? Int == 99)
        #expect(report["parentPid"] as? Int != report["childPid"] as? Int)
    }

    @Test(
        "bad values exit 2 and name the option",
        arguments: [
            (["demo", "ipc", "--transport", "pigeon"], "--transport"), (["demo", "ipc", "--size", "4"], "--size"),
            (["demo", "ipc", "--size", "2000000"], "--size"), (["demo", "ipc", "--items", "0"], "--items"),
            (["demo", "ipc", "--items", "many"], "--items"), (["demo", "ipc", "--seconds", "0"], "--seconds"),
            (["bench", "ipc", "--bulk-mib", "0"], "--bulk-mib"), (["bench", "ipc", "--items", "0"], "--items"),
        ])
    func badValues(args: [String], option: String) throws {
        let r = try runCommand(pttBinary, args + ["--json"])
        #expect(r.status == 2)
        #expect(r.stderr.contains(option), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test("a child started by anyone but its parent ptt exits at once")
    func childChecksParent() throws {
        let r = try runCommand(pttBinary, ["__child", "sibling", "--parent", "1"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
    }

    @Test("after SIGKILL of ptt in the middle of a long ipc run, neither child is left")
    func sigkillLeavesNoChild() throws {
        let ptt = try startInBackground(pttBinary, ["demo", "ipc", "--items", "1000000000", "--json"])
        var children: [Int32] = []
        let started = within(10) {
            children = childPIDs(of: ptt)
            return children.count == 2
        }
        #expect(started, "no two children: \(children)")
        kill(ptt, SIGKILL)
        var status: Int32 = 0
        while waitpid(ptt, &status, 0) < 0 && errno == EINTR {}
        // PR_SET_PDEATHSIG: the kernel kills them as ptt dies. Reaping them
        // is then their new parent's job (PID 1 here, which takes its time),
        // so a zombie counts as gone.
        let dead = within(2) { children.allSatisfy { [nil, "Z"].contains(processState($0)) } }
        #expect(dead, "still running: \(children.map { "\($0): \(processState($0) ?? "gone")" })")
    }

    @Test("bench ipc --json: six rows, nothing lost, and C numbers beside pipe, socket and shm")
    func benchJSON() throws {
        let r = try runCommand(
            pttBinary, ["bench", "ipc", "--items", "5000", "--bulk-mib", "2", "--repetitions", "1", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let rows = try #require(report["rows"] as? [[String: Any]])
        #expect(
            rows.map { "\($0["transport"] ?? "?") \($0["size"] ?? "?")" } == [
                "pipe 64", "socket 64", "shm 64", "pipe 65536", "socket 65536", "shm 65536",
            ])
        for row in rows {
            #expect(row["lost"] as? Int == 0)
            #expect(row["swiftBytesPerSecond"] is Double)
            for key in ["cBytesPerSecond", "ratio"] { #expect(row.keys.contains(key)) }
        }
        let hasCC = ["/usr/bin/cc", "/usr/local/bin/cc", "/bin/cc"].contains(
            where: FileManager.default.isExecutableFile)
        if hasCC && report["baselinesNote"] is NSNull {
            #expect(rows.prefix(4).allSatisfy { $0["ratio"] is Double }, "\(rows)")
        }
    }

    @Test(
        "ptt demo ipc in a terminal: both PIDs and the counts; k kills the producer and the consumer reads end-of-file",
        .enabled(if: hasTmux, "tmux is not installed"))
    func liveScreen() throws {
        let s = try TmuxSession(command: "\(shellQuote(pttBinary)) demo ipc; echo EXIT=$?; sleep 30")
        let pane = try s.panePID()
        // The lab asks for a prediction first; s skips it and starts the run.
        try s.waitFor("Before it runs, predict")
        try s.sendKeys("s")
        var ptt: Int32 = 0
        var children: [Int32] = []
        #expect(
            within(10) {
                ptt = childPIDs(of: pane).first ?? 0
                children = ptt > 0 ? childPIDs(of: ptt) : []
                return children.count == 2
            })
        /// The number before " sent" or " received" in a box, 0 when there is none.
        func count(_ label: String, _ screen: String) -> Int {
            for line in screen.split(separator: "\n") {
                guard let range = line.range(of: " \(label) ") else { continue }
                let digits = line[..<range.lowerBound].reversed().prefix { $0.isNumber || $0 == "," }
                return Int(String(digits.reversed()).replacingOccurrences(of: ",", with: "")) ?? 0
            }
            return 0
        }
        let screen = try s.waitFor { screen in
            children.allSatisfy { screen.contains("PID \($0)") } && screen.contains("ptt (PID \(ptt))")
                && count("sent", screen) > 0 && count("received", screen) > 0
        }
        #expect(children.allSatisfy { screen.contains("PID \($0)") }, "PIDs \(children) not on screen:\n\(screen)")
        #expect(count("sent", screen) > 0 && count("received", screen) > 0, "no counts:\n\(screen)")
        #expect(screen.contains("ps -o pid,ppid,stat,cmd --ppid \(ptt)"))
        try s.sendKeys("k")
        // The reaction wraps where the terminal ends: compare words, not lines.
        func words(_ screen: String) -> String { screen.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let reaction = try s.waitFor { words($0).contains("read() returned 0 (end of file)") }
        #expect(words(reaction).contains("Reaction: the consumer read what was left"), "\(reaction)")
        try s.sendKeys("q")
        #expect(try s.waitFor("EXIT=").contains("EXIT=0"))
        #expect(children.allSatisfy { processState($0) == nil }, "a child outlived ptt")
    }
}
