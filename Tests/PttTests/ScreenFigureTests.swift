import Curriculum
import Labs
import TerminalUI
import Testing

@testable import ptt

/// Figures on the lab screens that must be true: thread ids, how threads
/// sit on CPUs, the watched run's length.
@Suite("Figures on the lab screens")
struct ScreenFigureTests {
    func counterSnapshot(tids: [Int], cpus: Int = 2, threadCPUs: [Int] = []) -> CounterSnapshot {
        CounterSnapshot(
            kind: .race, perThreadDone: tids.map { _ in 100_000 }, incrementsPerThread: 1_000_000, counter: 150_000,
            expected: tids.count * 1_000_000, elapsed: 1.0, finished: false, cancelled: false, lostSoFar: 50_000,
            cpus: cpus, pinned: !threadCPUs.isEmpty, tids: tids, threadCPUs: threadCPUs)
    }

    @Test("each thread's bar names its kernel TID and its CPU")
    func barsNameTIDs() throws {
        var m = model(try fixtureLibrary())
        _ = m.openLab("race")
        _ = update(&m, .key(.character("s")))
        _ = m.labSays(.progress(counterSnapshot(tids: [4101, 4102], threadCPUs: [0, 1])))
        let text = view(m).text
        #expect(text.contains("TID 4101 cpu0") && text.contains("TID 4102 cpu1"))
    }

    @Test("more threads than CPUs: the screen says how they share the CPUs, not 'one per CPU'")
    func moreThreadsThanCPUs() {
        let text = CounterScreen.placement(threads: 12, cpus: 2, pinned: true)
        #expect(!text.contains("one per CPU"))
        #expect(text.contains("round-robin") && text.contains("up to 6 share each CPU"))
        #expect(CounterScreen.placement(threads: 2, cpus: 4, pinned: true).contains("one per CPU"))
        #expect(CounterScreen.placement(threads: 3, cpus: 2, pinned: false).contains("not pinned"))
    }

    @Test("s mid-run changes the next runs, not the label of the run on screen")
    func speedMidRunKeepsTheLabel() throws {
        var m = model(try fixtureLibrary())
        _ = m.openLab("race")
        _ = update(&m, .key(.character("s")))
        _ = m.labSays(.progress(counterSnapshot(tids: [1, 2])))
        #expect(view(m).text.contains("about 3.0 s"))
        _ = update(&m, .key(.character("s")))
        let text = view(m).text
        #expect(text.contains("about 3.0 s") && !text.contains("about 10.0 s"))
        #expect(m.counter?.seconds == 10)
    }

    @Test("the crash lab never splits a TID from its thread name at 80×24", arguments: [103, 1_234_567, 4_194_000])
    func crashKeepsTIDWithName(base: Int) throws {
        let threads = (0..<6).map { i in
            "{\"tid\":\(base + i),\"name\":\"\(i == 0 ? "ptt-threads" : "worker-\(i - 1)")\"}"
        }
        let crash = decode(
            ThreadCrash.self,
            """
            {"pid":\(base),"signal":"SIGSEGV","signalNumber":11,"coreDumped":false,"status":11,"shellStatus":139,
             "exit":"killed by SIGSEGV (signal 11), no core dump","threadsInProcess":6,
             "threads":[\(threads.joined(separator: ","))],"crashedThread":\(base + 1),"allDied":true}
            """)
        var m = model(try fixtureLibrary())
        _ = m.openLab("crash")
        _ = update(&m, .key(.character("s")))
        _ = update(&m, .key(.character("s")))
        _ = m.labSays(.finished(CrashReport(processCrash: ProcessCrashFixture.make(), threadCrash: crash)))
        let lines = view(m).text.split(separator: "\n")
        for i in 0..<6 {
            let name = i == 0 ? "ptt-threads" : "worker-\(i - 1)"
            #expect(lines.contains { $0.contains("\(base + i) \(name)") }, "TID \(base + i) beside \(name)")
        }
    }

    @Test("a lab reached with l (race → locked) counts as locked in progress, each run that gave a result once")
    func labsReachedWithLCount() throws {
        var m = model(try fixtureLibrary())
        _ = m.openLab("race")
        func finishRun(_ kind: CounterKind) {
            let report = CounterReport(
                lab: kind, threads: 2, incrementsPerThread: 1_000_000, expected: 2_000_000, final: 2_000_000, lost: 0,
                seconds: 1, nsPerIncrement: 1, cpus: 2, pinned: true, cancelled: false, pacedSeconds: nil)
            _ = m.labSays(.finished(report))  // the watched run
            _ = m.labSays(.finished(report))  // the full-speed run
        }
        _ = update(&m, .key(.character("s")))
        finishRun(.race)
        #expect(m.progress.labs["race"]?.runs == 1)
        _ = update(&m, .key(.character("l")))
        #expect(m.counter?.kind == .locked)
        #expect(m.progress.labs["locked"] == nil, "opening it is not a run")
        _ = update(&m, .key(.character("s")))
        finishRun(.locked)
        #expect(m.progress.labs["locked"]?.runs == 1 && m.progress.labs["race"]?.runs == 1)
    }
}
