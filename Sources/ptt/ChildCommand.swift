import ArgumentParser
import Glibc
import Labs

/// `ptt __child ROLE --parent PID …`: a lab's child process. Hidden: ptt
/// starts it itself (`ChildProcess.spawn`), with fixed arguments and its
/// descriptors in place; by hand it has nothing to talk to.
struct ChildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ChildExecutable.subcommand,
        abstract: "Internal: a lab's child process, started by ptt itself.",
        shouldDisplay: false
    )

    /// Every role a lab's child can take. Each lab declares its roles beside
    /// its code; this list only collects them.
    static var roles: [ChildRole] {
        IPCChild.roles + CrashChild.roles + SwitchLab.roles + SpawnLab.roles + ScalingLab.roles
    }

    /// `ROLE --parent PID` and then the role's own `--name value` pairs; read by
    /// hand, since every role has its own arguments.
    @Argument(parsing: .captureForPassthrough, help: "ROLE --parent PID, then the role's own arguments.")
    var words: [String] = []

    func run() throws {
        let arguments = ChildArguments(Array(words.dropFirst()))
        guard let role = words.first, let entry = Self.roles.first(where: { $0.name == role }),
            let parent = arguments.string("--parent").flatMap({ pid_t($0) })
        else { throw ExitCode(2) }
        guard ChildRole.adoptParentDeathSignal(parent: parent) else { throw ExitCode(1) }
        entry.nameProcess()
        throw ExitCode(entry.main(arguments))
    }
}
