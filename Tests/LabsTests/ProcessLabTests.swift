import Foundation
import Labs
import Testing

/// The built `ptt`, beside this test bundle: the labs start it as their children.
let pttExecutable: ChildExecutable = {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return ChildExecutable(
        path: URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("ptt").path)
}()

/// Whether `pid` has been reaped: no /proc entry (a zombie would still have one).
func isReaped(_ pid: Int32) -> Bool { ProcFiles.state(of: pid) == nil }

/// Polls `condition` every 5 ms for up to `seconds`; true if it came true.
func eventually(within seconds: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while !condition() {
        if Date() > deadline { return false }
        Thread.sleep(forTimeInterval: 0.005)
    }
    return true
}

/// These tests start real processes (ptt's `__child` roles); one at a time,
/// so that throughput-bound children do not starve each other's CPUs.
@Suite("Process labs on real processes", .serialized)
struct ProcessLabTests {
    @Test(
        "every transport delivers 200,000 items in order, none lost, between three distinct PIDs, all reaped",
        arguments: IPCTransport.allCases)
    func delivers(transport: IPCTransport) throws {
        let report = try IPCRun.run(IPCConfig(transport: transport, items: 200_000), executable: pttExecutable)
        #expect(report.produced == 200_000)
        #expect(report.consumed == 200_000)
        #expect(report.lost == 0)
        #expect(report.outOfOrder == 0)
        #expect(report.completed)
        #expect(report.producerEnded == "finished" && report.consumerEnded == "finished")
        #expect(report.producerExit == "exited with code 0" && report.consumerExit == "exited with code 0")
        #expect(Set([report.parentPid, report.producerPid, report.consumerPid]).count == 3)
        #expect(report.parentPid == getpid())
        #expect(report.itemsPerSecond > 0 && report.bytesPerSecond == report.itemsPerSecond * 64)
        #expect(isReaped(report.producerPid) && isReaped(report.consumerPid), "a child is left as a zombie")
    }

    @Test("odd and big item sizes cross every transport intact", arguments: IPCTransport.allCases)
    func sizes(transport: IPCTransport) throws {
        for size in [8, 100, 65536] {
            let report = try IPCRun.run(
                IPCConfig(transport: transport, items: 2_000, itemSize: size), executable: pttExecutable)
            #expect(report.completed, "\(transport) at \(size) B: \(report)")
            #expect(report.consumed == 2_000)
        }
    }

