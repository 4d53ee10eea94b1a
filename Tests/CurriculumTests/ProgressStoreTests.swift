import Foundation
import Testing

@testable import Curriculum

/// A fresh temporary folder, removed after `body`. Progress tests never touch ~/.local/state.
func withTemporaryFolder(_ body: (String) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-store-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try body(folder)
}

/// A folder's entries, sorted.
func listing(_ folder: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
}

func fileMode(_ path: String) -> mode_t {
    var info = stat()
    guard stat(path, &info) == 0 else { return 0 }
    return info.st_mode & 0o777
}

func sampleProgress() -> LearnerProgress {
    var progress = LearnerProgress()
    progress.markRead("process", at: monday)
    progress.setPosition("thread", line: 42)
    progress.recordLab("race", at: monday)
    progress.recordAnswer(
        sampleQuestion("q"), correct: false, at: monday, practice: false, scheduler: FSRSScheduler(day: utcDay))
    return progress
}

@Suite("Progress store")
struct ProgressStoreTests {
    @Test("save then load gives the same progress, with a version field, in a file of mode 0600")
    func roundTrip() throws {
        try withTemporaryFolder { folder in
            let store = ProgressStore(path: folder + "/state/ptt/progress.json")
            try store.save(sampleProgress())
            #expect(fileMode(store.path) == 0o600)
            #expect(fileMode(folder + "/state/ptt") == 0o700)
            let loaded = store.load(now: monday)
            #expect(loaded.warning == nil)
            #expect(loaded.progress == sampleProgress())
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: store.path)))
            #expect((json as? [String: Any])?["version"] as? Int == LearnerProgress.currentVersion)
        }
    }

    @Test("the write goes to a temporary file in the same folder, flushed before the rename")
    func atomicWrite() throws {
        try withTemporaryFolder { folder in
            var store = ProgressStore(path: folder + "/progress.json")
            try store.save(LearnerProgress())
            let original = try Data(contentsOf: URL(fileURLWithPath: store.path))
            let seen = Seen()
            store.beforeReplace = { temp in
                seen.path = temp
                seen.mode = fileMode(temp)
                seen.contents = try Data(contentsOf: URL(fileURLWithPath: temp))
                struct SimulatedCrash: Error {}
                throw SimulatedCrash()
            }
            #expect(throws: ProgressStoreError.self) { try store.save(sampleProgress()) }
            // The new data was complete in a 0600 file beside the real one...
            #expect(URL(fileURLWithPath: seen.path).deletingLastPathComponent().path == folder)
            #expect(seen.mode == 0o600)
            #expect(seen.contents.count > original.count)
            // ...and a crash before the rename leaves the old file whole and no temporary behind.
            #expect(try Data(contentsOf: URL(fileURLWithPath: store.path)) == original)
            #expect(try listing(folder) == ["progress.json", "progress.json.lock"])
            store.beforeReplace = nil
            try store.save(sampleProgress())
            #expect(store.load(now: monday).progress == sampleProgress())
            #expect(try listing(folder) == ["progress.json", "progress.json.lock"])
        }
    }

    @Test("a damaged file is moved aside with a timestamp, named in the warning, and ptt starts fresh")
    func damagedFile() throws {
        try withTemporaryFolder { folder in
            let store = ProgressStore(path: folder + "/progress.json")
            try Data("{\"version\": 1, \"lessons\": tru".utf8).write(to: URL(fileURLWithPath: store.path))
            let loaded = store.load(now: monday)
            let aside = folder + "/progress.json.damaged-20250310T150000Z"
            #expect(loaded.setAside == aside)
            #expect(loaded.progress == LearnerProgress())
            #expect(loaded.canSave)
            #expect(loaded.warning?.contains("is damaged") == true)
            #expect(loaded.warning?.contains(aside) == true)
            #expect(FileManager.default.contents(atPath: aside) == Data("{\"version\": 1, \"lessons\": tru".utf8))
            #expect(!FileManager.default.fileExists(atPath: store.path))
            // A second damaged file the same second does not overwrite the first one set aside.
            try Data("garbage".utf8).write(to: URL(fileURLWithPath: store.path))
            #expect(store.load(now: monday).setAside == aside + "-2")
        }
    }

    @Test("a file from a newer ptt is set aside, not misread; a missing file is a quiet fresh start")
    func versions() throws {
        try withTemporaryFolder { folder in
            let store = ProgressStore(path: folder + "/progress.json")
            let missing = store.load(now: monday)
            #expect(missing.warning == nil && missing.setAside == nil && missing.progress == LearnerProgress())
            try Data("{\"version\": 99}".utf8).write(to: URL(fileURLWithPath: store.path))
            let newer = store.load(now: monday)
            #expect(newer.warning?.contains("newer ptt (version 99)") == true)
            #expect(newer.setAside != nil)
            // An older or hand-edited file with only a version reads as empty progress.
            try Data("{\"version\": 1}".utf8).write(to: URL(fileURLWithPath: store.path))
            #expect(store.load(now: monday).progress == LearnerProgress())
            #expect(store.load(now: monday).warning == nil)
        }
    }

    @Test("a folder where the file should be is left where it is, with what is in it; saving says why it cannot")
    func folderInTheWay() throws {
        try withTemporaryFolder { folder in
            let store = ProgressStore(path: folder + "/progress.json")
            try FileManager.default.createDirectory(atPath: store.path, withIntermediateDirectories: false)
            try Data("mine".utf8).write(to: URL(fileURLWithPath: store.path + "/notes.txt"))
            let loaded = store.load(now: monday)
            #expect(
                loaded.warning?.contains("is not a regular file (it is a directory)") == true, "\(loaded.warning ?? "")"
            )
            #expect(loaded.setAside == nil && !loaded.canSave)
            #expect(throws: ProgressStoreError.self) { try store.save(sampleProgress()) }
            #expect(try listing(folder).filter { !$0.hasSuffix(".lock") } == ["progress.json"])
            #expect(try String(contentsOfFile: store.path + "/notes.txt", encoding: .utf8) == "mine")
        }
    }

    @Test("the file is found from PTT_STATE, then XDG_STATE_HOME, then HOME")
    func defaultPath() {
        #expect(ProgressStore.defaultPath(environment: ["PTT_STATE": "/s/p.json", "HOME": "/h"]) == "/s/p.json")
        #expect(
            ProgressStore.defaultPath(environment: ["XDG_STATE_HOME": "/x", "HOME": "/h"])
                == "/x/ptt/progress.json")
        #expect(
            ProgressStore.defaultPath(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"])
                == "/h/.local/state/ptt/progress.json")
        #expect(
            ProgressStore.defaultPath(environment: ["PTT_STATE": "", "HOME": "/h/"])
                == "/h/.local/state/ptt/progress.json")
        #expect(ProgressStore.defaultPath(environment: [:]) == nil)
    }

    @Test("saving into a folder that cannot be made names the folder and the error")
    func saveFailure() throws {
        try withTemporaryFolder { folder in
            try Data().write(to: URL(fileURLWithPath: folder + "/file"))
            let store = ProgressStore(path: folder + "/file/sub/progress.json")
            #expect {
                try store.save(LearnerProgress())
            } throws: { error in
                String(describing: error) == "cannot create folder \(folder)/file: ENOTDIR (not a directory)"
            }
        }
    }
}

/// What the hook saw (the hook is @Sendable; the test reads it afterwards).
final class Seen: @unchecked Sendable {
    var path = ""
    var mode: mode_t = 0
    var contents = Data()
}
