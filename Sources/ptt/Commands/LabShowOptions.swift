import ArgumentParser
import Labs

/// How every lab can be shown besides its live screen: as plain lines, or
/// recorded and played back. Each `ptt demo NAME` command takes this group.
struct LabShowOptions: ParsableArguments {
    @Flag(help: "One line per event on stdout: no cursor movement, no box drawing, no colour.")
    var plain = false

    @Option(help: ArgumentHelp("Save what the run showed (snapshots, times, report) to FILE.", valueName: "file"))
    var record: String?

    @Option(help: ArgumentHelp("Play a recorded run back on the live screen, labelled as a replay.", valueName: "file"))
    var replay: String?

    /// A file given to `--replay` must be a recording this ptt reads (the
    /// lab's own checks follow: `DemoCommand.replayProblem`, `LabCommand.loadReplay`).
    func validate() throws {
        if record != nil && replay != nil { throw ValidationError("--record and --replay do not go together") }
        // Version 1 is a lab's own recording (the scheduler game's), which that lab checks.
        if let replay, LabSessionRecording.version(of: replay) != 1 {
            do {
                _ = try LabSessionRecording.read(from: replay)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }
}
