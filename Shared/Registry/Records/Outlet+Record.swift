import Domain

extension Outlet: RegistryRecord {
    static var registryKind: RegistryKind { .outlets }
    var recordId: String { id }

    static func read(_ reader: inout RecordReader) -> Outlet? {
        let id = reader.string("id")
        let enterprise = reader.string("enterprise")
        let unit = reader.optionalString("unit")
        let code = reader.string("code")
        let name = reader.string("name")
        let medium = reader.enumeration("medium", Medium.self)
        let discharge = reader.optionalEnumeration("discharge", DischargeMode.self) ?? .direct
        let flags = reader.flags("flags")
        let judgedBasis = reader.optionalEnumeration("judgedBasis", AveragingBasis.self)
        guard let id, let enterprise, let code, let name, let medium else { return nil }
        if medium == .air, discharge == .indirect {
            reader.problem("discharge", "废气排放口只能是直接排放（direct）")
            return nil
        }
        return Outlet(id: id, enterpriseId: enterprise, unitId: unit, code: code, name: name, medium: medium,
                      discharge: discharge, flags: flags, judgedBasis: judgedBasis)
    }

    var fields: [String: JSONValue] {
        ["id": .string(id), "enterprise": .string(enterpriseId), "unit": JSONValue(unitId), "code": .string(code),
         "name": .string(name), "medium": .string(medium.rawValue), "discharge": .string(discharge.rawValue),
         "flags": JSONValue(flags: flags), "judgedBasis": JSONValue(judgedBasis?.rawValue)].compacted
    }
}
