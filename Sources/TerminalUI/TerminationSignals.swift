import CSystem
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The last termination signal received (0: none). Written only by the handler.
private let pendingSignal = Atomic<Int32>(0)

/// Catches SIGINT, SIGTERM, SIGHUP and SIGQUIT so the loop can restore the
/// terminal, stop the labs and exit, instead of dying with the terminal in
/// raw mode (SIGQUIT's default would also hand ptt to the runtime's
/// backtracer, which waits at the terminal).
///
/// The handler only stores the signal number in an atomic (async-signal-safe);
/// `sa_flags` is 0 (no `SA_RESTART`), so a blocking read returns EINTR and the
/// loop wakes up and sees it.
public enum TerminationSignals {
    public static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    public static func install() {
        for sig in handled {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
                pendingSignal.store(signal, ordering: .relaxed)
                cs_wake()  // the main loop's wait ends even if the signal came just before it began
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(sig, &action, nil)
        }
    }

    /// Puts the default actions back (before re-raising, or when done).
    public static func restoreDefaults() {
        for sig in handled { signal(sig, SIG_DFL) }
    }

    /// The pending signal, if any, without clearing it.
    public static var pending: Int32? {
        let s = pendingSignal.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }
}
