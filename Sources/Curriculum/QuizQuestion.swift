/// How hard an interview question is: the article has one question per level.
public enum QuizLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case beginner, intermediate, senior

    public static func < (a: QuizLevel, b: QuizLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One interview question from the bank in `lessons/quiz/` (the format is in
/// `docs/quiz-format.md`).
///
/// A question with choices is multiple choice and graded by ptt; one without
/// is open recall: the learner answers in their head (or types), reveals the
/// model answer and key points, and grades themself.
public struct QuizQuestion: Sendable, Equatable, Identifiable {
    public enum Kind: String, Sendable, Equatable {
        case choice, recall
    }

    /// One option of a multiple-choice question.
    public struct Choice: Sendable, Equatable {
        public var text: RichText
        public var isRight: Bool
        /// Why this option is wrong (required for wrong options), or a note
        /// on the right one (optional).
        public var explanation: RichText?
        /// Where the choice is written (0: not from a file), for messages.
        public var line: Int

        public init(text: RichText, isRight: Bool, explanation: RichText? = nil, line: Int = 0) {
            self.text = text
            self.isRight = isRight
            self.explanation = explanation
            self.line = line
        }
    }

    /// Unique across the bank; progress is kept under it, so renaming an id
    /// forgets what was learned about that question.
    public var id: String
    public var level: QuizLevel
    /// The id of the lesson the question comes from.
    public var section: String
    public var prompt: RichText
    /// Empty for open recall.
    public var choices: [Choice]
    /// The model answer: paragraphs, lists and code, as in a lesson.
    public var answer: [Block]
    /// What an answer must mention (2 to 5).
    public var keyPoints: [RichText]
    /// The lab that shows the answer (`lab: NAME` under the heading; a name
    /// from the app's lab registry), nil when none does.
    public var lab: String?
    /// Where the question is written, for messages.
    public var file: String
    public var line: Int

    public init(
        id: String, level: QuizLevel, section: String, prompt: RichText, choices: [Choice] = [], answer: [Block],
        keyPoints: [RichText], lab: String? = nil, file: String = "", line: Int = 1
    ) {
        self.id = id
        self.level = level
        self.section = section
        self.prompt = prompt
        self.choices = choices
        self.answer = answer
        self.keyPoints = keyPoints
        self.lab = lab
        self.file = file
        self.line = line
    }

    public var kind: Kind { choices.isEmpty ? .recall : .choice }

    /// The index of the right choice (nil for open recall).
    public var rightChoice: Int? { choices.firstIndex { $0.isRight } }
}
