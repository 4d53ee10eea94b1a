// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ptt",
    products: [
        .executable(name: "ptt", targets: ["ptt"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(name: "CSystem"),
        .target(name: "Curriculum"),
        .target(name: "TerminalUI", dependencies: ["CNcurses", "CSystem"]),
        .target(name: "Labs", dependencies: ["CSystem"]),
        // The course built into the binary: lessons/** as generated source.
        .executableTarget(name: "EmbedCourseGenerator"),
        .plugin(name: "EmbedCourse", capability: .buildTool(), dependencies: ["EmbedCourseGenerator"]),
        .target(name: "Course", plugins: ["EmbedCourse"]),
        .executableTarget(
            name: "ptt",
            dependencies: [
                "Curriculum", "TerminalUI", "Labs", "Course",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CurriculumTests", dependencies: ["Curriculum"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        .testTarget(name: "LabsTests", dependencies: ["Labs"], exclude: ["Fixtures"]),
        .testTarget(
            name: "PttTests", dependencies: ["ptt", "Curriculum", "TerminalUI"],
            exclude: ["Fixtures", "Snapshots"]),
        .testTarget(name: "EndToEndTests", dependencies: ["ptt"]),
    ],
    swiftLanguageModes: [.v6]
)
