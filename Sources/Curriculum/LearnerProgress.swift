import Foundation

/// What a learner has done, kept between runs in `progress.json`
/// (see ``ProgressStore``): lessons read and where the reader was, labs run,
/// every quiz answer, and the review schedule.
///
/// Plain Codable data. Keys missing from a file (written by an older ptt, or
/// edited by hand) read as empty, so a field added later never makes an old
/// file "damaged"; `version` says when the meaning of a field changes.
public struct LearnerProgress: Sendable, Codable, Equatable {
    /// The format this ptt writes. A file with a higher version comes from a
    /// newer ptt and is set aside, not misread.
    public static let currentVersion = 1
    /// History beyond this many answers drops the oldest (the schedule keeps
    /// what matters; this only bounds the file).
    public static let historyLimit = 5000

    public var version: Int
    /// By lesson id.
    public var lessons: [String: LessonProgress]
    /// By lab name.
    public var labs: [String: LabProgress]
    public var quiz: QuizProgress
    /// Wrong lab predictions kept as quiz cards, by card id (``PredictionMiss``).
    public var predictionMisses: [String: PredictionMiss]
    /// By scenario id: the scheduler puzzles solved or shown.
    public var scenarios: [String: ScenarioProgress]
    /// The measurement labs' latest results, by lab name (``MeasurementRecord``).
    public var measurements: [String: MeasurementRecord]

    public init() {
        version = Self.currentVersion
        lessons = [:]
        labs = [:]
        quiz = QuizProgress()
        predictionMisses = [:]
        scenarios = [:]
        measurements = [:]
    }

    enum CodingKeys: String, CodingKey {
        case version, lessons, labs, quiz, predictionMisses, scenarios, measurements
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        // Entry by entry: one that makes no sense is set aside, not the file.
        lessons = try c.decodeChecked([String: LessonProgress].self, forKey: .lessons)
        labs = try c.decodeChecked([String: LabProgress].self, forKey: .labs)
        quiz = try c.decodeIfPresent(QuizProgress.self, forKey: .quiz) ?? QuizProgress()
        predictionMisses = try c.decodeIfPresent([String: PredictionMiss].self, forKey: .predictionMisses) ?? [:]
        scenarios = try c.decodeIfPresent([String: ScenarioProgress].self, forKey: .scenarios) ?? [:]
        // A record filed under another lab's name is set aside like a nonsense one.
        let records = try c.decodeChecked([String: MeasurementRecord].self, forKey: .measurements)
            .filter { $0.key == $0.value.lab }
        measurements =
            records.count <= MeasurementRecord.countLimit
            ? records
            : Dictionary(
                uniqueKeysWithValues: records.sorted { $0.value.at > $1.value.at }.prefix(MeasurementRecord.countLimit)
                    .map { ($0.key, $0.value) })
    }

    // MARK: Lessons

    /// Ids of the lessons read to the end.
    public var readLessons: Set<String> { Set(lessons.filter { $0.value.read }.keys) }

    public mutating func markRead(_ id: String, at date: Date) {
        var lesson = lessons[id] ?? LessonProgress()
        guard !lesson.read else { return }
        lesson.read = true
        lesson.readAt = date
        lessons[id] = lesson
    }

    /// Remembers where the reader is in a lesson (the first line on screen).
    public mutating func setPosition(_ id: String, line: Int) {
        guard lessons[id]?.position != line else { return }
        var lesson = lessons[id] ?? LessonProgress()
        lesson.position = line
        lessons[id] = lesson
    }

    // MARK: Labs

    public mutating func recordLab(_ name: String, at date: Date) {
        var lab = labs[name] ?? LabProgress()
        lab.runs = lab.runs.saturatingAdd(1)
        lab.lastRun = date
        labs[name] = lab
    }

    // MARK: Quiz

    /// Records an answer. Unless it was practice (`ptt quiz --cram`), the
    /// scheduler moves the question's next review; practice leaves the
    /// schedule exactly as it was.
    public mutating func recordAnswer(
        _ question: QuizQuestion, correct: Bool, at date: Date, practice: Bool, scheduler: any ReviewScheduler
    ) {
        recordAnswer(question, grade: correct ? .good : .again, at: date, practice: practice, scheduler: scheduler)
    }

    /// Records an answer with a finer grade: an open question self-graded
    /// "partly" is `.hard` (see ``SelfGrade``). It counts as right in the
    /// history and comes back sooner than a `.good`.
    public mutating func recordAnswer(
        _ question: QuizQuestion, grade: ReviewGrade, at date: Date, practice: Bool, scheduler: any ReviewScheduler
    ) {
        quiz.history.append(
            QuizAnswer(
                question: question.id, level: question.level, section: question.section, correct: grade.passed,
                at: date, practice: practice, grade: grade))
        if quiz.history.count > Self.historyLimit { quiz.history.removeFirst(quiz.history.count - Self.historyLimit) }
        guard !practice else { return }
        adopt(scheduler)
        quiz.cards[question.id] = scheduler.review(quiz.cards[question.id], grade: grade, at: date)
    }

    /// When the cards were made by another scheduler, replays the history
    /// through this one, so a swap keeps what was learned.
    public mutating func adopt(_ scheduler: any ReviewScheduler) {
        guard quiz.scheduler != scheduler.name else { return }
        var cards: [String: ReviewCard] = [:]
        for answer in quiz.history where !answer.practice {
            cards[answer.question] = scheduler.review(cards[answer.question], grade: answer.reviewGrade, at: answer.at)
        }
        quiz.cards = cards
        quiz.scheduler = scheduler.name
    }

