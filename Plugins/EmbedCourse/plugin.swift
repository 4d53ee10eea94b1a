import Foundation
import PackagePlugin

/// Turns the package's `lessons/**` (lessons, `quiz/`, `scenarios/`, …) into
/// generated Swift source for the target it is applied to, so the binary
/// carries its course: copied anywhere, `ptt` still has its lessons.
///
/// Every file under `lessons/` is an input, so editing one re-runs the
/// generator on the next build; nothing runs when no file changed.
@main
struct EmbedCourse: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let lessons = context.package.directoryURL.appendingPathComponent("lessons")
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedCourseFiles.swift")
        let inputs = Self.files(under: lessons)
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) course files from lessons/",
                executable: try context.tool(named: "EmbedCourseGenerator").url,
                arguments: [lessons.path, output.path],
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }

    /// Regular files under `directory`, hidden ones left out, in path order.
    static func files(under directory: URL) -> [URL] {
        guard
            let walker = FileManager.default.enumerator(
                at: directory, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        var files: [URL] = []
        for case let url as URL in walker
        where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }
}
