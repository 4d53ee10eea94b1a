import ArgumentParser
import Foundation
import Labs

extension IPCTransport: ExpressibleByArgument {}

/// The labs `ptt demo` can run so far.
enum DemoLab: String, CaseIterable, ExpressibleByArgument {
    case race, locked, atomic, interleave, ipc, crash, fork, memory
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
              ptt demo ipc --transport shm        two processes, one shared-memory ring
              ptt demo ipc --items 200000 --json  the same over a pipe, as numbers
              ptt demo crash                      a segfault ends one process, not ptt
              ptt demo fork                       the child changes its copy of a variable
            """
    )

    @Argument(help: "The lab: \(DemoLab.allCases.map(\.rawValue).joined(separator: ", ")).")
    var name: DemoLab

    @Option(help: "Threads for race, locked, atomic (1…64).")
    var threads: Int = 2

    @Option(help: "Increments per thread (1…1,000,000,000).")
    var increments: Int = 1_000_000

    @Option(
        help: """
            Live runs: how long a counter run is spread over (default 3) or an ipc run may last (default 5), \
            in seconds (0.1…600); --json runs at full speed.
            """)
    var seconds: Double?

    @Option(help: "ipc: items to send (1…1,000,000,000; --json default 1,000,000; a live run ends at --seconds).")
    var items: Int?

    @Option(help: "ipc: the channel between the two processes: pipe, socket or shm.")
    var transport: IPCTransport = .pipe

    @Option(help: "ipc: bytes per item, its 8-byte sequence number included (8…1,048,576).")
    var size: Int = 64

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
        if let seconds, !seconds.isFinite || !(0.1...600).contains(seconds) {
            throw ValidationError("--seconds must be from 0.1 to 600 (got \(seconds))")
        }
        if let items, !IPCConfig.itemRange.contains(items) {
            throw ValidationError("--items must be from 1 to 1,000,000,000 (got \(items))")
        }
        guard IPCConfig.sizeRange.contains(size) else {
            throw ValidationError("--size must be from 8 to 1,048,576 bytes (got \(size))")
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
        model.counter?.seconds = seconds ?? 3
        if model.ipc != nil {
            model.ipc?.transport = transport
            model.ipc?.itemSize = size
            if let items { model.ipc?.items = items }
            if let seconds { model.ipc?.seconds = seconds }
            effects = IPCScreen.start(&model)
        }
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
        case .ipc:
            data = try encoder.encode(
                try IPCRun.run(IPCConfig(transport: transport, items: items ?? 1_000_000, itemSize: size)))
        case .crash:
            data = try encoder.encode(try CrashLab.run())
        case .fork:
            data = try encoder.encode(try ForkLab.run())
        }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
