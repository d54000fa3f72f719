import Foundation
import Registry
import Runtime
import Store

/// `duban-ctl registry import FILE... [--catalogue DIR]` and `duban-ctl registry export [--out FILE]`.
///
/// Import validates every file first (each error names file, record and field), then writes all
/// of it in one transaction (all or nothing); importing the same files twice changes nothing.
/// The rule catalogue (standards, marks, code rules) is read from `--catalogue` (default
/// `data/catalogue`) and imported with them.
enum RegistryCommand {
    static let usage = "usage: duban-ctl registry import FILE... [--catalogue DIR] | registry export [--out FILE]"

    static func run(_ arguments: [String]) async -> Int32 {
        let (options, positional) = CtlSupport.parse(arguments)
        guard let verb = positional.first else { return CtlSupport.fail(usage, status: 2) }
        do {
            switch verb {
            case "import":
                let files = Array(positional.dropFirst())
                guard !files.isEmpty else { return CtlSupport.fail(usage, status: 2) }
                var documents: [(file: String, document: RegistryDocument)] = []
                var problems: [ImportProblem] = []
                for file in files {
                    guard let data = FileManager.default.contents(atPath: file) else {
                        return CtlSupport.fail("cannot read \(file)")
                    }
                    do { documents.append((file, try RegistryDocument.parse(data, file: file))) } catch { problems += error.problems }
                }
                let catalogueDirectory = options["catalogue"] ?? "data/catalogue"
                var catalogue: RuleCatalogue?
                do { catalogue = try RuleCatalogue.load(directory: URL(fileURLWithPath: catalogueDirectory)) } catch { problems += error.problems }
                guard problems.isEmpty else {
                    for problem in problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
                    return CtlSupport.fail("import refused: \(problems.count) problem(s); nothing was written")
                }
                let database = try await CtlSupport.database()
                try await RegistrySchema.migrator.apply(on: database)
                let summary = try await RegistryImporter(database: database).importAll(
                    registry: documents, catalogue: catalogue, source: files.joined(separator: ","))
                Console.line(summary.description)
                return 0
            case "export":
                let database = try await CtlSupport.database()
                try await RegistrySchema.migrator.apply(on: database)
                let text = try await RegistryReader(database: database).registryDocument().text()
                if let out = options["out"] {
                    try text.write(toFile: out, atomically: true, encoding: .utf8)
                } else {
                    Console.line(text)
                }
                return 0
            default:
                return CtlSupport.fail(usage, status: 2)
            }
        } catch let error as ImportError {
            for problem in error.problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            return CtlSupport.fail("import refused; nothing was written")
        } catch {
            return CtlSupport.fail("\(error)")
        }
    }
}
