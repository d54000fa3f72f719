import Domain

extension OperatingParameter: RegistryRecord {
    static var registryKind: RegistryKind { .parameters }
    var recordId: String { id }

    static func read(_ reader: inout RecordReader) -> OperatingParameter? {
        let id = reader.string("id")
        let unit = reader.string("unit")
        let point = reader.optionalString("point")
        let code = reader.string("code")
        let name = reader.string("name")
        let measureUnit = reader.string("measureUnit")
        let low = reader.optionalNumber("normalLow")
        let high = reader.optionalNumber("normalHigh")
        let stopped = reader.optionalNumber("stoppedBelow")
        guard let id, let unit, let code, let name, let measureUnit else { return nil }
        if let problem = FieldRules.parameterCodeProblem(code) {
            reader.problem("code", problem)
            return nil
        }
        if let low, let high, low > high {
            reader.problem("normalHigh", "正常范围上限不能小于下限")
            return nil
        }
        return OperatingParameter(id: id, unitId: unit, pointId: point, code: code, name: name, unit: measureUnit,
                                  normalLow: low, normalHigh: high, stoppedBelow: stopped)
    }

    var fields: [String: JSONValue] {
        ["id": .string(id), "unit": .string(unitId), "point": JSONValue(pointId), "code": .string(code), "name": .string(name),
         "measureUnit": .string(unit), "normalLow": JSONValue(normalLow), "normalHigh": JSONValue(normalHigh),
         "stoppedBelow": JSONValue(stoppedBelow)].compacted
    }
}
