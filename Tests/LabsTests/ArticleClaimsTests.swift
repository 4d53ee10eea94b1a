import Labs
import Testing

/// A switch report with the given pinned raw figures and a 0.5 µs syscall pair.
private func switchReport(thread: Double, process: Double) -> SwitchReport {
    let environment = MeasurementEnvironment(
        cpus: 2, onlineCPUs: 2, virtualMachine: nil, virtualMachineEvidence: nil, build: "release", kernel: "6",
        arch: "x86_64")
    func measurement(_ partner: SwitchPartner, _ raw: Double) -> SwitchMeasurement {
        SwitchMeasurement(
            partner: partner, pinRequested: true, pinned: true, cpu: 0, rawSwitchMicros: SampleStats(micros: [raw]),
            syscallPairMicros: SampleStats(micros: [0.5]), roundTripMicros: SampleStats(micros: [2 * raw]),
            counted: [], timedRounds: 1)
    }
    return SwitchReport(
        config: .quick, measurements: [measurement(.thread, thread), measurement(.process, process)],
        environment: environment)
}

@Suite("The article's claims and the predictions, judged from reports")
struct ArticleClaimsTests {
    @Test("every claim is listed once and is 'not measured yet' with no reports")
    func unmeasured() {
        let rows = ArticleClaims.evaluate(MeasuredReports())
        #expect(rows.count == ArticleClaims.all.count)
        #expect(Set(rows.map(\.claim.id)).count == rows.count)
        #expect(rows.allSatisfy { $0.verdict == .notMeasured })
    }

    @Test("equal switch costs: no tenfold gap, and microseconds are not nanoseconds")
    func equalSwitches() throws {
        let reports = MeasuredReports(switchReport: switchReport(thread: 2.5, process: 2.6))
        let rows = ArticleClaims.evaluate(reports)
        let tenfold = try #require(rows.first { $0.claim == ArticleClaims.tenfold })
        #expect(tenfold.verdict == .doesNotHold)
        let nanos = try #require(rows.first { $0.claim == ArticleClaims.nanoseconds })
        #expect(nanos.verdict == .doesNotHold)
        #expect(nanos.measured.hasPrefix("2000 ns"))
        let process = try #require(rows.first { $0.claim == ArticleClaims.processSwitch })
        #expect(process.verdict == .holds)
        let thread = try #require(rows.first { $0.claim == ArticleClaims.threadSwitch })
        #expect(thread.verdict == .doesNotHold)
    }

    @Test("a net figure lost in the pipe calls' noise gives no verdict on the ranges")
    func unresolved() throws {
        let reports = MeasuredReports(switchReport: switchReport(thread: 0.52, process: 0.52))
        let row = ArticleClaims.evaluate(ArticleClaims.threadSwitch, reports)
        #expect(row.verdict == .dependsOn("a quieter run"))
        #expect(Predictions.grade(Predictions.threadSwitchSize, guess: "ns", reports) == nil)
    }

    @Test("a tenfold gap makes the claim hold")
    func tenfoldGap() throws {
        let reports = MeasuredReports(switchReport: switchReport(thread: 0.8, process: 5.5))
        let row = ArticleClaims.evaluate(ArticleClaims.tenfold, reports)
        #expect(row.verdict == .holds)
    }

    @Test("predictions: the measured choice is right, the others are off by their distance")
    func grading() throws {
        let reports = MeasuredReports(switchReport: switchReport(thread: 2.5, process: 2.6))
        let p = Predictions.switchRatio
        let same = try #require(Predictions.grade(p, guess: "same", reports))
        #expect(same.right)
        #expect(same.stepsOff == 0)
        let ten = try #require(Predictions.grade(p, guess: "ten", reports))
        #expect(!ten.right)
        #expect(ten.stepsOff == 2)
        #expect(Predictions.grade(p, guess: "nonsense", reports) == nil)
        #expect(Predictions.grade(Predictions.forkTouched, guess: "same", reports) == nil)
        let size = try #require(Predictions.grade(Predictions.threadSwitchSize, guess: "us", reports))
        #expect(size.right)
    }

    @Test("each prediction's choices are distinct and belong to a lab")
    func choices() {
        for p in Predictions.all {
            #expect(Set(p.choices.map(\.id)).count == p.choices.count, "\(p.id)")
            #expect(["switch", "spawn", "scaling"].contains(p.lab))
        }
    }
}
