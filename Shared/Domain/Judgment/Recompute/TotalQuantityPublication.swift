public import Foundation

/// Turns `TotalQuantityCheck` findings into the published total-quantity judgments and decides
/// which to publish, as `JudgmentPublication` does: never a published version changed silently.
public enum TotalQuantityPublication {
    /// Who and what a check was about, besides its figures.
    public struct Subject: Sendable, Hashable {
        public var enterpriseId: String
        public var enterpriseName: String
        public var permitId: String
        public var permitNumber: String
        public var outletIds: [String]
        public var countyCode: String?
        public var cityCode: String?

        public init(enterpriseId: String, enterpriseName: String, permitId: String, permitNumber: String, outletIds: [String],
                    countyCode: String?, cityCode: String?) {
            self.enterpriseId = enterpriseId
            self.enterpriseName = enterpriseName
            self.permitId = permitId
            self.permitNumber = permitNumber
            self.outletIds = outletIds.sorted()
            self.countyCode = countyCode
            self.cityCode = cityCode
        }
    }

    /// `tot:<enterprise>:<factor>:<period>`: one judgment per permit period, whatever its kind.
    public static func id(enterpriseId: String, factor: String, period: String) -> String { "tot:\(enterpriseId):\(factor):\(period)" }

    /// The findings of one check as payloads (`version` 0, `status` opened), by id. A projected
    /// breach is a `warning`, a breach a `breach`.
    public static func payloads(_ findings: [TotalQuantityFinding], subject: Subject, rules: JudgmentRules) -> [TotalQuantityJudgment] {
        findings.map { finding in
            let kind: TotalQuantityJudgment.Kind = finding.kind == .breach ? .breach : .warning
            let permitted = finding.permittedTonnes
            return TotalQuantityJudgment(
                id: id(enterpriseId: finding.enterpriseId, factor: finding.factor, period: finding.period.key), version: 0, status: .opened,
                kind: kind, kindName: kind.nameZh, enterpriseId: finding.enterpriseId, enterpriseName: subject.enterpriseName,
                factor: finding.factor, period: finding.period.key, periodStart: finding.start, periodEnd: finding.end, asOf: finding.asOf,
                permittedTonnes: permitted, measuredTonnes: finding.measuredTonnes, substitutedTonnes: finding.substitutedTonnes,
                cumulativeTonnes: finding.cumulativeTonnes, projectedTonnes: finding.projectedTonnes,
                ratePerHourTonnes: finding.ratePerHourTonnes, actualShare: permitted > 0 ? finding.cumulativeTonnes / permitted : 0,
                projectedShare: permitted > 0 ? finding.projectedTonnes / permitted : 0, unknownHours: finding.unknownHours,
                rulesVersion: finding.rulesVersion,
                inputs: .init(permitId: subject.permitId, permitNumber: subject.permitNumber, outletIds: subject.outletIds,
                              projectionBasisDays: rules.totals.projectionBasisDays),
                countyCode: subject.countyCode, cityCode: subject.cityCode)
        }.sorted { $0.id < $1.id }
    }

    /// `previous`: the newest published version of every judgment of the enterprise and factor.
    /// `current`: `payloads` of a check as of `asOf`. Returns, ordered by id, each judgment that
    /// changed with `version` + 1:
    /// - new (or found again after it cleared): `opened`;
    /// - another kind (a warning become a breach), another share in whole percent, another
    ///   permitted amount or rules version: `updated` — amounts grow every hour, so smaller moves
    ///   are not news;
    /// - a warning no longer found while its period runs: `cleared`. A breach stands: the amount
    ///   emitted does not shrink.
    public static func reconcile(previous: [TotalQuantityJudgment], current: [TotalQuantityJudgment], asOf: Date) -> [TotalQuantityJudgment] {
        let published = Dictionary(previous.map { ($0.id, $0) }, uniquingKeysWith: { a, b in a.version >= b.version ? a : b })
        var changes: [TotalQuantityJudgment] = []
        for computed in current {
            var next = computed
            guard let last = published[computed.id], last.status != .cleared else {
                next.version = (published[computed.id]?.version ?? 0) + 1
                next.status = .opened
                changes.append(next)
                continue
            }
            if sameFacts(last, computed) { continue }
            next.version = last.version + 1
            next.status = .updated
            changes.append(next)
        }
        let computedIds = Set(current.map(\.id))
        for last in published.values where last.status != .cleared && last.kind == .warning && !computedIds.contains(last.id)
            && last.periodStart <= asOf && asOf < last.periodEnd {
            var cleared = last
            cleared.version = last.version + 1
            cleared.status = .cleared
            changes.append(cleared)
        }
        return changes.sorted { $0.id < $1.id }
    }

    static func sameFacts(_ a: TotalQuantityJudgment, _ b: TotalQuantityJudgment) -> Bool {
        func percent(_ share: Double) -> Int { Int((share * 100).rounded(.down)) }
        return a.kind == b.kind && percent(a.actualShare) == percent(b.actualShare) && percent(a.projectedShare) == percent(b.projectedShare)
            && a.permittedTonnes == b.permittedTonnes && a.rulesVersion == b.rulesVersion && a.inputs == b.inputs
    }

    /// The payload as stored and published: sorted keys, ISO 8601 UTC times.
    public static func canonical(_ judgment: TotalQuantityJudgment) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(judgment), as: UTF8.self)
    }

    public static func decode(_ canonical: String) throws -> TotalQuantityJudgment {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(TotalQuantityJudgment.self, from: Data(canonical.utf8))
    }
}
