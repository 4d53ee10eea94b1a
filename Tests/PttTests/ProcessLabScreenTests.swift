import Curriculum
import Foundation
import Labs
import TerminalUI
import Testing

@testable import ptt

/// The process lab screens driven by messages, without processes: the loop's
/// part (starting children, sampling them) is replaced by what it would send.
@Suite("Process lab screens")
struct ProcessLabScreenTests {
    func ipcModel() throws -> AppModel {
        var m = model(try fixtureLibrary())
        _ = m.openLab("ipc")
        _ = update(&m, .key(.character("s")))  // skip the prediction
        return m
    }

    func side(
        _ pid: Int32, _ count: Int, state: String? = "R", channel: String? = nil, phase: IPCSidePhase = .running,
        exit: WaitStatus? = nil
    ) -> IPCSideSnapshot {
        IPCSideSnapshot(pid: pid, phase: phase, count: count, processState: state, waitChannel: channel, exit: exit)
    }

    func snapshot(
        produced: Int, consumed: Int, time: UInt64, producer: IPCSideSnapshot? = nil, consumer: IPCSideSnapshot? = nil,
        transport: IPCTransport = .pipe, finished: Bool = false
    ) -> IPCSnapshot {
        IPCSnapshot(
            config: IPCConfig(transport: transport, items: 100_000_000, maxSeconds: 5), parentPid: 4242,
            producer: producer ?? side(4244, produced),
            consumer: consumer
                ?? side(
                    4243, consumed, state: "S",
                    channel: "pipe_read"),
            outOfOrder: 0, capacity: transport == .socket ? nil : 1024, elapsed: 1.5, time: time, paused: false,
            delayNanos: 0, finished: finished)
    }

