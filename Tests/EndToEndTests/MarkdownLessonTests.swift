import Foundation
import Testing

/// `ptt check` and `ptt lesson --plain` on Markdown written for a code host.
@Suite("Markdown lessons on the command line")
struct MarkdownLessonTests {
    /// A lesson with Go code (tabs), CRLF endings, a byte order mark and CJK.
    static let goLesson =
        "\u{FEFF}---\r\nid: go\r\ntitle: Go\r\n---\r\n\r\nGoroutines\r\n==========\r\n\r\n"
        + "```go\r\nfunc main() {\r\n\tgo work()\r\n}\r\n```\r\n\r\nIndented:\r\n\r\n\tfmt.Println(\"x\")\r\n\r\n"
        + "+ 进程和线程 🧵\r\n+ two\r\n\r\n***\r\n\r\nSee [the spec](https://go.dev/ref/spec).\r\n"

    func withLessons(_ files: [String: String], _ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-md-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files {
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
        }
        try body(dir.path)
    }

    @Test("a lesson with Go code, CRLF, a BOM and CJK passes ptt check and prints as on a code host")
    func goLessonPasses() throws {
        try withLessons(["01-go.md": Self.goLesson]) { dir in
            let check = try runCommand(pttBinary, ["check", dir])
            #expect(check.status == 0, "\(check.stdout)")
            #expect(check.stdout.contains("no problems"))
            let plain = try runCommand(pttBinary, ["lesson", "go", "--plain", "--lessons", dir])
            #expect(plain.status == 0, "\(plain.stderr)")
            let lines = plain.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.contains { $0.hasSuffix("    go work()") }, "\(plain.stdout)")
            #expect(lines.contains { $0.hasSuffix("fmt.Println(\"x\")") })
            #expect(lines.contains("Goroutines"))
            #expect(lines.contains { $0.contains("进程和线程 🧵") })
            #expect(plain.stdout.contains("the spec (https://go.dev/ref/spec)"))
            #expect(!plain.stdout.contains("\t") && !plain.stdout.contains("\r") && !plain.stdout.contains("\u{FEFF}"))
        }
    }

    @Test("ptt check names the line of each construct ptt does not render, with a fix")
    func unsupportedNamed() throws {
        let broken = "---\nid: b\ntitle: B\n---\n\n<details>\n\nOld ~~news~~.\n\n[^1]: note\n"
        try withLessons(["01-b.md": broken]) { dir in
            let check = try runCommand(pttBinary, ["check", dir])
            #expect(check.status == 1)
            #expect(check.stdout.contains("01-b.md:6: HTML is not supported"), "\(check.stdout)")
            #expect(check.stdout.contains("01-b.md:8: strikethrough"))
            #expect(check.stdout.contains("01-b.md:10: footnotes are not supported"))
        }
    }
}
