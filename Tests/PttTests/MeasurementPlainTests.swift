import Foundation
import Labs
import TerminalUI
import Testing

@testable import ptt

/// The built `ptt` beside this test bundle: the measurement labs start it as their children.
let pttChild: ChildExecutable = {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return ChildExecutable(
        path: URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("ptt").path)
}()

/// `value` through JSONEncoder and JSONDecoder.
func jsonRoundTrip<T: Codable>(_ value: T) throws -> T {
    try JSONDecoder().decode(T.self, from: try JSONEncoder().encode(value))
}

/// Whether `line` has an escape, another control character, or box-drawing or block characters.
func isUnplain(_ line: String) -> Bool {
    line.unicodeScalars.contains { s in
        (s.value < 0x20 && s != "\t") || s.value == 0x7F || (0x2500...0x259F).contains(s.value)
            || (0x2800...0x28FF).contains(s.value)
    }
}

/// One real run as `--plain` tells it: every output, the lines its payload
/// types give (as `PlainRun` does), and the last value it sent.
struct ToldRun {
    var outputs: [any Sendable] = []
    var lines: [String] = []
    var finished: (any Sendable)?

    init(_ start: LabStart, lab: String) throws {
        let payloads = try #require(LabRegistry.standard.entry(named: lab)).payloads
        let running = try start.make(pttChild)
        defer { running.stop() }
        var previous: [String: any Sendable] = [:]
        let deadline = Date().addingTimeInterval(120)
        while finished == nil {
            for output in running.sample() {
                switch output {
                case .progress(let value), .finished(let value):
                    outputs.append(value)
                    let type = try #require(
                        payloads.first { $0.plainLines(of: value, after: nil) != nil },
                        "\(type(of: value)) is not among the \(lab) lab's payloads")
                    let told = type.plainLines(of: value, after: previous[type.recordingTag]) ?? []
                    if !told.isEmpty { previous[type.recordingTag] = value }
                    lines += told
                    if case .finished = output { finished = value }
                case .failed(let message):
                    Issue.record("the \(lab) lab failed: \(message)")
                    return
                }
            }
            if Date() > deadline {
                Issue.record("the \(lab) lab did not finish")
                return
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Each progress value once per change (what a recording keeps), of type T.
    func values<T: Equatable>(_ type: T.Type) -> [T] {
        var out: [T] = []
        for case let value as T in outputs where out.last != value { out.append(value) }
        return out
    }
}

/// `--plain` and recordings for the measurement labs (switch, spawn, scaling,
/// claims, threads-overhead): every payload survives JSON, and the lines of a
/// real short run state its figures, in plain text.
@Suite("Measurement labs told plainly", .serialized)
struct MeasurementPlainTests {
    @Test(
        "switch: a real short run's lines give both switch costs, each round trip and the claims; payloads round-trip")
    func switchRun() throws {
        let run = try ToldRun(
            MeasurementScreen<SwitchLabEntry>.labStart(SwitchConfig(rounds: 200, repetitions: 1)), lab: "switch")
        let report = try #require(run.finished as? SwitchReport)
        #expect(try jsonRoundTrip(report) == report)
        for p in run.values(LabProgress.self) { #expect(try jsonRoundTrip(p) == p) }
        let text = run.lines.joined(separator: "\n")
        #expect(text.contains("context switch, threads: \(microsText(report.threadSwitchMicros)) net"))
        #expect(text.contains("context switch, processes: \(microsText(report.processSwitchMicros)) net"))
        for m in report.measurements {
            #expect(
                text.contains("median \(microsText(m.roundTripMicros.p50)) (p99 \(microsText(m.roundTripMicros.p99))"))
        }
        #expect(text.contains("over 200 round trips"))
        #expect(text.contains("the article says \"Process context switch: ~1-10 microseconds\"; here: "))
        #expect(run.lines.filter { $0.hasPrefix("the article says") }.count == 5)
        for line in run.lines { #expect(!isUnplain(line), "\(line)") }
        // Progress is told per phase or tenth, not per frame: fewer lines than samples.
        let progressLines = run.lines.filter { $0.hasPrefix("measuring: ") }
        #expect(progressLines.count <= 4 * 11)
        #expect(Set(progressLines).count == progressLines.count)
    }

    @Test("spawn: a real short run's lines give each way to start, fork after memory, the claim; payloads round-trip")
    func spawnRun() throws {
        let config = SpawnConfig(count: 20, touchMiB: [4], untouchedMiB: 8, forksPerSize: 2)
        let run = try ToldRun(MeasurementScreen<SpawnLabEntry>.labStart(config), lab: "spawn")
        let report = try #require(run.finished as? SpawnReport)
        #expect(try jsonRoundTrip(report) == report)
        let text = run.lines.joined(separator: "\n")
        #expect(text.contains("thread create + join: mean \(microsText(report.threadCreateMicros))"))
        #expect(text.contains("fork + _exit + waitpid: mean \(microsText(report.forkMicros))"))
        #expect(text.contains("posix_spawn /bin/true + waitpid: mean \(microsText(report.spawnExecMicros))"))
        let touched = try #require(report.touched.first { $0.touchedMiB == 4 })
        #expect(text.contains("fork after writing 4 MiB (resident): median \(microsText(touched.forkStats.median))"))
        #expect(text.contains("fork after mapping 8 MiB, untouched"))
        #expect(text.contains("the article says \"Creation time: process Slow, thread Fast\""))
        for line in run.lines { #expect(!isUnplain(line), "\(line)") }
    }

    @Test(
        "scaling: a real short run's lines give the speed-up per worker count, CPU- and I/O-bound; payloads round-trip")
    func scalingRun() throws {
        let config = ScalingConfig(maxWorkers: 2, primesBelow: 20_000, waits: 4, waitMillis: 2, python: false)
        let run = try ToldRun(MeasurementScreen<ScalingLabEntry>.labStart(config), lab: "scaling")
        let report = try #require(run.finished as? ScalingReport)
        #expect(try jsonRoundTrip(report) == report)
        let text = run.lines.joined(separator: "\n")
        for (kind, points) in [("CPU-bound", report.cpuBound), ("I/O-bound", report.ioBound)] {
            #expect(points.count == 2)
            for p in points {
                #expect(
                    text.contains(
                        "\(kind), \(p.workers) worker\(p.workers == 1 ? "" : "s"): threads \(timesText(p.threadsSpeedup))"
                    ),
                    "\(kind) \(p.workers)")
            }
        }
        #expect(text.contains("Python: not asked for"))
        #expect(run.lines.filter { $0.hasPrefix("the article says") }.count == 2)
        // Every phase starts a line: 2 worker counts × 2 kinds × 2 jobs.
        #expect(run.lines.filter { $0.hasPrefix("measuring: ") }.count <= 8 + 10)
        for line in run.lines { #expect(!isUnplain(line), "\(line)") }
    }

    @Test(
        "threads-overhead: a real short run says the limits, each step, the joins; no bespoke loop; payloads round-trip"
    )
    func threadsOverheadRun() throws {
        let command = try ThreadsOverheadCommand.parse(["--max", "120", "--connections", "50", "--plain"])
        let starts = try command.plainRuns()
        #expect(starts.count == 1)
        let run = try ToldRun(try #require(starts.first), lab: "threads-overhead")
        let report = try #require(run.finished as? ThreadsOverheadReport)
        #expect(try jsonRoundTrip(report) == report)
        let progress = run.values(ThreadsOverheadProgress.self)
        #expect(!progress.isEmpty)
        for p in progress { #expect(try jsonRoundTrip(p) == p) }
        #expect(progress.allSatisfy { $0.connections == 50 })
        #expect(run.lines.first?.hasPrefix("limits: ulimit -u ") == true)
        #expect(run.lines.filter { $0.hasPrefix("limits:") }.count == 1)
        for step in report.steps {
            #expect(
                run.lines.contains {
                    $0.hasPrefix("\(grouped(step.threads)) threads (each blocked in read(2)")
                        && $0.contains("created \(grouped(step.created)) in \(msText(step.createMs))")
                        && $0.contains("VmRSS \(signedKib(step.rssGrowthKiB))")
                }, "step \(step.threads)")
        }
        #expect(report.steps.map(\.threads) == [10, 100, 120])
        let epoll = try #require(report.epoll)
        #expect(run.lines.contains { $0.hasPrefix("one epoll thread: \(grouped(epoll.connections)) connections") })
        #expect(run.lines.contains { $0.contains("child PID \(report.childPid): tasks") })
        // A step is announced once however many frames it lasts.
        let announced = run.lines.filter { $0.hasPrefix("starting ") }
        #expect(Set(announced).count == announced.count)
        for line in run.lines { #expect(!isUnplain(line), "\(line)") }
    }

    @Test("claims: the batch's progress, each lab's report and the end are payloads that round-trip; the end tallies")
    func claimsPayloads() throws {
        let report = handMadeSwitchReport(thread: 0.8, process: 3)
        let measured = MeasuredReports(switchReport: report)
        #expect(try jsonRoundTrip(measured) == measured)
        #expect(try jsonRoundTrip(MeasuredReports()) == MeasuredReports())
        let progress = BatchProgress(
            labs: ClaimsScreen.labs, index: 1, progress: LabProgress(phase: "forks", fraction: 0.5))
        #expect(try jsonRoundTrip(progress) == progress)
        let payloads = try #require(LabRegistry.standard.entry(named: "claims")).payloads
        for value in [progress, report, measured] as [any Sendable] {
            #expect(payloads.contains { $0.plainLines(of: value, after: nil) != nil }, "\(type(of: value))")
        }
        // The batch's lines: one when a phase starts, one per tenth, none in between.
        #expect(progress.plainLines(after: nil) == ["measuring spawn (2 of 3): forks (50 % of all done)"])
        var later = progress
        later.progress.fraction = 0.55
        #expect(later.plainLines(after: progress).isEmpty)
        later.progress.fraction = 0.9
        #expect(later.plainLines(after: progress) == ["measuring spawn (2 of 3): forks (63 % of all done)"])
        // The end: every claim on a line, then how many hold, do not, depend.
        let lines = measured.plainLines(after: nil)
        #expect(lines.count == ArticleClaims.all.count + 1)
        let tally = ClaimsScreen.Tally(ArticleClaims.evaluate(measured))
        #expect(
            lines.last
                == "\(ArticleClaims.all.count) claims: \(tally.holds) hold, \(tally.doesNotHold) do not, \(tally.depends) depend\(tally.depends == 1 ? "s" : ""), \(tally.notMeasured) not measured"
        )
        #expect(lines.contains { $0.contains("here: 0.30 µs per switch, net") && $0.contains("-> holds") })
        #expect(
            MeasuredReports().plainLines(after: nil).last == "\(ArticleClaims.all.count) claims: nothing measured yet")
        for line in lines { #expect(!isUnplain(line), "\(line)") }
    }

    @Test("claims: the batch sends each lab's report as it is done, and the screen keeps each once")
    func claimsKeepsEach() throws {
        var m = model(try fixtureLibrary(), size: Size(width: 120, height: 40))
        _ = m.openLab("claims")
        _ = update(&m, .key(.character("r")))
        let report = handMadeSwitchReport()
        #expect(m.labSays(.progress(report)) == [.saveProgress])
        #expect(m.labSays(.progress(report)).isEmpty)
        let end = m.labSays(.finished(MeasuredReports(switchReport: report)))
        #expect(end == [.saveProgress])
        #expect(m.measurements.switchReport == report)
        #expect(m.notice == "measured: switch, spawn, scaling")
    }

    @Test("a measurement's progress is told when a phase starts and at each tenth, never per frame")
    func progressLines() {
        let a = LabProgress(phase: "two threads, pinned to CPU 0", fraction: 0.02)
        #expect(a.plainLines(after: nil) == ["measuring: two threads, pinned to CPU 0 (2 % done)"])
        #expect(LabProgress.starting.plainLines(after: nil).isEmpty)
        var b = a
        b.fraction = 0.09
        #expect(b.plainLines(after: a).isEmpty)
        b.fraction = 0.1
        #expect(b.plainLines(after: a) == ["measuring: two threads, pinned to CPU 0 (10 % done)"])
        let c = LabProgress(phase: "two processes, pinned to CPU 0", fraction: 0.11)
        #expect(c.plainLines(after: b).count == 1)
    }

    @Test("the commands' plain runs are the screen's runs with their options")
    func plainRunsFollowOptions() throws {
        let switchRuns = try SwitchCommand.parse(["--rounds", "300", "--repetitions", "2"]).plainRuns()
        #expect(switchRuns.map(\.detail) == ["switch rounds 300 × 2"])
        let spawnRuns = try SpawnCommand.parse(["--count", "30", "--touch-mib", "8"]).plainRuns()
        #expect(spawnRuns.map(\.detail) == ["spawn count 30 touch [8] untouched 1024"])
        let scalingRuns = try ScalingCommand.parse(["--max-workers", "3", "--no-python"]).plainRuns()
        #expect(scalingRuns.map(\.detail) == ["scaling up to 3 workers"])
        #expect(try ClaimsCommand.parse([]).plainRuns().map(\.detail) == ["claims switch,spawn,scaling"])
        #expect(
            try ThreadsOverheadCommand.parse(["--max", "50", "--connections", "0"]).plainRuns().map(\.detail) == [
                "max 50, connections 0"
            ])
    }
}

/// Presenter mode's big figures on the screens that had none.
@Suite("Measurement labs presented")
struct MeasurementPresenterTests {
    let big = PresenterTests()

    func scalingReport() -> ScalingReport {
        let environment = MeasurementEnvironment(
            cpus: 2, onlineCPUs: 2, virtualMachine: false, virtualMachineEvidence: nil, build: "release",
            kernel: "6.1", arch: "x86_64")
        func points(_ seconds: [(Double, Double)]) -> [ScalingPoint] {
            seconds.enumerated().map { i, s in
                ScalingPoint(
                    workers: 1 << i, threadsSeconds: s.0, processesSeconds: s.1, threadsSpeedup: seconds[0].0 / s.0,
                    processesSpeedup: seconds[0].1 / s.1)
            }
        }
        let cpu = points([(2, 2.2), (1.05, 1.25), (1.1, 1.3)])
        let io = points([(0.4, 0.45), (0.2, 0.25), (0.105, 0.15)])
        return ScalingReport(
            config: ScalingConfig(maxWorkers: 4, python: false), cpuBound: cpu, ioBound: io, python: nil,
            pythonNote: "not asked for", primesFound: 283_146, countsAgree: true, environment: environment)
    }

    func presenting(_ lab: String, size: Size, _ messages: [LabOutput]) throws -> AppModel {
        var m = model(try fixtureLibrary(), size: size)
        _ = m.openLab(lab)
        for _ in Predictions.for(lab: lab) { _ = update(&m, .key(.character("s"))) }
        for message in messages { _ = m.labSays(message) }
        m.presenting = true
        return m
    }

    @Test("scaling: CPU-bound against I/O-bound threads in big digits at 80×24, processes too at 200×60")
    func scaling() throws {
        let report = scalingReport()
        let small = view(try presenting("scaling", size: Size(width: 80, height: 24), [.finished(report)]))
        // 2.0 / 1.05 → 1.9×; 0.4 / 0.105 → 3.8×.
        #expect(big.showsBig("1.9", small))
        #expect(big.showsBig("3.8", small))
        #expect(small.text.contains("CPU-bound, 2 threads: speed-up"))
        #expect(small.text.contains("I/O-bound, 4 threads: speed-up"))
        #expect(small.text.contains("×"))
        let wide = view(try presenting("scaling", size: Size(width: 200, height: 60), [.finished(report)]))
        #expect(big.showsBig("1.8", wide, scale: 2))
        #expect(wide.text.contains("CPU-bound, 2 processes: speed-up"))
    }

    @Test("a measurement shows how far it is in big digits while it runs, under the lab's short title at 80×24")
    func measuring() throws {
        let m = try presenting(
            "spawn", size: Size(width: 80, height: 24),
            [.progress(LabProgress(phase: "fork + _exit + waitpid", fraction: 0.42))])
        let canvas = view(m)
        #expect(big.showsBig("42", canvas))
        #expect(canvas.text.contains("measuring: fork + _exit + waitpid"))
        #expect(canvas.line(0).contains("Lab: spawn") && canvas.line(0).contains("P leaves"))
        var wide = m
        wide.size = Size(width: 200, height: 60)
        #expect(view(wide).line(0).contains("what creating a thread or a process costs here"))
    }

    @Test("claims: nothing measured draws the table; measured, how many hold, do not, depend")
    func claims() throws {
        var m = model(try fixtureLibrary(), size: Size(width: 80, height: 24))
        _ = m.openLab("claims")
        let before = view(m).text
        #expect(before.contains("nothing measured yet"))
        #expect(!before.contains("0 hold"))
        m.presenting = true
        #expect(view(m).text.contains("leave presenter"))
        #expect(m.screen(ClaimsScreen.self)?.presenterFigures(m).isEmpty == true)
        m.presenting = false
        m.measurements = MeasuredReports(switchReport: handMadeSwitchReport(thread: 0.8, process: 3))
        let tally = ClaimsScreen.Tally(ArticleClaims.evaluate(m.measurements))
        #expect(view(m).text.contains("\(tally.holds) hold · \(tally.doesNotHold) do not · \(tally.depends) depend"))
        m.presenting = true
        let small = view(m)
        #expect(big.showsBig("\(tally.holds) / \(tally.doesNotHold) / \(tally.depends)", small))
        var wide = m
        wide.size = Size(width: 200, height: 60)
        let canvas = view(wide)
        for n in [tally.holds, tally.doesNotHold, tally.depends] { #expect(big.showsBig(String(n), canvas, scale: 2)) }
        #expect(canvas.text.contains("claims that do not hold"))
    }

    @Test("threads-overhead: threads blocked while it runs; then reserved against resident MiB and threads started")
    func threadsOverhead() throws {
        let report = PitfallScreenTests().overheadReport()
        let live = ThreadsOverheadSnapshot(
            phase: .threads, threadsTarget: 1000, threadsBlocked: 420, tasksInChild: 421, connectionsServed: 0,
            elapsedMs: 300, childPid: 6100)
        let running = try presenting(
            "threads-overhead", size: Size(width: 80, height: 24),
            [.progress(ThreadsOverheadProgress(snapshot: live, limits: report.limits, connections: 10_000))])
        #expect(big.showsBig("420", view(running)))
        let m = try presenting("threads-overhead", size: Size(width: 80, height: 24), [.finished(report)])
        let small = view(m)
        let last = try #require(report.steps.last)
        let reserved = ThreadsOverheadScreen.mebibytes(last.vmSizeGrowthKiB)
        let resident = ThreadsOverheadScreen.mebibytes(last.rssGrowthKiB)
        #expect(big.showsBig(reserved, small))
        #expect(big.showsBig(resident, small))
        #expect(small.text.contains("10,000 threads reserved"))
        var wide = m
        wide.size = Size(width: 200, height: 60)
        #expect(big.showsBig("10,000", view(wide), scale: 2))
    }
}
