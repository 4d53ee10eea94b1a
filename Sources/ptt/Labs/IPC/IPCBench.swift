import ArgumentParser
import Foundation
import Labs

/// `ptt bench ipc`: the ipc lab at full speed over each transport, at 64-byte
/// and 64 KiB items, beside the C baselines `pipe.c` and `shm.c` run in the
/// same invocation.
struct IPCBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipc", abstract: "Time the ipc lab's transports at 64 B and 64 KiB beside pipe.c and shm.c.")

    @Option(
        help: ArgumentHelp(
            "64-byte items per run (1...1000000000; default 200000, over shm 5000000, as the C baselines' run).",
            valueName: "n"))
    var items: Int?

    @Option(help: ArgumentHelp("MiB sent in 64 KiB items per run (1...4096).", valueName: "mib"))
    var bulkMib = 256

    @OptionGroup var options: BenchOptions

    func validate() throws { try IPCBench(self).validate() }

    func run() throws { try IPCBench(self).run() }
}

/// What `ptt bench ipc` measures and prints.
struct IPCBench {
    /// Pipe and socket aim for this Swift/C throughput ratio or better (issue 4).
    static let targetRatio = 0.8

    var items: Int?
    var bulkMib: Int
    var repetitions: Int
    var baselines: String?
    var noBaselines: Bool
    var json: Bool

    init(_ command: IPCBenchCommand) {
        items = command.items
        bulkMib = command.bulkMib
        repetitions = command.options.repetitions
        baselines = command.options.baselines
        noBaselines = command.options.noBaselines
        json = command.options.json
    }

    func validate() throws {
        if let items, !IPCConfig.itemRange.contains(items) {
            throw ValidationError("--items must be from 1 to 1000000000 (got \(items))")
        }
        guard (1...4096).contains(bulkMib) else {
            throw ValidationError("--bulk-mib must be from 1 to 4096 (got \(bulkMib))")
        }
    }

    /// The six runs: each transport at 64 B, then each at 64 KiB.
    var workloads: [IPCConfig] {
        let small = IPCTransport.allCases.map { t in
            IPCConfig(transport: t, items: items ?? (t == .shm ? 5_000_000 : 200_000), itemSize: 64)
        }
        let big = IPCTransport.allCases.map { t in
            IPCConfig(transport: t, items: bulkMib * 16, itemSize: 65536)
        }
        return small + big
    }

    func run() throws {
        let machine = MachineFacts.current()
        var note: String?
        var programs: (pipe: CBaseline, shm: CBaseline)?
        if noBaselines {
            note = "left out with --no-baselines"
        } else {
            let directory = baselines ?? BenchCommand.defaultBaselinesDirectory()
            switch (CBaseline.prepare("pipe", directory: directory), CBaseline.prepare("shm", directory: directory)) {
            case (.success(let pipe), .success(let shm)): programs = (pipe, shm)
            case (.failure(let why), let other), (let other, .failure(let why)):
                note = why.message
                if case .success(let built) = other { built.remove() }
            }
        }
        defer {
            programs?.pipe.remove()
            programs?.shm.remove()
        }
        if json {
            if let warning = machine.warning { FileHandle.standardError.write(Data("ptt: \(warning)\n".utf8)) }
        } else {
            printHeader(machine, c: programs?.pipe)
        }

        let loads = workloads
        var swiftRuns = [[IPCReport]](repeating: [], count: loads.count)
        var cRuns = [[Double]](repeating: [], count: loads.count)  // bytes per second
        for repetition in 1...repetitions {
            for (i, config) in loads.enumerated() {
                BenchCommand.progress(
                    "run \(repetition) of \(repetitions): \(config.transport.rawValue), \(byteSize(config.itemSize)) items…"
                )
                swiftRuns[i].append(try IPCRun.run(config))
            }
            guard let c = programs else { continue }
            BenchCommand.progress("run \(repetition) of \(repetitions): pipe.c and shm.c…")
            do {
                let small = items.map(String.init)
                let pipe = try c.pipe.run([small ?? "200000", String(bulkMib)], decoding: PipeOutput.self)
                let shm = try c.shm.run([small ?? "5000000"], decoding: ShmOutput.self)
                for (i, config) in loads.enumerated() {
                    let bytes: Double? =
                        switch (config.transport, config.itemSize) {
                        case (.pipe, 64): pipe.pipe.itemsPerSecond * 64
                        case (.socket, 64): pipe.socket.itemsPerSecond * 64
                        case (.shm, 64): shm.itemsPerSecond * 64
                        case (.pipe, _): pipe.pipeBulkBytesPerSecond
                        default: nil
                        }
                    if let bytes { cRuns[i].append(bytes) }
                }
            } catch {
                note = "the C baselines failed: \(error)"
                programs = nil
            }
        }
        BenchCommand.progress(nil)
        let rows = loads.indices.compactMap { i -> IPCBenchRow? in
            guard let swift = median(swiftRuns[i], by: \.bytesPerSecond) else { return nil }
            let c = cRuns[i].sorted()
            return IPCBenchRow(swift: swift, cBytesPerSecond: c.isEmpty ? nil : c[c.count / 2])
        }
        if json {
            try printJSON(
                IPCBenchReport(
                    machine: machine, repetitions: repetitions, baselinesNote: note, targetRatio: Self.targetRatio,
                    rows: rows))
        } else {
            printTable(rows, note: note)
        }
    }

