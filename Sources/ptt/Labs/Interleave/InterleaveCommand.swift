import ArgumentParser
import Labs

/// The interleaving model in the registry, and `ptt demo interleave`.
enum InterleaveLab {
    static let entry = LabEntry(
        name: "interleave", summary: "be the scheduler: step two modelled threads' load, add and store (a model)",
        command: InterleaveCommand.self, open: { app in [.push(InterleaveScreen())] })
}

struct InterleaveCommand: LabCommand {
    static let configuration = CommandConfiguration(
        commandName: "interleave",
        abstract: "Be the scheduler: two modelled threads' load, add and store, stepped by hand (a model, not threads)."
    )

    @Option(help: "--json: the order to run, as thread numbers (default: an order that loses an update).")
    var order: String?

    @Flag(help: "Print one JSON report on stdout instead of the live screen.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let order { _ = try Self.parseOrder(order) }
    }

    static func parseOrder(_ text: String) throws -> [StepperThread] {
        try text.split(whereSeparator: { $0 == "," || $0 == " " }).map {
            switch $0 {
            case "1": .t1
            case "2": .t2
            default: throw ValidationError("--order takes thread numbers 1 and 2 separated by commas (got '\($0)')")
            }
        }
    }

    func report() throws -> any Encodable {
        var stepper = InterleaveModel()
        let picks = try order.map(Self.parseOrder) ?? stepper.losingOrder() ?? []
        for pick in picks { stepper.step(pick) }
        return stepper.report
    }

    func open(_ app: inout AppModel) -> [Effect] { [.push(InterleaveScreen())] }
}
