import ArgumentParser
import Foundation
import Labs

/// The labs `ptt demo` can run so far.
enum DemoLab: String, CaseIterable, ExpressibleByArgument {
    case race, locked, atomic, interleave, memory
}

/// `ptt demo NAME`: a lab, live on a terminal or as one JSON report.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a lab: a live screen on a terminal; --json (or no terminal) prints one JSON report.",
        discussion: """
            Examples:
              ptt demo race                       watch two threads lose updates
              ptt demo locked --threads 4         the same behind a mutex
              ptt demo atomic --json              one JSON report, full speed
              ptt demo interleave                 be the scheduler (a model)
            """
    )

    @Argument(help: "The lab: \(DemoLab.allCases.map(\.rawValue).joined(separator: ", ")).")
    var name: DemoLab

    @Option(help: "Threads for race, locked, atomic (1…64).")
    var threads: Int = 2

    @Option(help: "Increments per thread (1…1,000,000,000).")
    var increments: Int = 1_000_000

    @Option(help: "How long the live run is spread over, in seconds (0.1…600); --json runs at full speed.")
    var seconds: Double = 3

    @Option(help: "interleave --json: the order to run, as thread numbers (default: an order that loses an update).")
    var order: String?

    @Flag(help: "Print one JSON report on stdout instead of the live screen.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        let threadRange = name == .memory ? MemoryConfig.threadRange : CounterConfig.threadRange
        guard threadRange.contains(threads) else {
            throw ValidationError(
                "--threads must be from \(threadRange.lowerBound) to \(threadRange.upperBound) for \(name.rawValue) (got \(threads))"
            )
        }
        guard CounterConfig.incrementRange.contains(increments) else {
            throw ValidationError("--increments must be from 1 to 1,000,000,000 (got \(increments))")
        }
        guard seconds.isFinite, (0.1...600).contains(seconds) else {
            throw ValidationError("--seconds must be from 0.1 to 600 (got \(seconds))")
        }
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

    func run() throws {
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        if json || !interactive {
            try printReport()
            return
        }
        let library = try global.loadLibrary()
        var model = AppModel(library: library, size: .init(width: 80, height: 24))
        var effects = LabLauncher.open(&model, .lab(name.rawValue), returnTo: nil)
        model.counter?.threads = threads
        model.counter?.incrementsPerThread = increments
        model.counter?.seconds = seconds
        if name == .memory {
            model.memory?.threads = threads
            effects = [.startMemory(MemoryConfig(threads: threads))]
        }
        try runApp(model: model, global: global, startEffects: effects)
    }

    private func printReport() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        switch name {
        case .race, .locked, .atomic:
            let config = CounterConfig(
                kind: CounterKind(rawValue: name.rawValue)!, threads: threads, incrementsPerThread: increments)
            data = try encoder.encode(try CounterRun.run(config))
        case .memory:
            let lab = try MemoryLab.start(MemoryConfig(threads: threads))
            defer { lab.stop() }
            data = try encoder.encode(lab.report())
        case .interleave:
            var stepper = InterleaveModel()
            let picks = try order.map(Self.parseOrder) ?? stepper.losingOrder() ?? []
            for pick in picks { stepper.step(pick) }
            data = try encoder.encode(stepper.report)
        }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
