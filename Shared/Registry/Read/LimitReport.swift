public import Foundation
public import Domain

/// A limit selection as JSON, for `duban-ctl catalogue limit` and the portal: the winning limit
/// with its source (row id, standard, version, table, provisional), every candidate considered and
/// every note, or `"selected": false` with the reason.
public enum LimitReport {
    public static func json(_ selection: LimitSelection, factor: String, at instant: Date, outletId: String?,
                            profile: OutletProfile) -> String {
        var object: [String: JSONValue] = [
            "factor": .string(factor), "at": .string(InstantText.format(instant)),
            "day": .string(CivilDate(chinaTimeOf: instant).description), "outlet": JSONValue(outletId),
            "profile": profileJSON(profile),
            "notes": .array(selection.notes.map {
                .object(["code": .string($0.code), "subject": .string($0.subject), "text": .string($0.textZh)])
            }),
        ]
        switch selection {
        case .selected(let selected):
            object["selected"] = .bool(true)
            object["limit"] = candidateJSON(selected.winner)
            object["considered"] = .array(selected.considered.map(candidateJSON))
        case .noApplicableRow(let none):
            object["selected"] = .bool(false)
            object["basis"] = .string(none.basis.rawValue)
            object["reason"] = .string(none.reasonZh)
        }
        return JSONValue.object(object).canonicalText
    }

    static func candidateJSON(_ candidate: LimitCandidate) -> JSONValue {
        let source: String
        switch candidate.source {
        case .catalogue: source = "catalogue"
        case .outletLimit(let kind, _): source = kind.rawValue
        }
        return .object([
            "value": .number(candidate.limit.upper), "lower": JSONValue(candidate.limit.lower), "unit": .string(candidate.unit),
            "basis": .string(candidate.basis.rawValue), "referenceO2": JSONValue(candidate.referenceO2),
            "rowId": .string(candidate.rowId), "standard": .string(candidate.standardCode),
            "version": .string(candidate.standardVersion), "table": JSONValue(candidate.table),
            "sourceCategory": JSONValue(candidate.sourceCategory), "provisional": .bool(candidate.provisional),
            "source": .string(source), "sourceNote": .string(candidate.sourceNote),
            "effectiveFrom": .string(candidate.effective.from.description),
            "effectiveUntil": JSONValue(candidate.effective.until?.description),
        ].compacted)
    }

    static func profileJSON(_ profile: OutletProfile) -> JSONValue {
        .object([
            "industry": .string(profile.industry.rawValue), "medium": .string(profile.medium.rawValue),
            "unitType": JSONValue(profile.unitType?.rawValue), "fuel": JSONValue(profile.fuel?.rawValue),
            "enterpriseCategory": JSONValue(profile.enterpriseCategory?.rawValue),
            "discharge": .string(profile.discharge.rawValue), "commissioned": JSONValue(profile.commissioned?.description),
            "age": JSONValue(profile.declaredAge?.rawValue), "flags": JSONValue(flags: profile.flags),
        ].compacted)
    }
}
