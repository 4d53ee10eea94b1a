import Labs

/// The process labs the loop owns while they run: the ipc run, and the crash
/// and fork labs, each on a thread of its own so the screen stays live.
/// Every child is killed and reaped by `stopAll` (on quit, on a signal, on
/// an error), and an ipc run is stopped before the next one starts.
struct ProcessLabRunner {
    /// The binary started as the children (tests start a built ptt).
    var executable = ChildExecutable.current
    private var ipc: IPCRun?
    private var crash: BackgroundJob<CrashReport>?
    private var fork: BackgroundJob<ForkReport>?

    /// Whether `effect` is one of the process labs'.
    static func handles(_ effect: Effect) -> Bool {
        switch effect {
        case .startIPC, .controlIPC, .stopIPC, .startCrash, .startFork: true
        default: false
        }
    }

    /// Carries out a process-lab effect; returns what `update` should hear
    /// (a lab that could not start).
    mutating func perform(_ effect: Effect) -> [Msg] {
        do {
            switch effect {
            case .startIPC(let config):
                ipc?.stop()
                ipc = nil
                ipc = try IPCRun.start(config, executable: executable)
            case .controlIPC(let control):
                switch control {
                case .pause: ipc?.pause()
                case .resume: ipc?.resume()
                case .delay(let nanos): ipc?.setDelay(nanoseconds: nanos)
                case .kill(let side): ipc?.kill(side)
                }
            case .stopIPC:
                ipc?.stop()
                ipc = nil
            case .startCrash:
                _ = crash?.wait()
                let executable = executable
                crash = try BackgroundJob.start(name: "crash-lab") { try CrashLab.run(executable: executable) }
            case .startFork:
                _ = fork?.wait()
                fork = try BackgroundJob.start(name: "fork-lab") { try ForkLab.run() }
            default:
                break
            }
        } catch {
            return [.labFailed(String(describing: error))]
        }
        return []
    }

    /// What the running labs have to say since the last frame.
    mutating func sample() -> [Msg] {
        var messages: [Msg] = []
        if let run = ipc {
            // The report first: once it is there both children are reaped,
            // and the snapshot taken after it shows how each ended.
            let report = run.report
            messages.append(.ipcProgress(run.snapshot))
            if let report {
                ipc = nil
                messages.append(.ipcFinished(report))
            }
        }
        if let result = crash?.result {
            crash = nil
            switch result {
            case .success(let report): messages.append(.crashFinished(report))
            case .failure(let error): messages.append(.labFailed(String(describing: error)))
            }
        }
        if let result = fork?.result {
            fork = nil
            switch result {
            case .success(let report): messages.append(.forkFinished(report))
            case .failure(let error): messages.append(.labFailed(String(describing: error)))
            }
        }
        return messages
    }

    /// Kills and reaps every child still running, and waits for the crash
    /// and fork labs (they end on their own, within a second).
    mutating func stopAll() {
        ipc?.stop()
        ipc = nil
        _ = crash?.wait()
        crash = nil
        _ = fork?.wait()
        fork = nil
    }
}

/// Routes the process labs' messages to their screens.
enum ProcessLabs {
    static let routes: Set<AppModel.Route> = [.ipc, .crash, .fork]

    static func receive(_ model: inout AppModel, _ msg: Msg) -> [Effect] {
        switch msg {
        case .ipcProgress, .ipcFinished: return IPCScreen.receive(&model, msg)
        case .crashFinished: return CrashScreen.receive(&model, msg)
        case .forkFinished: return ForkScreen.receive(&model, msg)
        case .labFailed:
            switch model.route {
            case .ipc: return IPCScreen.receive(&model, msg)
            case .crash: return CrashScreen.receive(&model, msg)
            case .fork: return ForkScreen.receive(&model, msg)
            default: return []
            }
        default: return []
        }
    }
}
