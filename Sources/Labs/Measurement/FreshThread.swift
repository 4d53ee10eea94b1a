import CSystem

/// Runs `body` on a new OS thread, pinned first to `cpu` when given, waits
/// for it and returns its result (or rethrows its error).
///
/// A measurement pins a thread of its own, never the caller: the pinning
/// ends with the thread, so nothing has to be restored.
func onFreshThread<T: Sendable>(
    name: String, cpu: Int?, _ body: @escaping @Sendable (_ pinned: Bool) throws -> T
) throws -> T {
    let box = Mailbox<Result<T, any Error>?>(nil)
    let group = try OSThreadGroup.start(count: 1, name: name) { _ in
        blockAllSignalsOnThisThread()
        let pinned = cpu.map { cs_pin_to_cpu(Int32($0)) == 0 } ?? false
        box.post(Result { try body(pinned) })
    }
    group.join()
    return try box.read()!.get()
}
