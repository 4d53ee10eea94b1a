import Foundation

extension LearnerProgress {
    /// What is on disk now, with what this process changed since `base`
    /// applied to it: two ptt saving one file lose nothing either recorded.
    ///
    /// - Answers: the file's, plus those this process recorded since `base`,
    ///   oldest first, the newest ``historyLimit`` kept.
    /// - A lesson: read if either says so (the earlier `readAt`); the reading
    ///   position is this process's if it moved it, else the file's.
    /// - A lab: the file's runs plus the runs this process added; the later `lastRun`.
    /// - A question's schedule: the card with the later review. Cards from two
    ///   different schedulers are not mixed: the schedule is rebuilt from the
    ///   merged history at the next answer (see ``adopt(_:)``).
    /// - A measurement: the one this process took, unless the file has a later one.
    ///
    ///     let saved = LearnerProgress.merge(disk: onDisk, mine: progress, base: loadedAtStart)
    public static func merge(disk: LearnerProgress, mine: LearnerProgress, base: LearnerProgress) -> LearnerProgress {
        var result = disk
        result.version = currentVersion
        for (id, lesson) in mine.lessons {
            var merged = disk.lessons[id] ?? LessonProgress()
            if lesson.read {
                merged.readAt = earliest(merged.read ? merged.readAt : nil, lesson.readAt)
                merged.read = true
            }
            if lesson.position != (base.lessons[id] ?? LessonProgress()).position { merged.position = lesson.position }
            result.lessons[id] = merged
        }
        for (name, lab) in mine.labs {
            var merged = disk.labs[name] ?? LabProgress()
            let added = lab.runs.saturatingAdd(-(base.labs[name]?.runs ?? 0))
            merged.runs = merged.runs.saturatingAdd(max(0, added))
            merged.lastRun = latest(merged.lastRun, lab.lastRun)
            result.labs[name] = merged
        }
        result.quiz.history = unionHistory(disk.quiz.history, mine.quiz.history, base: base.quiz.history)
        if disk.quiz.scheduler != mine.quiz.scheduler {
            // Replayed at the next answer; until then the newer card is the best guess.
            result.quiz.scheduler = ""
        }
        for (id, card) in mine.quiz.cards where card != base.quiz.cards[id] {
            if let theirs = disk.quiz.cards[id], theirs.lastReview > card.lastReview { continue }
            result.quiz.cards[id] = card
        }
        // Wrong predictions and scenario results this process added or changed.
        for (id, miss) in mine.predictionMisses where miss != base.predictionMisses[id] {
            result.predictionMisses[id] = miss
        }
        for (id, mineScenario) in mine.scenarios where mineScenario != base.scenarios[id] {
            var merged = disk.scenarios[id] ?? mineScenario
            if mineScenario.status == .done || merged.status == nil {
                merged.status = mineScenario.status ?? merged.status
            }
            if let steps = mineScenario.bestSteps { merged.bestSteps = min(steps, merged.bestSteps ?? steps) }
            merged.shortest = mineScenario.shortest ?? merged.shortest
            merged.hintsUsed = max(merged.hintsUsed, mineScenario.hintsUsed)
            result.scenarios[id] = merged
        }
        // A measurement this process took replaces the file's, unless the file's is newer.
        for (lab, record) in mine.measurements where record != base.measurements[lab] {
            if let theirs = disk.measurements[lab], theirs.at > record.at { continue }
            result.measurements[lab] = record
        }
        return result
    }

    /// The file's answers plus the ones this process recorded since `base`.
    /// (Not a union by value: the file keeps whole seconds, and two ptt can
    /// answer the same question within one second.)
    static func unionHistory(_ disk: [QuizAnswer], _ mine: [QuizAnswer], base: [QuizAnswer]) -> [QuizAnswer] {
        var known: [QuizAnswer: Int] = [:]
        for answer in base { known[answer, default: 0] += 1 }
        let onDisk = Set(disk)
        var all = disk
        for answer in mine {
            if let n = known[answer], n > 0 {
                known[answer] = n - 1
            } else if !onDisk.contains(answer) {
                all.append(answer)
            }
        }
        if all.count == disk.count { return disk }
        // Stable: answers at the same moment keep their order.
        all = all.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        if all.count > historyLimit { all.removeFirst(all.count - historyLimit) }
        return all
    }

