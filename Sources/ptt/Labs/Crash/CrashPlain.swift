import Labs

/// `ptt demo crash --plain`: which PID died by which signal, and who survived.
extension CrashReport: LabPayload {
    func plainLines(after previous: CrashReport?) -> [String] {
        let a = processCrash
        let b = threadCrash
        func death(_ signal: String, _ number: Int32, _ exit: String, core: Bool) -> String {
            signal == "none" ? exit : "killed by \(signal) (signal \(number)), \(core ? "core dumped" : "no core dump")"
        }
        let crasher = b.threads.first { $0.tid == b.crashedThread }.map { "TID \($0.tid) (\($0.name))" }
        let tids = b.threads.map { "\($0.tid) \($0.name)" }.joined(separator: ", ")
        return [
            "(a) a process crashes: ptt PID \(a.parentPid) started child PID \(a.pid) and its sibling PID \(a.siblingPid)",
            "child PID \(a.pid) stored through a null pointer: "
                + death(a.signal, a.signalNumber, a.exit, core: a.coreDumped)
                + "; status \(CrashScreen.hex(a.status)), in a shell $? = \(a.shellStatus)",
            "sibling PID \(a.siblingPid) "
                + (a.siblingSurvived
                    ? "survived: it beat \(grouped(a.siblingBeatsAfterCrash)) more times after the crash, then \(a.siblingExit)"
                    : "did not survive: \(a.siblingExit)"),
            "ptt PID \(a.parentPid) "
                + (a.parentSurvived ? "survived: it read the status with waitpid() and went on" : "did not survive"),
            "(b) a thread crashes: PID \(b.pid) runs \(b.threadsInProcess) threads (TID name: \(tids)); "
                + "\(crasher ?? "TID \(b.crashedThread)") stored through a null pointer",
            "PID \(b.pid) " + death(b.signal, b.signalNumber, b.exit, core: b.coreDumped) + "; "
                + (b.allDied
                    ? "all \(b.threadsInProcess) threads died with it: none of their /proc/TID entries exists any more"
                    : "some of its threads are still listed in /proc"),
        ]
    }
}

extension CrashCommand {
    /// The one run the screen makes.
    func plainRuns() throws -> [LabStart] {
        [
            LabStart("crash") { executable in
                try OneShotRun(name: "crash-lab") { try CrashLab.run(executable: executable) }
            }
        ]
    }
}
