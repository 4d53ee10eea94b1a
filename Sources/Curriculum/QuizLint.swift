/// Checks on a valid question that keep a quiz from being guessed: today, a
/// right choice so much longer than the others that its length gives it away.
///
///     QuizLint.lengthGiveaway(question)  // nil, or a warning naming file:line
///
/// The shipped bank passes them; `ptt check` prints them as warnings beside
/// the errors (they are in ``QuizBank/diagnostics`` with severity `.warning`).
public enum QuizLint {
    /// The right choice gives itself away when it is longer than the longest
    /// wrong choice by more than this factor …
    public static let giveawayRatio = 1.5
    /// … and by more than this many characters (short choices may differ a lot
    /// in ratio and still not tell anything).
    public static let giveawayMargin = 20

    /// Length in characters of a choice as the learner sees it (markup removed).
    public static func length(_ choice: QuizQuestion.Choice) -> Int { choice.text.plainText.count }

    /// A warning when the right choice is much longer than every wrong one;
    /// nil for open questions and balanced choices.
    public static func lengthGiveaway(_ question: QuizQuestion) -> Diagnostic? {
        guard let right = question.rightChoice else { return nil }
        let rightLength = length(question.choices[right])
        let longestWrong = question.choices.filter { !$0.isRight }.map(length).max() ?? 0
        guard Double(rightLength) > giveawayRatio * Double(longestWrong),
            rightLength - longestWrong > giveawayMargin
        else { return nil }
        let line = question.choices[right].line > 0 ? question.choices[right].line : question.line
        return Diagnostic(
            file: question.file, line: line,
            message:
                "the right choice of '\(question.id)' is much longer than every other (\(rightLength) characters, the longest wrong one \(longestWrong)): its length gives it away; shorten it or make the wrong choices as specific",
            severity: .warning)
    }

    /// Whether the right choice is the longest (ties count as not): across a
    /// bank this should hold for well under 40 % of multiple-choice questions.
    public static func rightIsLongest(_ question: QuizQuestion) -> Bool {
        guard let right = question.rightChoice else { return false }
        let rightLength = length(question.choices[right])
        return question.choices.enumerated().allSatisfy { $0.offset == right || length($0.element) < rightLength }
    }

    /// The fraction of multiple-choice questions whose right choice is the
    /// longest (0 when there are none).
    public static func rightIsLongestFraction(_ questions: [QuizQuestion]) -> Double {
        let choice = questions.filter { $0.kind == .choice }
        guard !choice.isEmpty else { return 0 }
        return Double(choice.filter(rightIsLongest).count) / Double(choice.count)
    }
}