    /// The last answer to each question, by id.
    public var lastAnswers: [String: QuizAnswer] {
        var last: [String: QuizAnswer] = [:]
        for answer in quiz.history { last[answer.question] = answer }
        return last
    }

    /// Counts for `ptt progress` and the home screen. Only questions still in
    /// the bank count; `answered` is questions answered at least once,
    /// `correct` those whose last answer was right, `due` those whose review
    /// time has come.
    public func quizSummary(bank: QuizBank, at now: Date) -> QuizSummary {
        let last = lastAnswers
        var summary = QuizSummary()
        for question in bank.questions {
            var counts = summary.byLevel[question.level] ?? QuizCounts()
            counts.total += 1
            if let answer = last[question.id] {
                counts.answered += 1
                if answer.correct { counts.correct += 1 }
            }
            if let card = quiz.cards[question.id] {
                if card.isDue(at: now) {
                    counts.due += 1
                } else if summary.nextDue.map({ card.due < $0 }) ?? true {
                    summary.nextDue = card.due
                }
            } else {
                counts.new += 1
            }
            summary.byLevel[question.level] = counts
        }
        return summary
    }
}

public struct LessonProgress: Sendable, Codable, Equatable {
    public var read = false
    public var readAt: Date?
    /// The first line on screen when the reader last left the lesson.
    public var position = 0

    public init() {}

    enum CodingKeys: String, CodingKey { case read, readAt, position }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        read = try c.decodeIfPresent(Bool.self, forKey: .read) ?? false
        readAt = try c.decodeIfPresent(Date.self, forKey: .readAt)
        position = try c.decodeWholeNumber(forKey: .position) ?? 0
        try ProgressLimits.check(position, ProgressLimits.position, "position")
        try ProgressLimits.check(readAt, "readAt")
    }
}

public struct LabProgress: Sendable, Codable, Equatable {
    public var runs = 0
    public var lastRun: Date?

    public init() {}

    enum CodingKeys: String, CodingKey { case runs, lastRun }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        runs = try c.decodeWholeNumber(forKey: .runs) ?? 0
        lastRun = try c.decodeIfPresent(Date.self, forKey: .lastRun)
        try ProgressLimits.check(runs, ProgressLimits.count, "runs")
        try ProgressLimits.check(lastRun, "lastRun")
    }
}

public struct QuizProgress: Sendable, Codable, Equatable {
    /// The scheduler that wrote `cards` (see ``ReviewScheduler/name``).
    public var scheduler = FSRSScheduler().name
    /// The schedule, by question id: only questions answered outside practice.
    public var cards: [String: ReviewCard] = [:]
    /// Every answer, oldest first.
    public var history: [QuizAnswer] = []

    public init() {}

    enum CodingKeys: String, CodingKey { case scheduler, cards, history }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        scheduler = try c.decodeIfPresent(String.self, forKey: .scheduler) ?? FSRSScheduler().name
        let stored = try c.decodeIfPresent([String: Checked<ReviewCard>].self, forKey: .cards) ?? [:]
        cards = stored.compactMapValues(\.value)
        history = try c.decodeChecked([QuizAnswer].self, forKey: .history)
        // A card set aside is rebuilt from the history at the next answer:
        // no scheduler has the empty name, so ``LearnerProgress/adopt(_:)`` replays.
        if cards.count < stored.count { scheduler = "" }
    }
}

/// One answer, as it happened.
public struct QuizAnswer: Sendable, Codable, Hashable {
    public var question: String
    public var level: QuizLevel
    public var section: String
    public var correct: Bool
    public var at: Date
    /// Asked in a practice round (`--cram`): the schedule was not changed.
    public var practice: Bool
    /// The grade given, when finer than right/wrong ("partly" is `.hard`);
    /// nil in files written before grades were kept.
    public var grade: ReviewGrade?

    public init(
        question: String, level: QuizLevel, section: String, correct: Bool, at: Date, practice: Bool,
        grade: ReviewGrade? = nil
    ) {
        self.question = question
        self.level = level
        self.section = section
        self.correct = correct
        self.at = at
        self.practice = practice
        self.grade = grade
    }

    /// The grade to replay: the one stored, else right as `.good` and wrong as `.again`.
    public var reviewGrade: ReviewGrade { grade ?? (correct ? .good : .again) }

    enum CodingKeys: String, CodingKey { case question, level, section, correct, at, practice, grade }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        question = try c.decode(String.self, forKey: .question)
        level = try c.decode(QuizLevel.self, forKey: .level)
        section = try c.decode(String.self, forKey: .section)
        correct = try c.decode(Bool.self, forKey: .correct)
        at = try c.decode(Date.self, forKey: .at)
        practice = try c.decodeIfPresent(Bool.self, forKey: .practice) ?? false
        grade = try c.decodeIfPresent(ReviewGrade.self, forKey: .grade)
        try ProgressLimits.check(at, "at")
    }
}

public struct QuizCounts: Sendable, Equatable, Codable {
    public var total = 0
    public var answered = 0
    public var correct = 0
    public var due = 0
    /// Never answered outside practice: not on the schedule yet.
    public var new = 0

    public init() {}
}

public struct QuizSummary: Sendable, Equatable {
    public var byLevel: [QuizLevel: QuizCounts] = [:]
    /// The earliest review still to come (nil: none scheduled, or all due).
    public var nextDue: Date?

    public init() {}

    public var all: QuizCounts {
        byLevel.values.reduce(into: QuizCounts()) { sum, c in
            sum.total += c.total
            sum.answered += c.answered
            sum.correct += c.correct
            sum.due += c.due
            sum.new += c.new
        }
    }
}