    private static func earliest(_ a: Date?, _ b: Date?) -> Date? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a, b)
    }

    private static func latest(_ a: Date?, _ b: Date?) -> Date? {
        guard let a else { return b }
        guard let b else { return a }
        return max(a, b)
    }
}

/// Keys of `progress.json` this ptt does not know, written by a newer one:
/// copied back into what this ptt writes, so its data outlives an older ptt.
enum UnknownKeys {
    static let top: Set<String> = ["version", "lessons", "labs", "quiz", "measurements"]
    static let lesson: Set<String> = ["read", "readAt", "position"]
    static let lab: Set<String> = ["runs", "lastRun"]
    static let quiz: Set<String> = ["scheduler", "cards", "history"]
    static let card: Set<String> = ["due", "lastReview", "reviews", "lapses", "memory"]
    static let answer: Set<String> = ["question", "level", "section", "correct", "at", "practice"]

    /// True when `disk` holds any key this ptt would drop.
    static func any(in disk: [String: Any]) -> Bool {
        var probe: [String: Any] = [:]
        return restore(into: &probe, from: disk, onlyCheck: true)
    }

    /// Copies unknown keys of `disk` into `encoded`, object by object
    /// (top level, quiz, each lesson, lab, card and answer present in both).
    /// Returns whether there were any.
    @discardableResult
    static func restore(into encoded: inout [String: Any], from disk: [String: Any], onlyCheck: Bool = false) -> Bool {
        var found = false
        func copy(_ known: Set<String>, from source: [String: Any], into target: inout [String: Any]) {
            for (key, value) in source where !known.contains(key) && target[key] == nil {
                found = true
                if !onlyCheck { target[key] = value }
            }
        }
        func each(_ key: String, _ known: Set<String>, from source: [String: Any], into target: inout [String: Any]) {
            guard let theirs = source[key] as? [String: Any] else { return }
            var ours = target[key] as? [String: Any] ?? [:]
            for (id, entry) in theirs {
                guard let entry = entry as? [String: Any] else { continue }
                if onlyCheck {
                    var probe: [String: Any] = [:]
                    copy(known, from: entry, into: &probe)
                } else if var mine = ours[id] as? [String: Any] {
                    copy(known, from: entry, into: &mine)
                    ours[id] = mine
                }
            }
            if !onlyCheck && target[key] != nil { target[key] = ours }
        }
        copy(top, from: disk, into: &encoded)
        each("lessons", lesson, from: disk, into: &encoded)
        each("labs", lab, from: disk, into: &encoded)
        if let theirQuiz = disk["quiz"] as? [String: Any] {
            var ourQuiz = encoded["quiz"] as? [String: Any] ?? [:]
            copy(quiz, from: theirQuiz, into: &ourQuiz)
            each("cards", card, from: theirQuiz, into: &ourQuiz)
            // Answers are matched by question and moment.
            if let theirs = theirQuiz["history"] as? [[String: Any]] {
                var byKey: [String: [String: Any]] = [:]
                for entry in theirs {
                    var probe: [String: Any] = [:]
                    let before = found
                    copy(answer, from: entry, into: &probe)
                    if found && !before || !probe.isEmpty { byKey[answerKey(entry)] = entry }
                }
                if !onlyCheck, !byKey.isEmpty, var ours = ourQuiz["history"] as? [[String: Any]] {
                    for i in ours.indices {
                        if let entry = byKey[answerKey(ours[i])] { copy(answer, from: entry, into: &ours[i]) }
                    }
                    ourQuiz["history"] = ours
                }
            }
            if !onlyCheck && encoded["quiz"] != nil { encoded["quiz"] = ourQuiz }
        }
        return found
    }

    private static func answerKey(_ entry: [String: Any]) -> String {
        "\(entry["question"] as? String ?? "")\u{0}\(entry["at"] as? String ?? "")"
    }
}
