import Foundation
import Registry
import Runtime
import Store

/// `duban-ctl registry import|check|export|point`.
///
/// `import` validates every file and the rule catalogue first (each problem names file, record and
/// field), checks references against the database, then writes everything in one transaction:
/// all or nothing, and importing the same files twice changes nothing. `check` does the file
/// checks without a database. `export` writes every version of every record (and, with
/// `--catalogue-out DIR`, the three catalogue files) in the import format.
enum RegistryCommand {
    static let usage = """
        usage: duban-ctl registry import FILE... [--catalogue DIR | --no-catalogue]
               duban-ctl registry check FILE... [--catalogue DIR]
               duban-ctl registry export [--out FILE] [--catalogue-out DIR]
               duban-ctl registry point MN [--at INSTANT]
          The catalogue directory defaults to data/catalogue; the database is DUBAN_DATABASE_URL.
        """

    static func run(_ arguments: [String]) async -> Int32 {
        var (options, positional) = CtlSupport.parse(arguments)
        if positional.first == "registry" { positional.removeFirst() }
        guard let verb = positional.first else { return CtlSupport.fail(usage, status: 2) }
        let files = Array(positional.dropFirst())
        do {
            switch verb {
            case "import", "check":
                guard !files.isEmpty else { return CtlSupport.fail(usage, status: 2) }
                let (documents, catalogue) = try read(files: files, options: options)
                if verb == "check" {
                    let problems = RegistryDocument.referenceProblems(among: documents)
                    guard problems.isEmpty else { throw ImportError(problems: problems) }
                    Console.line("\(files.joined(separator: "、")) 无误：\(documents.map(\.document.recordCount).reduce(0, +)) 条记录（未连接数据库：只按这些文件检查引用）")
                    return 0
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
                let reader = RegistryReader(database: database)
                let text = try await reader.registryDocument().text()
                if let out = options["out"] {
                    try text.write(toFile: out, atomically: true, encoding: .utf8)
                } else {
                    FileHandle.standardOutput.write(Data(text.utf8))
                }
                if let directory = options["catalogue-out"] {
                    let catalogue = try await reader.ruleCatalogue()
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                    let base = URL(fileURLWithPath: directory)
                    try StandardsDocument(catalogue: catalogue.standards).text()
                        .write(to: base.appendingPathComponent(RuleCatalogue.standardsFile), atomically: true, encoding: .utf8)
                    try MarksDocument(catalogue: catalogue.marks).text()
                        .write(to: base.appendingPathComponent(RuleCatalogue.marksFile), atomically: true, encoding: .utf8)
                    try CodeRulesDocument(rules: catalogue.codeRules).text()
                        .write(to: base.appendingPathComponent(RuleCatalogue.codeRulesFile), atomically: true, encoding: .utf8)
                }
                return 0
            case "point":
                guard files.count == 1, let mn = files.first else { return CtlSupport.fail(usage, status: 2) }
                var at = Date()
                if let text = options["at"] {
                    guard let parsed = InstantText.parse(text) ?? CtlSupport.instant(text) else {
                        return CtlSupport.fail("--at \(text) 不是有效时间", status: 2)
                    }
                    at = parsed
                }
                let reader = RegistryReader(database: try await CtlSupport.database())
                guard let info = try await reader.monitoringPoint(mn: mn, at: at) else {
                    return CtlSupport.fail("MN \(mn) 在 \(InstantText.format(at)) 没有登记的监测点位")
                }
                Console.line(info.jsonText)
                return 0
            default:
                return CtlSupport.fail(usage, status: 2)
            }
        } catch let error as ImportError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            return 1
        } catch {
            return CtlSupport.fail("\(error)")
        }
    }

    /// Parses every file and the catalogue, collecting the problems of all of them.
    static func read(files: [String], options: [String: String]) throws(ImportError)
        -> (documents: [(file: String, document: RegistryDocument)], catalogue: RuleCatalogue?) {
        var documents: [(file: String, document: RegistryDocument)] = []
        var problems: [ImportProblem] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                problems.append(ImportProblem(file: file, record: "", field: "", message: "无法读取文件"))
                continue
            }
            do { documents.append((file, try RegistryDocument.parse(data, file: file))) } catch { problems += error.problems }
        }
        var catalogue: RuleCatalogue?
        if options["no-catalogue"] == nil {
            do {
                let loaded = try RuleCatalogue.load(directory: URL(fileURLWithPath: options["catalogue"] ?? "data/catalogue"))
                for warning in loaded.warnings { FileHandle.standardError.write(Data("警告：\(warning)\n".utf8)) }
                catalogue = loaded
            } catch {
                problems += error.problems
            }
        }
        guard problems.isEmpty else { throw ImportError(problems: problems) }
        return (documents, catalogue)
    }
}
