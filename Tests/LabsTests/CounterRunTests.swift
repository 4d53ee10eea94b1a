import Foundation
import Labs
import Testing

/// These tests start real threads; they run one at a time so that one test's
/// threads do not take the CPUs another test's race needs.
@Suite("Counter runs on real threads", .serialized)
struct CounterRunTests {
    static let cpus = OSThreadGroup.allowedCPUCount

    @Test(
        "race loses updates with two threads on two cores",
        .enabled(
            if: cpus >= 2,
            "the race needs two CPUs to run at once, and this process may use only one"))
    func raceLosesUpdates() throws {
        let config = CounterConfig(kind: .race, threads: 2, incrementsPerThread: 1_000_000)
        var reports: [CounterReport] = []
        // One run may lose nothing when the threads happen not to overlap.
        for _ in 0..<10 {
            let report = try CounterRun.run(config)
            reports.append(report)
            #expect(report.final + report.lost == report.expected)
            #expect(report.final <= report.expected)
            if report.lost > 0 { break }
        }
        #expect(reports.contains { $0.lost > 0 }, "no update lost in \(reports.count) runs: \(reports)")
        #expect(reports.allSatisfy { $0.pinned && $0.cpus >= 2 })
    }

    @Test("locked and atomic never lose an update with four threads", arguments: [CounterKind.locked, .atomic])
    func exactKinds(kind: CounterKind) throws {
        let report = try CounterRun.run(CounterConfig(kind: kind, threads: 4, incrementsPerThread: 250_000))
        #expect(report.final == 1_000_000)
        #expect(report.expected == 1_000_000)
        #expect(report.lost == 0)
        #expect(!report.cancelled)
        #expect(report.lab == kind)
    }

    @Test("locked and atomic stay exact with 64 threads on a few CPUs", arguments: [CounterKind.locked, .atomic])
    func manyThreads(kind: CounterKind) throws {
        let report = try CounterRun.run(CounterConfig(kind: kind, threads: 64, incrementsPerThread: 5_000))
        #expect(report.final == 320_000 && report.lost == 0)
    }

    @Test("one thread loses nothing even when racing")
    func singleThreadRace() throws {
        let report = try CounterRun.run(CounterConfig(kind: .race, threads: 1, incrementsPerThread: 100_000))
        #expect(report.final == 100_000 && report.lost == 0)
    }

    @Test("the report carries every DESIGN key and final + lost == expected")
    func reportKeys() throws {
        let report = try CounterRun.run(CounterConfig(kind: .race, threads: 2, incrementsPerThread: 10_000))
        let data = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in [
            "lab", "threads", "incrementsPerThread", "expected", "final", "lost", "seconds",
            "nsPerIncrement", "cpus", "pinned", "cancelled",
        ] {
            #expect(object[key] != nil, "missing key \(key) in \(String(decoding: data, as: UTF8.self))")
        }
        #expect(object["lab"] as? String == "race")
        let final = try #require(object["final"] as? Int)
        let lost = try #require(object["lost"] as? Int)
        let expected = try #require(object["expected"] as? Int)
        #expect(final + lost == expected)
        #expect(expected == 20_000)
        let seconds = try #require(object["seconds"] as? Double)
        let ns = try #require(object["nsPerIncrement"] as? Double)
        #expect(abs(ns - seconds * 1e9 / 20_000) <= 1e-6 * max(1, ns))
        #expect(object["pacedSeconds"] == nil)
        #expect(try JSONDecoder().decode(CounterReport.self, from: data) == report)
    }

    @Test("cancel stops a run of a billion increments quickly and says so", arguments: CounterKind.allCases)
    func cancelStopsQuickly(kind: CounterKind) throws {
        try cancelStops(kind: kind, threads: 2)
        try cancelStops(kind: kind, threads: 64)
    }

