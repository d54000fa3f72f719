import Domain

extension MonitoringPoint: RegistryRecord {
    static var registryKind: RegistryKind { .points }
    var recordId: String { id }

    static func read(_ reader: inout RecordReader) -> MonitoringPoint? {
        let id = reader.string("id")
        let outlet = reader.string("outlet")
        let mn = reader.string("mn")
        let password = reader.string("password")
        let protocolVersion = reader.enumeration("protocol", ProtocolVersion.self)
        let mode = reader.enumeration("mode", Mode.self)
        let factors: [Factor] = reader.objects("factors", required: true) { nested in
            guard let code = nested.string("code"), let unit = nested.string("unit") else { return nil }
            let low = nested.optionalNumber("rangeLow")
            let high = nested.optionalNumber("rangeHigh")
            if let problem = FieldRules.factorCodeProblem(code) {
                nested.problem("code", problem)
                return nil
            }
            if let low, let high, low >= high {
                nested.problem("rangeHigh", "量程上限须大于下限")
                return nil
            }
            return Factor(code: code, unit: unit, rangeLow: low, rangeHigh: high)
        }
        guard let id, let outlet, let mn, let password, let protocolVersion, let mode else { return nil }
        if let problem = MonitoringPoint.mnProblem(mn) {
            reader.problem("mn", problem)
            return nil
        }
        if factors.isEmpty {
            reader.problem("factors", "至少要有一个监测因子")
            return nil
        }
        var seen = Set<String>()
        for factor in factors where !seen.insert(factor.code).inserted {
            reader.problem("factors", "因子 \(factor.code) 重复")
            return nil
        }
        return MonitoringPoint(id: id, outletId: outlet, mn: mn, password: password, protocolVersion: protocolVersion,
                               mode: mode, factors: factors)
    }

    var fields: [String: JSONValue] {
        ["id": .string(id), "outlet": .string(outletId), "mn": .string(mn), "password": .string(password),
         "protocol": .string(protocolVersion.rawValue), "mode": .string(mode.rawValue),
         "factors": .array(factors.map {
             .object(["code": .string($0.code), "unit": .string($0.unit), "rangeLow": JSONValue($0.rangeLow),
                      "rangeHigh": JSONValue($0.rangeHigh)].compacted)
         })].compacted
    }
}
