import Foundation
import Domain

/// The identities a registry import may refer to: those already in the database plus those in
/// the file (the file's latest version wins).
struct RegistryReferences: Sendable {
    var jurisdictionLevels: [String: Jurisdiction.Level] = [:]
    var enterprises: Set<String> = []
    var unitEnterprise: [String: String] = [:]
    var outletEnterprise: [String: String] = [:]
    var points: Set<String> = []
    /// Point id → its latest MN, to refuse two points with one MN.
    var mnOfPoint: [String: String] = [:]

    mutating func add(_ document: RegistryDocument) {
        for version in document.jurisdictions.chronological() { jurisdictionLevels[version.record.code] = version.record.level }
        for version in document.enterprises { enterprises.insert(version.record.id) }
        for version in document.units.chronological() { unitEnterprise[version.record.id] = version.record.enterpriseId }
        for version in document.outlets.chronological() { outletEnterprise[version.record.id] = version.record.enterpriseId }
        for version in document.points.chronological() {
            points.insert(version.record.id)
            mnOfPoint[version.record.id] = version.record.mn
        }
    }
}

extension Array {
    /// Oldest version first, so the latest one wins when building lookups.
    func chronological<R>() -> [Versioned<R>] where Element == Versioned<R> { sorted { $0.validFrom < $1.validFrom } }
}

extension RegistryDocument {
    /// Problems with references between records: a record naming an enterprise, unit, outlet,
    /// point or jurisdiction that exists neither in the file nor in the database, an outlet whose
    /// unit belongs to another enterprise, an MN used by two points.
    func referenceProblems(file: String, known: RegistryReferences) -> [ImportProblem] {
        var problems: [ImportProblem] = []
        func label(_ kind: RegistryKind, _ id: String, _ from: Date) -> String {
            "\(kind.rawValue) (\(id), 自 \(InstantText.format(from)))"
        }
        func add(_ kind: RegistryKind, _ id: String, _ from: Date, _ field: String, _ message: String) {
            problems.append(ImportProblem(file: file, record: label(kind, id, from), field: field, message: message))
        }
        let parentLevel: [Jurisdiction.Level: Jurisdiction.Level] = [.city: .province, .county: .city]
        for version in jurisdictions {
            let record = version.record
            guard let parent = record.parentCode, let expected = parentLevel[record.level] else { continue }
            switch known.jurisdictionLevels[parent] {
            case nil: add(.jurisdictions, record.code, version.validFrom, "parent", "上级区划 \(parent) 不存在")
            case let level? where level != expected:
                add(.jurisdictions, record.code, version.validFrom, "parent", "上级区划 \(parent) 是\(level.nameZh)级，应为\(expected.nameZh)级")
            default: break
            }
        }
        for version in enterprises {
            let record = version.record
            switch known.jurisdictionLevels[record.countyCode] {
            case nil: add(.enterprises, record.id, version.validFrom, "county", "区县 \(record.countyCode) 不存在")
            case let level? where level != .county:
                add(.enterprises, record.id, version.validFrom, "county", "\(record.countyCode) 是\(level.nameZh)级区划，企业须登记到区县")
            default: break
            }
        }
        for version in units where !known.enterprises.contains(version.record.enterpriseId) {
            add(.units, version.record.id, version.validFrom, "enterprise", "企业 \(version.record.enterpriseId) 不存在")
        }
        for version in outlets {
            let record = version.record
            if !known.enterprises.contains(record.enterpriseId) {
                add(.outlets, record.id, version.validFrom, "enterprise", "企业 \(record.enterpriseId) 不存在")
            }
            if let unit = record.unitId {
                switch known.unitEnterprise[unit] {
                case nil: add(.outlets, record.id, version.validFrom, "unit", "生产单元 \(unit) 不存在")
                case let owner? where owner != record.enterpriseId:
                    add(.outlets, record.id, version.validFrom, "unit", "生产单元 \(unit) 属于企业 \(owner)，不属于 \(record.enterpriseId)")
                default: break
                }
            }
        }
        for version in points {
            let record = version.record
            if known.outletEnterprise[record.outletId] == nil {
                add(.points, record.id, version.validFrom, "outlet", "排放口 \(record.outletId) 不存在")
            }
            if let other = known.mnOfPoint.filter({ $0.value == record.mn && $0.key != record.id }).keys.sorted().first {
                add(.points, record.id, version.validFrom, "mn", "MN \(record.mn) 已被监测点位 \(other) 使用")
            }
        }
        for version in parameters {
            let record = version.record
            if known.unitEnterprise[record.unitId] == nil {
                add(.parameters, record.id, version.validFrom, "unit", "生产单元 \(record.unitId) 不存在")
            }
            if let point = record.pointId, !known.points.contains(point) {
                add(.parameters, record.id, version.validFrom, "point", "监测点位 \(point) 不存在")
            }
        }
        for version in permits {
            let record = version.record
            if !known.enterprises.contains(record.enterpriseId) {
                add(.permits, record.id, version.validFrom, "enterprise", "企业 \(record.enterpriseId) 不存在")
            }
            for (index, limit) in record.limits.enumerated() {
                switch known.outletEnterprise[limit.outletId] {
                case nil: add(.permits, record.id, version.validFrom, "limits[\(index)].outlet", "排放口 \(limit.outletId) 不存在")
                case let owner? where owner != record.enterpriseId:
                    add(.permits, record.id, version.validFrom, "limits[\(index)].outlet",
                        "排放口 \(limit.outletId) 属于企业 \(owner)，不属于 \(record.enterpriseId)")
                default: break
                }
            }
        }
        for version in contacts {
            let record = version.record
            switch record.owner {
            case .enterprise(let id) where !known.enterprises.contains(id):
                add(.contacts, record.id, version.validFrom, "enterprise", "企业 \(id) 不存在")
            case .bureau(let code) where known.jurisdictionLevels[code] == nil:
                add(.contacts, record.id, version.validFrom, "jurisdiction", "行政区划 \(code) 不存在")
            default: break
            }
        }
        return problems
    }
}

extension RegistryDocument {
    /// References checked among `documents` only, without a database: what `duban-ctl registry
    /// check` reports. A reference to a record that only the database holds shows up here too.
    public static func referenceProblems(among documents: [(file: String, document: RegistryDocument)]) -> [ImportProblem] {
        var known = RegistryReferences()
        for (_, document) in documents { known.add(document) }
        return documents.flatMap { $0.document.referenceProblems(file: $0.file, known: known) }
    }
}
