import Domain

extension Enterprise: RegistryRecord {
    static var registryKind: RegistryKind { .enterprises }
    var recordId: String { id }

    static func read(_ reader: inout RecordReader) -> Enterprise? {
        let id = reader.string("id")
        let name = reader.string("name")
        let creditCode = reader.string("creditCode")
        let industry = reader.enumeration("industry", Industry.self)
        let category = reader.optionalEnumeration("category", EnterpriseCategory.self)
        let county = reader.string("county")
        let address = reader.optionalString("address")
        if let creditCode, let problem = CreditCode.problem(creditCode) { reader.problem("creditCode", problem) }
        guard let id, let name, let creditCode, let industry, let county, reader.isValid else { return nil }
        if industry == .paper, category == nil {
            reader.problem("category", "造纸企业须注明类型（GB 3544 表2）：\(EnterpriseCategory.allCases.map(\.rawValue).joined(separator: "、"))")
            return nil
        }
        if industry != .paper, category != nil {
            reader.problem("category", "只有造纸企业有此字段")
            return nil
        }
        return Enterprise(id: id, name: name, creditCode: creditCode, industry: industry, category: category,
                          countyCode: county, address: address)
    }

    var fields: [String: JSONValue] {
        ["id": .string(id), "name": .string(name), "creditCode": .string(creditCode), "industry": .string(industry.rawValue),
         "category": JSONValue(category?.rawValue), "county": .string(countyCode), "address": JSONValue(address)].compacted
    }
}
