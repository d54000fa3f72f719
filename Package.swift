// swift-tools-version:6.2
// Duban: zero package dependencies. C libraries come from Debian through system library targets.
import PackageDescription

/// Settings every Swift target shares: Swift 6 mode, internal imports by default (so a C type in a
/// public signature does not compile), warnings as errors.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .treatAllWarnings(as: .error),
]

func cLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, path: "Shared/CLibs/\(name)", pkgConfig: pkgConfig, providers: [.apt([apt])])
}

func shared(_ name: String, _ dependencies: [Target.Dependency] = [], exclude: [String] = []) -> Target {
    .target(name: name, dependencies: dependencies, path: "Shared/\(name)", exclude: exclude, swiftSettings: strict)
}

func service(_ name: String, folder: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: dependencies, path: "Services/\(folder)", swiftSettings: strict)
}

func tool(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: dependencies, path: "Tools/\(name)", swiftSettings: strict)
}

func tests(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .testTarget(name: name, dependencies: dependencies, path: "Tests/\(name)", swiftSettings: strict)
}

let serviceBase: [Target.Dependency] = ["Runtime", "Store", "Bus", "Web", "Pipeline", "Registry", "Domain", "Crypto"]

let package = Package(
    name: "Duban",
    platforms: [.macOS(.v15)],
    targets: [
        // C libraries (Debian packages), each owned by exactly one Swift module.
        cLibrary("CRdKafka", pkgConfig: "rdkafka", apt: "librdkafka-dev"),
        cLibrary("CLibPQ", pkgConfig: "libpq", apt: "libpq-dev"),
        cLibrary("CMicroHTTPD", pkgConfig: "libmicrohttpd", apt: "libmicrohttpd-dev"),
        cLibrary("CSodium", pkgConfig: "libsodium", apt: "libsodium-dev"),
        .systemLibrary(name: "CEpoll", path: "Shared/CLibs/CEpoll"),

        // Pure rules: no I/O, tested without any server.
        shared("HJ212"),
        shared("EventJSON"),
        shared("Domain", ["HJ212", "EventJSON"]),

        // Infrastructure wrappers.
        shared("Runtime"),
        shared("Crypto", ["CSodium"]),
        shared("Store", ["CLibPQ", "Runtime"]),
        shared("Bus", ["CRdKafka", "Runtime", "EventJSON"]),
        shared("Web", ["CMicroHTTPD", "Runtime"]),
        shared("Net", ["CEpoll", "Runtime"]),
        shared("Registry", ["Store", "Domain", "Runtime"]),
        shared("Pipeline", ["Bus", "Store", "Web", "Runtime"]),
        shared("Channels", ["Crypto", "Domain", "Runtime"]),
        shared("Evidence", ["Domain", "Crypto"]),
        shared("JudgmentData", ["Store", "Domain"]),

        // Services: thin executables.
        service("duban-ingest", folder: "Ingest", serviceBase + ["HJ212", "Net"]),
        service("duban-marking", folder: "Marking", serviceBase),
        service("duban-judgment", folder: "Judgment", serviceBase + ["JudgmentData"]),
        service("duban-dispatch", folder: "Dispatch", serviceBase + ["Evidence"]),
        service("duban-notify", folder: "Notify", serviceBase + ["Channels"]),
        service("duban-portal", folder: "Portal", serviceBase),

        // Tools.
        tool("duban-ctl", ["HJ212", "Domain", "Registry", "Store", "Runtime", "Crypto", "Bus", "Pipeline", "Evidence", "JudgmentData"]),
        .target(name: "Simulation", dependencies: ["HJ212"], path: "Tools/Simulation", swiftSettings: strict),
        tool("duban-sim", ["HJ212", "Runtime", "Net", "Simulation"]),
        tool("duban-broker", ["Bus", "Runtime"]),
        tool("duban-fake-gateway", ["Web", "Runtime"]),
        tool("duban-bench", ["HJ212", "Domain", "Bus", "Runtime"]),

        // Tests.
        tests("HJ212Tests", ["HJ212"]),
        tests("DomainTests", ["Domain", "HJ212", "EventJSON"]),
        tests("RuntimeTests", ["Runtime", "Web", "Crypto", "Net"]),
        tests("StoreTests", ["Store", "Runtime", "Registry", "Domain"]),
        tests("RegistryTests", ["Registry", "Store", "Domain", "Runtime"]),
        tests("BusTests", ["Bus", "Runtime", "EventJSON"]),
        tests("IntegrationTests", ["HJ212", "Runtime", "Store", "Bus", "Net", "Simulation", "Domain"]),
        tests("ChannelsTests", ["Channels", "Crypto", "Domain", "Runtime"]),
        tests("EvidenceTests", ["Evidence", "Domain", "Crypto"]),
    ]
)
