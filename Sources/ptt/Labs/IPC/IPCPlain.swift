import Labs

/// `ptt demo ipc --plain`: who is who, each side's phase as it changes, a
/// line at each tenth of the run, and the final figures by PID.
extension IPCSnapshot: LabPayload {
    /// Tenths of the run done (0…10): of the items, or of the time limit if that comes first.
    var tenth: Int {
        var fraction = Double(consumer.count) / Double(max(1, config.items))
        if let limit = config.maxSeconds, limit > 0 { fraction = max(fraction, elapsed / limit) }
        return min(10, Int(fraction * 10))
    }

    func plainLines(after previous: IPCSnapshot?) -> [String] {
        var lines: [String] = []
        let at = "t=\(oneDecimal(elapsed)) s"
        if previous == nil {
            let limit = config.maxSeconds.map { " or \(oneDecimal($0)) s, whichever comes first" } ?? ""
            lines.append(
                "ipc over a \(config.transport.title): ptt PID \(parentPid) started producer PID \(producer.pid) "
                    + "and consumer PID \(consumer.pid); \(config.itemSize)-byte items, up to "
                    + "\(grouped(config.items)) items\(limit)"
                    + (capacity.map { "; the channel holds \(grouped($0)) items when full" } ?? ""))
        }
        for (name, side, before) in [
            ("producer", producer, previous?.producer), ("consumer", consumer, previous?.consumer),
        ] {
            if side.phase != before?.phase ?? .starting {
                lines.append("\(at) \(name) PID \(side.pid): \(side.phase.name)")
            }
            if let exit = side.exit, before?.exit == nil {
                lines.append("\(at) \(name) PID \(side.pid) \(exit), reaped")
            }
        }
        if paused != previous?.paused ?? false {
            lines.append("\(at) producer PID \(producer.pid) \(paused ? "stopped (SIGSTOP)" : "continued (SIGCONT)")")
        }
        if !finished, tenth > previous?.tenth ?? 0 {
            lines.append(
                "\(at) producer PID \(producer.pid) sent \(grouped(producer.count)) items, consumer PID "
                    + "\(consumer.pid) received \(grouped(consumer.count)), \(grouped(inFlight)) in flight"
                    + (outOfOrder > 0 ? ", \(grouped(outOfOrder)) out of order" : ""))
        }
        return lines
    }
}

extension IPCReport: LabPayload {
    func plainLines(after previous: IPCReport?) -> [String] {
        [
            "producer PID \(producerPid) produced \(grouped(produced)) items (\(producerEnded); \(producerExit)); "
                + "consumer PID \(consumerPid) consumed \(grouped(consumed)) (\(consumerEnded); \(consumerExit)); "
                + "\(grouped(lost)) lost, \(grouped(outOfOrder)) out of order",
            "\(transport.rawValue): \(grouped(consumed)) items of \(size) bytes in \(twoDecimals(seconds)) s: "
                + "\(rate(itemsPerSecond)) items/s, \(byteRate(bytesPerSecond)); "
                + (completed ? "completed" : "not completed"),
        ]
    }
}

extension IPCCommand {
    /// The run the screen makes with these options (its time limit included).
    func plainRuns() throws -> [LabStart] {
        var lab = IPCLabState()
        lab.transport = transport
        lab.itemSize = size
        if let items { lab.items = items }
        if let seconds { lab.seconds = seconds }
        let config = lab.config
        return [LabStart(config) { executable in try IPCRunning(IPCRun.start(config, executable: executable)) }]
    }
}
