import Domain

extension Jurisdiction: RegistryRecord {
    static var registryKind: RegistryKind { .jurisdictions }
    var recordId: String { code }

    static func read(_ reader: inout RecordReader) -> Jurisdiction? {
        let code = reader.string("code")
        let level = reader.enumeration("level", Level.self)
        let name = reader.string("name")
        let parent = reader.optionalString("parent")
        let flags = reader.flags("flags")
        guard let code, let level, let name else { return nil }
        if let problem = Jurisdiction.codeProblem(code, level: level, parentCode: parent) {
            reader.problem(level == .province || parent == nil ? "code" : "parent", problem)
            return nil
        }
        return Jurisdiction(code: code, level: level, name: name, parentCode: parent, flags: flags)
    }

    var fields: [String: JSONValue] {
        ["code": .string(code), "level": .string(level.rawValue), "name": .string(name), "parent": JSONValue(parentCode),
         "flags": JSONValue(flags: flags)].compacted
    }
}
