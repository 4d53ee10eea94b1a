import Foundation
import Testing

@testable import Curriculum

@Suite("Shipped lessons")
struct ShippedLessonsTests {
    /// `<package root>/lessons`, found from this file's path.
    static let lessonsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // CurriculumTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("lessons").path

    @Test("the shipped lessons all parse without diagnostics")
    func shippedLessons() throws {
        let library = try LessonLibrary.load(directory: Self.lessonsDirectory)
        #expect(library.diagnostics.map(\.description) == [])
        #expect(library.skippedFiles == [])
        #expect(
            library.lessons.map(\.id) == [
                "overview", "process", "thread", "differences", "examples", "when-to-use",
                "context-switching", "pitfalls", "interview", "takeaways",
            ])
    }
}
