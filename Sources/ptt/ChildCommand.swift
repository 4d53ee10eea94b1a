import ArgumentParser
import Glibc
import Labs

extension IPCTransport: ExpressibleByArgument {}
extension ChildRole: ExpressibleByArgument {}

/// `ptt __child ROLE --parent PID …`: a lab's child process. Hidden: ptt
/// starts it itself (`ChildProcess.spawn`), with fixed arguments and its
/// descriptors in place; by hand it has nothing to talk to.
struct ChildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ChildExecutable.subcommand,
        abstract: "Internal: a lab's child process, started by ptt itself.",
        shouldDisplay: false
    )

    @Argument(help: "What the child does.")
    var role: ChildRole

    @Option(help: "The PID of the ptt that started it; the child exits if that is not its parent.")
    var parent: Int32

    @Option(help: "ipc: the channel on descriptor 3.")
    var transport: IPCTransport = .pipe

    @Option(help: "ipc: items before the sentinel.")
    var items = 0

    @Option(help: "ipc: bytes per item.")
    var size = 64

    @Option(help: "ipc: slots of the shared-memory ring (a power of two).")
    var slots = 1024

    @Option(help: "ipc: the producer's time limit, in seconds.")
    var seconds: Double?

    @Option(help: "threads: how many threads in all.")
    var threads = CrashLab.threads

    func validate() throws {
        guard IPCConfig.sizeRange.contains(size) else { throw ValidationError("--size out of range") }
        guard slots >= 2, slots & (slots - 1) == 0 else { throw ValidationError("--slots must be a power of two") }
        guard items >= 0, (2...64).contains(threads) else { throw ValidationError("--items or --threads out of range") }
    }

    func run() throws {
        guard ChildRole.adoptParentDeathSignal(parent: parent) else { throw ExitCode(1) }
        role.nameProcess()
        let options = IPCChildOptions(
            transport: transport, items: items, size: size, slots: slots, maxSeconds: seconds)
        throw ExitCode(role.run(options, threads: threads))
    }
}
