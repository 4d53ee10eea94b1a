import Curriculum
import Dispatch
import Foundation

extension LessonParts {
    /// A long lesson parsed in one part per CPU (at most 8), the parts run at
    /// once by `DispatchQueue.concurrentPerform`: the app has the threads,
    /// Curriculum has none.
    static let everyCPU = LessonParts(count: min(8, ProcessInfo.processInfo.activeProcessorCount)) { n, body in
        DispatchQueue.concurrentPerform(iterations: n, execute: body)
    }
}