    @Test("the ipc lab asks for a prediction, then starts its two children and ticks while they run")
    func opensAndStarts() throws {
        var m = model(try fixtureLibrary())
        #expect(started(m.openLab("ipc")).isEmpty)
        #expect(m.route == .ipc && !m.needsTicks)
        let effects = update(&m, .key(.character("s")))
        #expect(
            started(effects) == [
                String(describing: IPCConfig(transport: .pipe, items: 100_000_000, itemSize: 64, maxSeconds: 5))
            ])
        #expect(m.needsTicks)
        #expect(view(m).text.contains("starting the children"))
    }

    @Test("the running ipc lab shows both PIDs, the channel's fill and items per second on each side")
    func runningScreen() throws {
        var m = try ipcModel()
        _ = m.labSays(.progress(snapshot(produced: 1_000_000, consumed: 999_488, time: 1_000_000_000)))
        _ = m.labSays(.progress(snapshot(produced: 1_500_000, consumed: 1_499_488, time: 1_500_000_000)))
        try assertSnapshot(view(m), named: "ipc-running-80x24")
        let screen = view(m).text
        #expect(screen.contains("ptt (PID 4242)"))
        #expect(screen.contains("PID 4244") && screen.contains("PID 4243"))
        #expect(screen.contains("512 of 1,024") && screen.contains("items in flight"))
        #expect(screen.contains("1.00 M items/s"))
        #expect(screen.contains("1,500,000 sent") && screen.contains("1,499,488 received"))
        #expect(screen.contains("state S pipe_read"))
        #expect(screen.contains("ps -o pid,ppid,stat,cmd --ppid 4242"))
        #expect(screen.contains("ls -l /proc/4244/fd /proc/4243/fd"))
    }

    @Test("p pauses and resumes the producer, s slows it, k kills it; each says what it did")
    func controls() throws {
        var m = try ipcModel()
        _ = m.labSays(.progress(snapshot(produced: 10, consumed: 5, time: 1)))
        #expect(controlsSent(update(&m, .key(.character("p")))) == [String(describing: IPCControl.pause)])
        #expect(m.notice == "producer stopped (SIGSTOP)")
        #expect(view(m).text.contains("Paused:"))
        #expect(controlsSent(update(&m, .key(.character("p")))) == [String(describing: IPCControl.resume)])
        #expect(controlsSent(update(&m, .key(.character("s")))) == [String(describing: IPCControl.delay(100_000))])
        #expect(m.notice == "producer: 10,000 items/s")
        #expect(controlsSent(update(&m, .key(.character("K")))) == [String(describing: IPCControl.kill(.consumer))])
        #expect(m.notice == "sent SIGKILL to the consumer")
        #expect(update(&m, .key(.character("k"))).isEmpty, "one side is killed at most")
    }

    static let reactionCases: [(IPCTransport, IPCSide, IPCSidePhase, Int32?, String)] = [
        (.pipe, .producer, .endOfFile, nil, "read() returned 0"),
        (.pipe, .consumer, .running, 13, "raised SIGPIPE"),
        (.socket, .consumer, .connectionReset, nil, "ECONNRESET"),
        (.shm, .producer, .peerGone, nil, "shared memory has no end-of-file"),
        (.shm, .producer, .running, nil, "still waiting"),
    ]

    @Test("after a kill the surviving side's reaction is explained in one line", arguments: reactionCases)
    func reactions(transport: IPCTransport, killed: IPCSide, phase: IPCSidePhase, signal: Int32?, text: String) throws {
        var m = try ipcModel()
        m.ipc?.transport = transport
        _ = m.labSays(.progress(snapshot(produced: 10, consumed: 5, time: 1, transport: transport)))
        _ = update(&m, .key(.character(killed == .producer ? "k" : "K")))
        let survivor = side(
            killed == .producer ? 4243 : 4244, 5, state: nil, phase: phase, exit: signal.map { WaitStatus(raw: $0) })
        let dead = side(killed == .producer ? 4244 : 4243, 10, state: nil, exit: WaitStatus(raw: 9))
        _ = m.labSays(
            .progress(
                snapshot(
                    produced: 10, consumed: 5, time: 2, producer: killed == .producer ? dead : survivor,
                    consumer: killed == .producer ? survivor : dead, transport: transport)))
        let shown = view(m).text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(shown.contains("Reaction:"))
        #expect(shown.contains(text), "\(shown)")
    }

    @Test(
        "t switches the transport and runs again; z changes the item size (and asks again); q stops the children and leaves"
    )
    func switching() throws {
        var m = try ipcModel()
        _ = m.labSays(.progress(snapshot(produced: 10, consumed: 5, time: 1)))
        let next = update(&m, .key(.character("t")))
        #expect(stops(next) == 1)
        #expect(
            started(next) == [
                String(describing: IPCConfig(transport: .socket, items: 100_000_000, itemSize: 64, maxSeconds: 5))
            ])
        #expect(m.ipc?.phase == .starting)
        // Another item size is another prediction: z asks again, s skips and runs.
        let resized = update(&m, .key(.character("z")))
        #expect(stops(resized) == 1 && started(resized).isEmpty)
        let effects = update(&m, .key(.character("s")))
        #expect(
            started(effects).last
                == String(describing: IPCConfig(transport: .socket, items: 100_000_000, itemSize: 4096, maxSeconds: 5)))
        let leaving = update(&m, .key(.character("q")))
        #expect(stops(leaving) == 1 && leaving.count == 1)
        #expect(m.route == .home)
        #expect(m.ipc == nil)
    }

    @Test("the in-flight figure is never shown above the channel's capacity, and is labelled at 80 columns")
    func inFlightAtMostCapacity() throws {
        var m = try ipcModel()
        _ = m.labSays(.progress(snapshot(produced: 2_036, consumed: 1_000, time: 1)))
        let screen = view(m).text
        #expect(screen.contains("1,024 of 1,024") && screen.contains("items in flight"))
        #expect(!screen.contains("1,036"))
        #expect(!screen.contains("in flig\u{20}") && !screen.contains("in flig│"))
    }

    @Test("a paused producer does not read \"at full speed\"")
    func pausedIsNotFullSpeed() throws {
        var m = try ipcModel()
        _ = m.labSays(.progress(snapshot(produced: 10, consumed: 5, time: 1)))
        _ = update(&m, .key(.character("p")))
        #expect(m.ipc?.paused == true)
        let screen = view(m).text
        #expect(
            screen.contains("out of sequence 0 · producer paused") && !screen.contains("at full speed"), "\(screen)")
    }

    @Test("a finished run gives its rate, and undisturbed runs are compared across transports")
    func finished() throws {
        var m = try ipcModel()
        _ = m.labSays(.progress(snapshot(produced: 10, consumed: 5, time: 1)))
        let report = IPCReport(
            transport: .pipe, items: 1_000_000, size: 64, produced: 1_000_000, consumed: 1_000_000, lost: 0,
            outOfOrder: 0, parentPid: 4242, producerPid: 4244, consumerPid: 4243, seconds: 0.8, completed: true,
            producerEnded: "finished", consumerEnded: "finished", producerExit: "exited with code 0",
            consumerExit: "exited with code 0")
        _ = m.labSays(.finished(report))
        #expect(!m.needsTicks)
        let screen = view(m).text
        #expect(screen.contains("Done: 1,000,000 items in 0.80 s = 1.25 M items/s, 80.0 MB/s"))
        #expect(screen.contains("So far (each transport's last full run): pipe 1.25 M items/s with 64 B items"))
    }

    @Test("a process lab that cannot start says why on its own screen")
    func failure() throws {
        var m = try ipcModel()
        _ = m.labSays(.failed("posix_spawn failed: EAGAIN (Resource temporarily unavailable)"))
        #expect(view(m).text.contains("could not run: posix_spawn failed: EAGAIN"))
        #expect(!m.needsTicks)
    }

    static let crashReport = CrashReport(
        processCrash: ProcessCrashFixture.make(), threadCrash: ThreadCrashFixture.make())

    @Test("the crash lab shows the decoded status, the surviving sibling and a thread crash that took all threads")
    func crashScreen() throws {
        var m = model(try fixtureLibrary())
        #expect(started(m.openLab("crash")).isEmpty)
        #expect(started(update(&m, .key(.character("s")))).isEmpty, "one skip per question")
        #expect(started(update(&m, .key(.character("s")))) == ["crash"])
        #expect(m.needsTicks)
        _ = m.labSays(.finished(Self.crashReport))
        #expect(!m.needsTicks)
        try assertSnapshot(view(m), named: "crash-finished-80x24")
        let screen = view(m).text
        #expect(screen.contains("status 0x000b = killed by SIGSEGV, no core dump"))
        #expect(screen.contains("PID 101, the sibling: ✓ kept beating (+5)"))
        #expect(screen.contains("$? = 139"))
        #expect(screen.contains("✓ all 4 threads died with it"))
        #expect(started(update(&m, .key(.character("r")))) == ["crash"])
    }

    @Test("the fork lab shows both PIDs and both values at one address")
    func forkScreen() throws {
        var m = model(try fixtureLibrary())
        m.stack = []
        #expect(started(m.openLab("fork")).isEmpty)
        #expect(started(update(&m, .key(.character("s")))) == ["fork"])
        let report = ForkReport(
            parentPid: 100, childPid: 101, initialValue: 42, parentValue: 42, childValue: 99,
            parentAddress: 0x55aa_0000_1000, childAddress: 0x55aa_0000_1000, childExit: "exited with code 0")
        _ = m.labSays(.finished(report))
        let screen = view(m).text
        #expect(screen.contains("PID 100") && screen.contains("PID 101"))
        #expect(screen.contains("value = 42  unchanged") && screen.contains("value = 99"))
        #expect(screen.components(separatedBy: "at 0x55aa00001000").count == 4)  // code line + two boxes
        #expect(update(&m, .key(.character("q"))) == [.quit])
    }
}

