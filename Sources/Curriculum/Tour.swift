/// A guided tour: the steps of a class an instructor walks through with
/// `ptt tour`, from `lessons/tour.md` (format in `docs/lesson-format.md`,
/// "Tour files").
public struct Tour: Sendable, Equatable {
    public var id: String
    public var title: String
    public var file: String
    public var steps: [TourStep]

    public init(id: String, title: String, file: String, steps: [TourStep]) {
        self.id = id
        self.title = title
        self.file = file
        self.steps = steps
    }

    /// The minutes planned for the whole tour.
    public var plannedMinutes: Double { steps.reduce(0) { $0 + $1.minutes } }
}

/// One step of a tour: what to show, for how long, and what to say.
public struct TourStep: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A lesson, or only its section under `heading` (to the next heading
        /// of the same or a higher level).
        case lesson(id: String, heading: String?)
        /// A lab, started with `options` (words, as on the command line:
        /// `["--threads", "4"]`). Only the app knows the lab names.
        case lab(name: String, options: [String])
        /// One quiz question, by id.
        case quiz(question: String)
    }

    public var kind: Kind
    public var title: String
    /// Planned time, in minutes (may be fractional: 1.5).
    public var minutes: Double
    /// Speaker notes, one entry per `note:` line, for `ptt tour --notes`.
    public var notes: [String]
    /// The line of the step's opening fence.
    public var line: Int

    public init(kind: Kind, title: String, minutes: Double, notes: [String], line: Int) {
        self.kind = kind
        self.title = title
        self.minutes = minutes
        self.notes = notes
        self.line = line
    }
}

/// A lab a tour step names, for the app to check against its lab registry.
public struct TourLabReference: Sendable, Equatable {
    public var name: String
    public var options: [String]
    public var file: String
    /// The line of the step's `lab:` field.
    public var line: Int
}

extension Lesson {
    /// The blocks under the heading whose text is `heading` (compared
    /// without case), up to the next heading of the same or a higher level;
    /// the heading itself first. Nil when there is no such heading.
    public func excerpt(heading: String) -> [Block]? {
        let wanted = heading.lowercased()
        guard
            let start = blocks.firstIndex(where: {
                if case .heading(_, let text) = $0 { return text.plainText.lowercased() == wanted }
                return false
            }), case .heading(let level, _) = blocks[start]
        else { return nil }
        var end = start + 1
        while end < blocks.count {
            if case .heading(let next, _) = blocks[end], next <= level { break }
            end += 1
        }
        return Array(blocks[start..<end])
    }

    /// Every heading's text, in order (for messages that list them).
    public var headings: [String] {
        blocks.compactMap {
            if case .heading(_, let text) = $0 { return text.plainText }
            return nil
        }
    }
}