    @Test("a live run: both PIDs, counts that grow, a paused producer in state T and an empty channel")
    func pauseShowsStoppedProducer() throws {
        let run = try IPCRun.start(
            IPCConfig(transport: .pipe, items: 1_000_000_000, maxSeconds: 30), executable: pttExecutable)
        defer { run.stop() }
        #expect(eventually { run.snapshot.consumer.count > 1000 })
        let snap = run.snapshot
        #expect(snap.parentPid == getpid())
        #expect(snap.producer.pid == run.producer.pid && snap.consumer.pid == run.consumer.pid)
        #expect(snap.capacity == 1024, "a 64 KiB pipe holds 1,024 items of 64 bytes")
        run.pause()
        #expect(eventually { run.snapshot.producer.processState == "T" })
        // The consumer empties the channel and then blocks in read().
        #expect(
            eventually {
                let s = run.snapshot
                return s.inFlight == 0 && s.consumer.processState == "S"
            })
        let stalled = run.snapshot.consumer.count
        Thread.sleep(forTimeInterval: 0.05)
        #expect(run.snapshot.consumer.count == stalled)
        run.resume()
        #expect(eventually { run.snapshot.consumer.count > stalled })
        #expect(run.snapshot.paused == false)
        let report = run.stop()
        #expect(report.producerExit.contains("SIGKILL") && report.consumerExit.contains("SIGKILL"))
        #expect(!report.completed)
        #expect(isReaped(report.producerPid) && isReaped(report.consumerPid))
    }

    @Test(
        "the items in flight are never above what the channel holds (pipe and shm, 64 B and 4 KiB items)",
        arguments: [(IPCTransport.pipe, 64), (.pipe, 4096), (.shm, 64), (.shm, 4096)])
    func inFlightNeverAboveCapacity(transport: IPCTransport, size: Int) throws {
        let run = try IPCRun.start(
            IPCConfig(transport: transport, items: 1_000_000_000, itemSize: size, maxSeconds: 30),
            executable: pttExecutable)
        defer { run.stop() }
        #expect(eventually { run.snapshot.consumer.count > 100 })
        let capacity = try #require(run.snapshot.capacity)
        var worst = 0
        for _ in 0..<400 {
            let s = run.snapshot
            worst = max(worst, s.inFlight)
            #expect(s.inFlight <= capacity, "\(s.inFlight) of \(capacity) in flight")
            if s.inFlight > capacity { break }
        }
        #expect(worst >= 0)
    }

    @Test("a slowed producer sends about as fast as asked")
    func slowedProducer() throws {
        let run = try IPCRun.start(
            IPCConfig(transport: .socket, items: 1_000_000_000, maxSeconds: 30), executable: pttExecutable)
        defer { run.stop() }
        run.setDelay(nanoseconds: 10_000_000)  // 100 items/s at most
        #expect(eventually { run.snapshot.producer.count > 0 })
        let before = run.snapshot.producer.count
        Thread.sleep(forTimeInterval: 0.3)
        let sent = run.snapshot.producer.count - before
        #expect(sent <= 40, "sent \(sent) items in 0.3 s at 100 items/s")
    }

    @Test("a killed producer: over a pipe the consumer reads end-of-file, nothing it received is lost")
    func producerKilledPipe() throws {
        let report = try killMidRun(.pipe, .producer)
        #expect(report.consumerEnded == "end of file", "\(report)")
        #expect(report.consumerExit == "exited with code 3")
        #expect(report.producerExit.contains("SIGKILL"))
        #expect(report.lost == 0 && report.consumed == report.produced, "\(report)")
    }

    @Test("a killed consumer: over a pipe the producer's next write raises SIGPIPE")
    func consumerKilledPipe() throws {
        let report = try killMidRun(.pipe, .consumer)
        #expect(report.producerExit.contains("SIGPIPE"), "\(report)")
        #expect(report.consumerExit.contains("SIGKILL"))
    }

    @Test("a killed consumer: over a socket the producer's write fails (SIGPIPE, EPIPE or ECONNRESET)")
    func consumerKilledSocket() throws {
        let report = try killMidRun(.socket, .consumer)
        #expect(
            report.producerExit.contains("SIGPIPE")
                || ["broken pipe", "connection reset"].contains(report.producerEnded),
            "\(report)")
    }

    @Test("a killed producer: shared memory has no end-of-file, the consumer gives up after its timeout")
    func producerKilledShm() throws {
        let t0 = Date()
        let report = try killMidRun(.shm, .producer)
        #expect(report.consumerEnded == "peer gone", "\(report)")
        #expect(report.consumerExit == "exited with code 3")
        #expect(Date().timeIntervalSince(t0) < IPCRun.graceSeconds, "the consumer noticed by itself")
    }

    /// Starts a long run, kills `side` once items flow, and waits for the end.
    func killMidRun(_ transport: IPCTransport, _ side: IPCSide) throws -> IPCReport {
        let run = try IPCRun.start(
            IPCConfig(transport: transport, items: 1_000_000_000, maxSeconds: 30), executable: pttExecutable)
        #expect(eventually { run.snapshot.consumer.count > 1000 })
        run.kill(side)
        let report = run.wait()
        #expect(isReaped(report.producerPid) && isReaped(report.consumerPid))
        return report
    }

    @Test("dropping a running lab kills and reaps both children")
    func dropKillsChildren() throws {
        var run: IPCRun? = try IPCRun.start(
            IPCConfig(transport: .shm, items: 1_000_000_000, maxSeconds: 30), executable: pttExecutable)
        let pids = [run!.producer.pid, run!.consumer.pid]
        #expect(eventually { run!.snapshot.consumer.count > 0 })
        run = nil
        #expect(pids.allSatisfy(isReaped))
    }

    @Test("the crash lab: a SIGSEGV without a core file, the sibling and ptt live on, a thread's crash kills all 4")
    func crash() throws {
        let dir = FileManager.default.currentDirectoryPath
        let coresBefore = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("core") }
        let report = try CrashLab.run(executable: pttExecutable)
        let a = report.processCrash
        #expect(a.signal == "SIGSEGV" && a.signalNumber == 11)
        #expect(!a.coreDumped)
        #expect(a.status == 11 && a.shellStatus == 139)
        #expect(a.parentSurvived && a.parentPid == getpid())
        #expect(a.siblingSurvived && a.siblingBeatsAfterCrash > 0)
        #expect(a.siblingExit == "exited with code 0")
        let b = report.threadCrash
        #expect(b.signal == "SIGSEGV" && !b.coreDumped)
        // The thread sanitizer's runtime adds a background thread to every process.
        #expect(b.threadsInProcess == CrashLab.threads + (underThreadSanitizer ? 1 : 0))
        #expect(b.threads.contains { $0.tid == b.crashedThread && $0.name == "worker-0" })
        #expect(b.allDied)
        #expect([a.pid, a.siblingPid, b.pid].allSatisfy(isReaped))
        let coresAfter = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("core") }
        #expect(coresAfter == coresBefore, "a core file was written")
    }

    @Test("fork: the child's copy changes, the parent's does not, at the same address")
    func fork() throws {
        let report = try ForkLab.run()
        #expect(report.parentValue == ForkLab.initialValue)
        #expect(report.childValue == ForkLab.childValue)
        #expect(report.parentValue != report.childValue)
        #expect(report.parentAddress == report.childAddress)
        #expect(report.parentPid == getpid() && report.childPid != report.parentPid)
        #expect(report.childExit == "exited with code 0")
        #expect(isReaped(report.childPid))
    }

    @Test("a bad config names its field")
    func badConfig() {
        #expect(throws: LabConfigError(field: "itemSize", allowed: "between 8 and 1048576", value: "4")) {
            try IPCConfig(itemSize: 4).validate()
        }
        #expect(throws: LabConfigError.self) { try IPCConfig(items: 0).validate() }
    }

    @Test("the ring has 1,024 slots for 64-byte items, as shm.c, and stays within 4 MiB for big ones")
    func ringSize() {
        #expect(IPCConfig(itemSize: 64).ringSlots == 1024)
        #expect(IPCConfig(itemSize: 100).slotStride == 128)
        #expect(IPCConfig(itemSize: 65536).ringSlots == 64)
        #expect(IPCConfig(itemSize: 1 << 20).ringSlots == 4)
    }
}

@Suite("Exit status")
struct ExitStatusTests {
    @Test("a status word decodes as the wait macros do")
    func decoding() {
        let segv = WaitStatus(raw: 0x000b)
        #expect(segv.signal == 11 && segv.exitCode == nil && !segv.coreDumped)
        #expect(segv.description == "killed by SIGSEGV (signal 11), no core dump")
        #expect(segv.shellStatus == 139 && segv.brief == "SIGSEGV")
        #expect(WaitStatus(raw: 0x008b).coreDumped)
        let one = WaitStatus(raw: 0x0100)
        #expect(one.exitCode == 1 && one.signal == nil && one.description == "exited with code 1")
        #expect(WaitStatus(raw: 0).brief == "exit 0")
        #expect(SignalName.of(SIGPIPE) == "SIGPIPE" && SignalName.of(99) == "signal 99")
    }
}