    func cancelStops(kind: CounterKind, threads: Int) throws {
        let run = try CounterRun.start(
            CounterConfig(kind: kind, threads: threads, incrementsPerThread: 1_000_000_000))
        while run.snapshot.done == 0 { MonotonicClock.sleep(nanoseconds: 1_000_000) }
        let asked = MonotonicClock.now()
        run.cancel()
        let report = run.wait()
        let latency = MonotonicClock.seconds(from: asked, to: MonotonicClock.now())
        #expect(latency < 1.0, "\(threads) threads took \(latency) s to stop")
        #expect(report.cancelled)
        #expect(report.expected < threads * 1_000_000_000)
        #expect(report.final + report.lost == report.expected)
        #expect(run.snapshot.finished && run.snapshot.cancelled)
        if kind != .race { #expect(report.lost == 0) }
    }

    @Test("each thread's TID is a real entry of /proc/self/task, one per thread, all different")
    func threadIDsAreReal() throws {
        let run = try CounterRun.start(
            CounterConfig(kind: .atomic, threads: 5, incrementsPerThread: 1_000_000_000))
        defer {
            run.cancel()
            _ = run.wait()
        }
        while run.snapshot.tids.contains(0) || run.snapshot.done == 0 { MonotonicClock.sleep(nanoseconds: 1_000_000) }
        let tids = run.snapshot.tids
        let tasks = Set(try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").compactMap { Int($0) })
        #expect(tids.count == 5 && Set(tids).count == 5)
        for tid in tids { #expect(tasks.contains(tid), "TID \(tid) in /proc/self/task") }
        if run.snapshot.pinned { #expect(run.snapshot.threadCPUs.count == 5) }
    }

    @Test("a run dropped while running is cancelled and joined")
    func droppingCancels() throws {
        var run: CounterRun? = try CounterRun.start(
            CounterConfig(kind: .atomic, threads: 2, incrementsPerThread: 1_000_000_000))
        #expect(run?.report == nil)
        let t0 = MonotonicClock.now()
        run = nil
        #expect(MonotonicClock.seconds(from: t0, to: MonotonicClock.now()) < 1.0)
    }

    @Test("a paced run takes about the time it was given")
    func pacedRunTakesItsTime() throws {
        let config = CounterConfig(
            kind: .atomic, threads: 2, incrementsPerThread: 200_000, pacing: .paced(seconds: 0.5))
        let t0 = MonotonicClock.now()
        let report = try CounterRun.run(config)
        let wall = MonotonicClock.seconds(from: t0, to: MonotonicClock.now())
        #expect(wall >= 0.4)
        #expect(report.seconds >= 0.4)
        #expect(report.final == 400_000 && report.lost == 0)
        #expect(report.pacedSeconds == 0.5)
    }

    @Test("snapshots of a paced run show progress growing until it finishes", arguments: CounterKind.allCases)
    func pacedSnapshotsGrow(kind: CounterKind) throws {
        let run = try CounterRun.start(
            CounterConfig(kind: kind, threads: 2, incrementsPerThread: 300_000, pacing: .paced(seconds: 0.6)))
        var samples: [CounterSnapshot] = []
        while true {
            let snapshot = run.snapshot
            samples.append(snapshot)
            if snapshot.finished { break }
            MonotonicClock.sleep(nanoseconds: 33_000_000)
        }
        let report = run.wait()
        let done = samples.map(\.done)
        #expect(zip(done, done.dropFirst()).allSatisfy { $0 <= $1 }, "progress went backwards: \(done)")
        #expect(Set(done).count >= 5, "too few distinct progress values: \(done)")
        #expect(samples.allSatisfy { $0.perThreadDone.count == 2 && $0.expected == 600_000 })
        #expect(samples.last?.done == 600_000)
        #expect(samples.last?.lostSoFar == report.lost)
        #expect(samples.last?.counter == report.final)
        let elapsed = samples.map(\.elapsed)
        #expect(zip(elapsed, elapsed.dropFirst()).allSatisfy { $0 <= $1 + 1e-9 })
        if kind != .race { #expect(samples.allSatisfy { $0.lostSoFar == 0 }) }
    }

    @Test("elapsed time never goes backwards, across the moment the run finishes", arguments: CounterKind.allCases)
    func elapsedIsMonotonic(kind: CounterKind) throws {
        // Sampled as fast as possible, so a sample lands just before the
        // report is posted: the finished time must not be less than it.
        for _ in 0..<5 {
            let run = try CounterRun.start(CounterConfig(kind: kind, threads: 2, incrementsPerThread: 200_000))
            var previous = 0.0
            var backwards: [(Double, Double)] = []
            var finishedSamples = 0
            while finishedSamples < 3 {
                let snapshot = run.snapshot
                if snapshot.elapsed < previous { backwards.append((previous, snapshot.elapsed)) }
                previous = max(previous, snapshot.elapsed)
                if snapshot.finished { finishedSamples += 1 }
            }
            let report = run.wait()
            #expect(backwards.isEmpty, "elapsed went backwards (from, to): \(backwards)")
            #expect(run.snapshot.elapsed >= report.seconds)
            #expect(run.snapshot.elapsed == previous, "a finished run's elapsed time must stay put")
        }
    }

    @Test("the bench returns one report per kind and thread count")
    func bench() throws {
        let reports = try CounterBench.run(threadCounts: [1, 2], incrementsPerThread: 10_000, repetitions: 1)
        #expect(reports.map(\.lab) == [.race, .race, .locked, .locked, .atomic, .atomic])
        #expect(reports.map(\.threads) == [1, 2, 1, 2, 1, 2])
        #expect(reports.allSatisfy { $0.final + $0.lost == $0.expected && !$0.cancelled })
        #expect(reports.filter { $0.lab != .race }.allSatisfy { $0.lost == 0 })
    }

    @Test("start rejects a bad config before creating any thread")
    func startValidates() {
        #expect(throws: LabConfigError.self) {
            try CounterRun.start(CounterConfig(kind: .race, threads: 0))
        }
    }
}