    private func printHeader(_ machine: MachineFacts, c: CBaseline?) {
        print("ptt bench ipc: a producer process and a consumer process, every item checked")
        print(
            "machine: \(machine.cpus) CPU\(machine.cpus == 1 ? "" : "s") allowed, kernel \(machine.kernel), "
                + "\(machine.arch), \(machine.build) build")
        if let warning = machine.warning { print("warning: \(warning)") }
        let small = items.map { "\($0.formatted()) items" } ?? "200,000 items (shm 5,000,000)"
        var plan = "64 B: \(small); 64 KiB: \(bulkMib) MiB; median of \(repetitions) run\(repetitions == 1 ? "" : "s")"
        if let c { plan += "; C: pipe.c and shm.c built with \(c.compiler) -O2, run between the Swift runs" }
        print(plan)
        print("")
    }

    private func printTable(_ rows: [IPCBenchRow], note: String?) {
        let hasC = rows.contains { $0.cBytesPerSecond != nil }
        var table = [["transport", "item", "Swift items/s", "Swift bytes/s", "lost"]]
        if hasC { table[0] += ["C items/s", "C bytes/s", "Swift/C"] }
        for row in rows {
            var line = [
                row.transport.rawValue, byteSize(row.size), rate(row.swiftItemsPerSecond),
                byteRate(row.swiftBytesPerSecond), grouped(row.lost),
            ]
            if hasC {
                line += [
                    row.cItemsPerSecond.map(rate) ?? "-", row.cBytesPerSecond.map(byteRate) ?? "-",
                    row.ratio.map { String(format: "%.2f×", $0) } ?? "-",
                ]
            }
            table.append(line)
        }
        printColumns(table, leftAligned: 2)
        print("")
        guard hasC else {
            print("no C column: \(note ?? "no baseline numbers")")
            return
        }
        if let note { print("note: \(note)") }
        print("Swift/C is the figure that matters (absolute numbers swing between runs); pipe and socket aim for")
        print(
            "\(String(format: "%.2f", Self.targetRatio))× or more. C has no 64 KiB socket or shm run: those rows are Swift only."
        )
        let aimed = rows.filter { $0.transport != .shm && $0.ratio != nil }
        let under = aimed.filter { $0.ratio! < Self.targetRatio }
        if under.isEmpty {
            print("pipe and socket: all \(aimed.count) at or above \(String(format: "%.2f", Self.targetRatio))× of C.")
        } else {
            let names = under.map {
                "\($0.transport.rawValue) \(byteSize($0.size)) (\(String(format: "%.2f", $0.ratio!))×)"
            }
            print(
                "pipe and socket: \(aimed.count - under.count) of \(aimed.count) at or above the aim; under: \(names.joined(separator: ", "))."
            )
        }
    }
}

/// pipe.c's JSON line.
private struct PipeOutput: Decodable {
    struct Items: Decodable {
        var itemsPerSecond: Double
        var lost: Double
    }
    var pipe: Items
    var socket: Items
    var pipeBulkBytesPerSecond: Double
}

/// shm.c's JSON line.
private struct ShmOutput: Decodable {
    var itemsPerSecond: Double
    var lost: Double
}

/// One transport at one item size: Swift's median run beside C's.
struct IPCBenchRow: Encodable {
    var transport: IPCTransport
    var size: Int
    var items: Int
    var lost: Int
    var swiftItemsPerSecond: Double
    var swiftBytesPerSecond: Double
    var cItemsPerSecond: Double?
    var cBytesPerSecond: Double?

    init(swift: IPCReport, cBytesPerSecond: Double?) {
        transport = swift.transport
        size = swift.size
        items = swift.items
        lost = swift.lost
        swiftItemsPerSecond = swift.itemsPerSecond
        swiftBytesPerSecond = swift.bytesPerSecond
        self.cBytesPerSecond = cBytesPerSecond
        cItemsPerSecond = cBytesPerSecond.map { $0 / Double(swift.size) }
    }

    /// Swift / C throughput (higher is better); nil without a C number.
    var ratio: Double? {
        guard let c = cBytesPerSecond, c > 0 else { return nil }
        return swiftBytesPerSecond / c
    }

    private enum CodingKeys: String, CodingKey {
        case transport, size, items, lost, swiftItemsPerSecond, swiftBytesPerSecond, cItemsPerSecond, cBytesPerSecond,
            ratio
    }

    /// Writes every key, absent C numbers as null.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(transport, forKey: .transport)
        try c.encode(size, forKey: .size)
        try c.encode(items, forKey: .items)
        try c.encode(lost, forKey: .lost)
        try c.encode(swiftItemsPerSecond, forKey: .swiftItemsPerSecond)
        try c.encode(swiftBytesPerSecond, forKey: .swiftBytesPerSecond)
        try c.encode(cItemsPerSecond, forKey: .cItemsPerSecond)
        try c.encode(cBytesPerSecond, forKey: .cBytesPerSecond)
        try c.encode(ratio, forKey: .ratio)
    }
}

/// The `--json` output of `ptt bench ipc`.
struct IPCBenchReport: Encodable {
    var machine: MachineFacts
    var repetitions: Int
    var baselinesNote: String?
    var targetRatio: Double
    var rows: [IPCBenchRow]

    private enum CodingKeys: String, CodingKey {
        case machine, warning, repetitions, baselinesNote, targetRatio, rows
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(machine, forKey: .machine)
        try c.encodeIfPresent(machine.warning, forKey: .warning)
        try c.encode(repetitions, forKey: .repetitions)
        try c.encode(baselinesNote, forKey: .baselinesNote)
        try c.encode(targetRatio, forKey: .targetRatio)
        try c.encode(rows, forKey: .rows)
    }
}
