import Labs

/// `ptt demo fork --plain`: the two PIDs, and the value each reads at the same address.
extension ForkReport: LabPayload {
    func plainLines(after previous: ForkReport?) -> [String] {
        [
            "fork: parent ptt PID \(parentPid) held \(initialValue) at \(parentAddress), then forked child PID \(childPid)",
            "child PID \(childPid) wrote \(childValue) to its copy and read back \(childValue) at \(childAddress)",
            "parent PID \(parentPid) reads \(parentValue) at \(parentAddress)"
                + (parentValue == initialValue ? ": unchanged" : "")
                + (parentAddress == childAddress ? " (the same virtual address, two copies of the page)" : ""),
            "child PID \(childPid) \(childExit), reaped by the parent",
        ]
    }
}

extension ForkCommand {
    /// The one run the screen makes.
    func plainRuns() throws -> [LabStart] {
        [LabStart("fork") { _ in try OneShotRun(name: "fork-lab") { try ForkLab.run() } }]
    }
}
