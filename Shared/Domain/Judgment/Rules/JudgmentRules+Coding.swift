/// The file shape of one rules version: the sections as they are, the effective period as two
/// `YYYY-MM-DD` China-time days (`effectiveUntil` exclusive and optional).
extension JudgmentRules: Codable {
    enum CodingKeys: String, CodingKey {
        case version, effectiveFrom, effectiveUntil, source, aggregation, water, deviceMean, oxygen, substitution, totals
        case gapExemption, gaps, equipment, suspicion
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func day(_ key: CodingKeys) throws -> CivilDate? {
            guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard let date = CivilDate(iso: text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "日期 \"\(text)\" 应为 YYYY-MM-DD")
            }
            return date
        }
        guard let from = try day(.effectiveFrom) else {
            throw DecodingError.keyNotFound(CodingKeys.effectiveFrom, .init(codingPath: container.codingPath, debugDescription: "缺少生效日期"))
        }
        let until = try day(.effectiveUntil)
        guard let effective = EffectivePeriod(from: from, until: until) else {
            throw DecodingError.dataCorruptedError(forKey: .effectiveUntil, in: container, debugDescription: "截止日期须晚于生效日期")
        }
        self.init(
            version: try container.decode(String.self, forKey: .version), effective: effective,
            source: try container.decode(String.self, forKey: .source),
            aggregation: try container.decode(Aggregation.self, forKey: .aggregation),
            water: try container.decode(Water.self, forKey: .water),
            deviceMean: try container.decode(DeviceMean.self, forKey: .deviceMean),
            oxygen: try container.decode(Oxygen.self, forKey: .oxygen),
            substitution: try container.decode(Substitution.self, forKey: .substitution),
            totals: try container.decode(Totals.self, forKey: .totals),
            gapExemption: try container.decode(GapExemption.self, forKey: .gapExemption),
            gaps: try container.decode(Gaps.self, forKey: .gaps),
            equipment: try container.decode(Equipment.self, forKey: .equipment),
            suspicion: try container.decode(Suspicion.self, forKey: .suspicion))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(effective.from.description, forKey: .effectiveFrom)
        try container.encodeIfPresent(effective.until?.description, forKey: .effectiveUntil)
        try container.encode(source, forKey: .source)
        try container.encode(aggregation, forKey: .aggregation)
        try container.encode(water, forKey: .water)
        try container.encode(deviceMean, forKey: .deviceMean)
        try container.encode(oxygen, forKey: .oxygen)
        try container.encode(substitution, forKey: .substitution)
        try container.encode(totals, forKey: .totals)
        try container.encode(gapExemption, forKey: .gapExemption)
        try container.encode(gaps, forKey: .gaps)
        try container.encode(equipment, forKey: .equipment)
        try container.encode(suspicion, forKey: .suspicion)
    }
}
