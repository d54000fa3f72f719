import Domain

extension Permit: RegistryRecord {
    static var registryKind: RegistryKind { .permits }
    var recordId: String { id }

    static func read(_ reader: inout RecordReader) -> Permit? {
        let id = reader.string("id")
        let enterprise = reader.string("enterprise")
        let kind = reader.optionalEnumeration("kind", OutletLimit.Kind.self) ?? .permit
        let number = reader.string("number")
        let limits: [Limit] = reader.objects("limits") { nested in
            let outlet = nested.string("outlet")
            let factor = nested.string("factor")
            let limit = nested.limit("limit")
            let unit = nested.string("unit")
            let basis = nested.enumeration("basis", AveragingBasis.self)
            let o2 = nested.optionalNumber("referenceO2")
            guard let outlet, let factor, let limit, let unit, let basis else { return nil }
            if let problem = FieldRules.factorCodeProblem(factor) {
                nested.problem("factor", problem)
                return nil
            }
            if let o2, !(0..<21).contains(o2) {
                nested.problem("referenceO2", "基准氧含量须在 0–21 % 之间")
                return nil
            }
            return Limit(outletId: outlet, factor: factor, limit: limit, unit: unit, basis: basis, referenceO2: o2)
        }
        let totals: [Total] = reader.objects("totals") { nested in
            let factor = nested.string("factor")
            let annual = nested.number("annualTonnes")
            let monthly = nested.optionalNumber("monthlyTonnes")
            guard let factor, let annual else { return nil }
            if let problem = FieldRules.factorCodeProblem(factor) {
                nested.problem("factor", problem)
                return nil
            }
            guard annual >= 0, (monthly ?? 0) >= 0 else {
                nested.problem("annualTonnes", "许可排放量不能为负")
                return nil
            }
            return Total(factor: factor, annualTonnes: annual, monthlyTonnes: monthly)
        }
        guard let id, let enterprise, let number else { return nil }
        var seen = Set<String>()
        for limit in limits where !seen.insert("\(limit.outletId)/\(limit.factor)/\(limit.basis.rawValue)").inserted {
            reader.problem("limits", "排放口 \(limit.outletId) 因子 \(limit.factor) 的\(limit.basis.nameZh)限值重复")
            return nil
        }
        return Permit(id: id, enterpriseId: enterprise, kind: kind, number: number, limits: limits, totals: totals)
    }

    var fields: [String: JSONValue] {
        ["id": .string(id), "enterprise": .string(enterpriseId), "kind": .string(kind.rawValue), "number": .string(number),
         "limits": .array(limits.map {
             .object(["outlet": .string($0.outletId), "factor": .string($0.factor), "limit": $0.limit.json, "unit": .string($0.unit),
                      "basis": .string($0.basis.rawValue), "referenceO2": JSONValue($0.referenceO2)].compacted)
         }),
         "totals": .array(totals.map {
             .object(["factor": .string($0.factor), "annualTonnes": .number($0.annualTonnes),
                      "monthlyTonnes": JSONValue($0.monthlyTonnes)].compacted)
         })].compacted
    }
}
