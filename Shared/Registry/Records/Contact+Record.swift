import Domain

extension Contact: RegistryRecord {
    static var registryKind: RegistryKind { .contacts }
    var recordId: String { id }

    static func read(_ reader: inout RecordReader) -> Contact? {
        let id = reader.string("id")
        let enterprise = reader.optionalString("enterprise")
        let jurisdiction = reader.optionalString("jurisdiction")
        let name = reader.string("name")
        let role = reader.string("role")
        let phone = reader.string("phone")
        let wechat = reader.optionalString("wechat")
        let primary = reader.bool("primary", default: false)
        guard let id, let name, let role, let phone else { return nil }
        let owner: Owner
        switch (enterprise, jurisdiction) {
        case (let enterprise?, nil): owner = .enterprise(id: enterprise)
        case (nil, let code?): owner = .bureau(jurisdictionCode: code)
        default:
            reader.problem("enterprise", "须且只能填写 enterprise（企业联系人）或 jurisdiction（生态环境部门联系人）之一")
            return nil
        }
        if let problem = Contact.phoneProblem(phone) {
            reader.problem("phone", problem)
            return nil
        }
        return Contact(id: id, owner: owner, name: name, role: role, phone: phone, wechatId: wechat, primary: primary)
    }

    var fields: [String: JSONValue] {
        var fields: [String: JSONValue] = ["id": .string(id), "name": .string(name), "role": .string(role), "phone": .string(phone),
                                           "wechat": JSONValue(wechatId), "primary": .bool(primary)]
        switch owner {
        case .enterprise(let id): fields["enterprise"] = .string(id)
        case .bureau(let code): fields["jurisdiction"] = .string(code)
        }
        return fields.compacted
    }
}
