/// The course (lessons, `quiz/`, `scenarios/` if any) as it was in `lessons/`
/// when this binary was built, so a copied binary works with no files beside it.
///
///     EmbeddedCourse.files.map(\.path)  // ["01-topic-overview.md", …, "quiz/beginner.md"]
///     EmbeddedCourse.files(under: "quiz")  // the quiz files, paths relative to quiz/
public enum EmbeddedCourse {
    /// Every file: its path under `lessons/` and its text, in path order.
    public static var files: [(path: String, text: String)] { embeddedCourseFiles }

    /// The files directly in `folder` ("" for the top level), named by file name.
    public static func files(under folder: String) -> [(name: String, text: String)] {
        let prefix = folder.isEmpty ? "" : folder + "/"
        return files.compactMap { file in
            guard file.path.hasPrefix(prefix) else { return nil }
            let name = String(file.path.dropFirst(prefix.count))
            return name.contains("/") ? nil : (name, file.text)
        }
    }
}
