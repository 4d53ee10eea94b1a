/// The ipc lab's progress board: a page of shared memory (a second channel,
/// apart from the one the items travel through) where each side publishes
/// its count and phase and ptt reads them ~30 times a second.
///
/// Each writer has its own cache line, so the producer's per-item store does
/// not slow the consumer's, and ptt's rare writes disturb neither.
enum IPCBoard {
    static let size = 4096

    // Line 0, written by ptt.
    static let producerPid = 0
    static let consumerPid = 1
    /// 1 once both children exist and their PIDs are here.
    static let go = 2
    /// The producer's pause between items, in nanoseconds ("slow it down").
    static let delayNanos = 3

    // Line 1, written by the producer.
    static let produced = 8
    static let producerPhase = 9
    static let producerErrno = 10
    /// When the producer passed the go (`MonotonicClock` nanoseconds).
    static let startNanos = 11
    static let producerEndNanos = 12

    // Line 2, written by the consumer.
    static let consumed = 16
    static let inOrder = 17
    static let outOfOrder = 18
    static let consumerPhase = 19
    static let consumerErrno = 20
    static let consumerEndNanos = 21

    /// Descriptors a child finds its channel end and the board on.
    static let channelDescriptor: Int32 = 3
    static let boardDescriptor: Int32 = 4

    /// The sequence number that ends the stream, like the article's `None`.
    static let sentinel = UInt64.max

    /// Shared-memory ring layout: head on line 0, tail on line 1, slots from byte 128.
    static let ringHead = 0
    static let ringTail = 8
    static let ringSlotsOffset = 128

    static func ringBytes(slots: Int, stride: Int) -> Int { ringSlotsOffset + slots * stride }
}