/// Reports as the crash lab makes them, for the screen tests.
enum ProcessCrashFixture {
    static func make() -> ProcessCrash {
        decode(
            ProcessCrash.self,
            """
            {"pid":102,"signal":"SIGSEGV","signalNumber":11,"coreDumped":false,"status":11,"shellStatus":139,
             "exit":"killed by SIGSEGV (signal 11), no core dump","parentPid":100,"parentSurvived":true,
             "siblingPid":101,"siblingSurvived":true,"siblingBeatsAfterCrash":5,"siblingExit":"exited with code 0"}
            """)
    }
}

enum ThreadCrashFixture {
    static func make() -> ThreadCrash {
        decode(
            ThreadCrash.self,
            """
            {"pid":103,"signal":"SIGSEGV","signalNumber":11,"coreDumped":false,"status":11,"shellStatus":139,
             "exit":"killed by SIGSEGV (signal 11), no core dump","threadsInProcess":4,
             "threads":[{"tid":103,"name":"ptt-threads"},{"tid":104,"name":"worker-0"},{"tid":105,"name":"worker-1"},
                        {"tid":106,"name":"worker-2"}],
             "crashedThread":104,"allDied":true}
            """)
    }
}

func decode<T: Decodable>(_ type: T.Type, _ json: String) -> T {
    try! JSONDecoder().decode(type, from: json.data(using: .utf8)!)
}
