import ArgumentParser
import Foundation
import Labs

/// "The article says / your machine" in the registry, and `ptt demo claims`.
enum ClaimsLabEntry {
    static let entry = LabEntry(
        name: "claims", summary: "the article's numbers beside this machine's: a verdict for each claim",
        command: ClaimsCommand.self, open: { _ in [.push(ClaimsScreen())] },
        payloads: [BatchProgress.self, SwitchReport.self, SpawnReport.self, ScalingReport.self, MeasuredReports.self])
}

/// `ptt demo claims --json`: one claim of the article with its verdict.
struct ClaimRow: Encodable {
    var id: String
    var says: String
    var section: String
    var lab: String
    var measured: String
    /// `holds`, `doesNotHold`, `dependsOn` or `notMeasured`.
    var verdict: String
    /// The verdict in words ("depends on the runtime").
    var verdictText: String
    var reason: String

    init(_ r: ClaimResult) {
        id = r.claim.id
        says = r.claim.says
        section = r.claim.section
        lab = r.claim.lab
        measured = r.measured
        verdict =
            switch r.verdict {
            case .holds: "holds"
            case .doesNotHold: "doesNotHold"
            case .dependsOn: "dependsOn"
            case .notMeasured: "notMeasured"
            }
        verdictText = r.verdict.text
        reason = r.reason
    }
}

/// The report of `ptt demo claims --json`.
struct ClaimsReport: Encodable {
    var lab = "claims"
    var claims: [ClaimRow]
    /// Wall time of each lab's run, by lab name.
    var seconds: [String: Double]
    /// The machine, in one line.
    var machine: String
}

struct ClaimsCommand: LabCommand {
    static let configuration = CommandConfiguration(
        commandName: "claims",
        abstract: "The article's numbers beside this machine's: switch, spawn and scaling, a verdict for each claim.",
        discussion:
            "Runs the three measurement labs with their standard settings, one after the other (10 to 20 s on two "
            + "CPUs), then judges each of the article's claims against them. On a terminal it opens the claims "
            + "screen, which shows the measurements kept from earlier runs and runs the missing ones on request.")

    @Flag(help: "Run the three measurements and print one JSON report on stdout instead of the live screen.")
    var json = false

    @OptionGroup var show: LabShowOptions

    @OptionGroup var global: GlobalOptions

    func report() throws -> any Encodable {
        var reports = MeasuredReports()
        var seconds: [String: Double] = [:]
        for lab in MeasurementLabs.all {
            let start = Date()
            let report = try lab.runStandard(
                executable: ChildExecutable.current, progress: Mailbox(Labs.LabProgress.starting),
                cancel: CancellationFlag())
            seconds[lab.name] = Date().timeIntervalSince(start)
            reports.merge(lab.measured(any: report))
        }
        return ClaimsReport(
            claims: ArticleClaims.evaluate(reports).map(ClaimRow.init), seconds: seconds,
            machine: environmentLine(MeasurementEnvironment.current()))
    }

    func open(_ app: inout AppModel) -> [Effect] { [.push(ClaimsScreen())] }
}
