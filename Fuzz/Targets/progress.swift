import Foundation

/// libFuzzer target: any bytes as `progress.json`. Decoding, a merge with
/// the result, an answer on every card and encoding must never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProgress(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard case .read(let progress, _, let raw) = ProgressStore.decode(Data(bytes: data, count: size)) else { return 0 }
    var mine = progress
    let now = Date(timeIntervalSince1970: 1_741_618_800)
    for (id, _) in progress.quiz.cards.prefix(20) {
        let question = QuizQuestion(
            id: id, level: .beginner, section: "process", prompt: InlineParser.parse(id), answer: [], keyPoints: [])
        mine.recordAnswer(question, correct: false, at: now, practice: false, scheduler: FSRSScheduler())
        mine.recordAnswer(question, correct: true, at: now, practice: false, scheduler: LeitnerScheduler())
    }
    for name in progress.labs.keys.prefix(20) { mine.recordLab(name, at: now) }
    let merged = LearnerProgress.merge(disk: progress, mine: mine, base: LearnerProgress())
    _ = try? ProgressStore.encode(merged, keeping: raw, path: "fuzz.json")
    return 0
}
