import Domain

extension ProductionUnit: RegistryRecord {
    static var registryKind: RegistryKind { .units }
    var recordId: String { id }

    static func read(_ reader: inout RecordReader) -> ProductionUnit? {
        let id = reader.string("id")
        let enterprise = reader.string("enterprise")
        let name = reader.string("name")
        let type = reader.enumeration("type", UnitType.self)
        let fuel = reader.optionalEnumeration("fuel", Fuel.self)
        let capacity: Capacity? = reader.object("capacity") { nested in
            guard let value = nested.number("value"), let unit = nested.string("unit") else { return nil }
            guard value > 0 else {
                nested.problem("value", "装机或产能须大于 0")
                return nil
            }
            return Capacity(value: value, unit: unit)
        }
        let commissioned = reader.day("commissioned")
        let age = reader.optionalEnumeration("age", SourceAge.self)
        let flags = reader.flags("flags")
        guard let id, let enterprise, let name, let type, let commissioned else { return nil }
        if [.boiler, .gasTurbine].contains(type), fuel == nil {
            reader.problem("fuel", "锅炉和燃气轮机组须注明燃料：\(Fuel.allCases.map(\.rawValue).joined(separator: "、"))")
            return nil
        }
        return ProductionUnit(id: id, enterpriseId: enterprise, name: name, type: type, fuel: fuel, capacity: capacity,
                              commissioned: commissioned, declaredAge: age, flags: flags)
    }

    var fields: [String: JSONValue] {
        ["id": .string(id), "enterprise": .string(enterpriseId), "name": .string(name), "type": .string(type.rawValue),
         "fuel": JSONValue(fuel?.rawValue),
         "capacity": capacity.map { .object(["value": .number($0.value), "unit": .string($0.unit)]) } ?? .null,
         "commissioned": .string(commissioned.description), "age": JSONValue(declaredAge?.rawValue),
         "flags": JSONValue(flags: flags)].compacted
    }
}
