/// Lessons and questions from texts in memory (a course built into the
/// binary), with the same rules as loading a directory.
extension LessonLibrary {
    /// Parses `files`, (file name, text) pairs, as a lesson directory named
    /// `directory` would be: only lesson file names (`*.md`, not `README.md`,
    /// not hidden), in name order; paths in diagnostics are `directory`
    /// joined with the name. An id used by an earlier file is a diagnostic on
    /// the later file's `id:` line, and the later file is skipped.
    ///
    ///     let library = try LessonLibrary.load(files: [("01-a.md", text)], directory: "embedded")
    ///
    /// Throws ``LessonLibraryError/noLessons(_:)`` when no name is a lesson file.
    public static func load(
        files: [(name: String, text: String)], directory: String, labNames: [String]? = nil,
        parts: LessonParts = .oneAfterAnother
    ) throws(LessonLibraryError) -> LessonLibrary {
        let lessonFiles = files.filter { isLessonFileName($0.name) }.sorted { $0.name < $1.name }
        guard !lessonFiles.isEmpty else { throw .noLessons(directory) }
        var library = LessonLibrary(lessons: [], diagnostics: [], skippedFiles: [])
        var firstFileForID: [String: String] = [:]
        for (name, text) in lessonFiles {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let result = LessonParser.parse(text, file: path, labNames: labNames, parts: parts)
            var diagnostics = result.diagnostics
            if let id = result.lesson?.id {
                if let earlier = firstFileForID[id] {
                    let line = result.idLine ?? 1
                    let duplicate = Diagnostic(
                        file: path, line: line, message: "duplicate lesson id '\(id)' (already used by \(earlier))")
                    let index = diagnostics.firstIndex { $0.line > line } ?? diagnostics.endIndex
                    diagnostics.insert(duplicate, at: index)
                } else {
                    firstFileForID[id] = path
                }
            }
            library.diagnostics += diagnostics
            if let lesson = result.lesson, diagnostics.isEmpty {
                library.lessons.append(lesson)
            } else {
                library.skippedFiles.append(path)
            }
        }
        return library
    }
}

extension QuizBank {
    /// A bank from (file name, text) pairs, as the folder `directory` would
    /// give: question file names only, in name order.
    public static func load(
        files: [(name: String, text: String)], directory: String, sections: Set<String>?, labNames: [String]? = nil
    ) -> QuizBank {
        let questionFiles = files.filter { LessonLibrary.isLessonFileName($0.name) }.sorted { $0.name < $1.name }
        return build(
            questionFiles.map { (directory.hasSuffix("/") ? directory + $0.name : directory + "/" + $0.name, $0.text) },
            sections: sections, labNames: labNames)
    }
}
