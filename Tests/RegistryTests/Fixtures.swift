import Foundation
import Domain
import Registry

/// Paths and parsed seed files shared by the tests.
enum Fixtures {
    /// The repository root, found from this file (symlinks resolved, so a throwaway package that
    /// links the test folder still finds the real data files).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let catalogueDirectory = repositoryRoot.appendingPathComponent("data/catalogue")
    static let sampleRegistry = repositoryRoot.appendingPathComponent("data/registry/sample.json")

    static let catalogue: RuleCatalogue = {
        do { return try RuleCatalogue.load(directory: catalogueDirectory) } catch { fatalError("seed catalogue: \(error)") }
    }()

    static let sample: RegistryDocument = {
        do { return try RegistryDocument.parse(try Data(contentsOf: sampleRegistry), file: sampleRegistry.path) } catch {
            fatalError("sample registry: \(error)")
        }
    }()

    static func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }
}
