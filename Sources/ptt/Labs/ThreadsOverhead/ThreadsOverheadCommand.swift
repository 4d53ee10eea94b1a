import ArgumentParser
import Foundation
import Labs

/// The threads-overhead lab in the registry, and `ptt demo threads-overhead`.
enum ThreadsOverheadLabEntry {
    static let entry = LabEntry(
        name: "threads-overhead",
        summary: "10 to 10,000 blocked threads: creation time, reserved vs resident memory, limits; then epoll",
        command: ThreadsOverheadCommand.self,
        open: { app in ThreadsOverheadCommand.openScreen(ThreadsOverheadScreen(), &app) },
        payloads: [ThreadsOverheadProgress.self, ThreadsOverheadReport.self],
        childRoles: ThreadsOverheadChild.roles)
}

/// A threads-overhead run on the loop's terms; stopping cancels it and
/// waits (the lab kills and reaps its child, which takes its threads with it).
final class ThreadsOverheadRunning: RunningLab {
    private let job: BackgroundJob<ThreadsOverheadReport>
    private let snapshots: Mailbox<ThreadsOverheadSnapshot>
    private let cancel = CancellationFlag()
    private let limits = ThreadLimits.current()
    private let connections: Int

    init(maxThreads: Int, connections: Int, executable: ChildExecutable) throws {
        let snapshots = Mailbox(
            ThreadsOverheadSnapshot(
                phase: .threads, threadsTarget: 0, threadsBlocked: 0, tasksInChild: 0, connectionsServed: 0,
                elapsedMs: 0))
        self.snapshots = snapshots
        self.connections = connections
        let cancel = cancel
        job = try BackgroundJob.start(name: "threads-lab") {
            try ThreadsOverheadLab.run(
                executable: executable, maxThreads: maxThreads, connections: connections, cancel: cancel,
                snapshots: snapshots)
        }
    }

    func sample() -> [LabOutput] {
        let result = job.result
        let progress = LabOutput.progress(
            ThreadsOverheadProgress(snapshot: snapshots.read(), limits: limits, connections: connections))
        switch result {
        case nil: return [progress]
        case .success(let report)?: return [progress, .finished(report)]
        case .failure(let error)?: return [progress, .failed(String(describing: error))]
        }
    }

    func stop() {
        cancel.cancel()
        _ = job.wait()
    }
}

struct ThreadsOverheadCommand: LabCommand {
    static let configuration = CommandConfiguration(
        commandName: "threads-overhead",
        abstract:
            "Start 10, 100, 1,000, 10,000 blocked threads: time, reserved vs resident memory, limits; then epoll.",
        discussion: """
            Real threads, in a sacrificial child process; every one is joined afterwards. JSON keys: lab, \
            childPid, stackSizeBytes, limits{…}, steps[{threads, created, error, createMs, microsPerThread, \
            vmSizeGrowthKiB, rssGrowthKiB, tasksBefore, tasksWhileBlocked, tasksAfter, allJoined, …}], \
            allThreadsJoined, childTasksAtStart, childTasksAtEnd, epoll{connections, setupMs, exchangeMs, \
            rssGrowthKiB, limitedBy, …} (docs/labs.md).
            """)

    @Option(help: "The most threads to start: steps of 10, 100, 1,000, 10,000 up to it, and it (1…100,000).")
    var max: Int = 10_000

    @Option(help: "Socketpair connections one epoll thread serves (0…100,000; 0: skip).")
    var connections: Int = 10_000

    @Flag(help: "Print one JSON report on stdout instead of the live screen.")
    var json = false

    @OptionGroup var show: LabShowOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        try check(max, in: 1...100_000, "--max")
        try check(connections, in: 0...100_000, "--connections")
    }

    func report() throws -> any Encodable {
        try ThreadsOverheadLab.run(maxThreads: max, connections: connections)
    }

    func open(_ app: inout AppModel) -> [Effect] {
        Self.openScreen(ThreadsOverheadScreen(maxThreads: max, connections: connections), &app)
    }

    /// Puts `screen` in front and starts its run.
    static func openScreen(_ screen: ThreadsOverheadScreen, _ app: inout AppModel) -> [Effect] {
        var screen = screen
        let start = screen.start(&app)
        return [.push(screen)] + start
    }
}
