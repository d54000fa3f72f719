public import Foundation
public import Domain

/// The content of a standards catalogue file (`data/catalogue/standards.json`): standards and
/// limit rows, each with its source and effective dates.
public struct StandardsDocument: Sendable {
    public static let format = "duban.catalogue.standards.v1"

    public var catalogue: StandardsCatalogue

    public init(catalogue: StandardsCatalogue) { self.catalogue = catalogue }

    /// Parses and checks the file; throws every problem found, each naming the record and field.
    public static func parse(_ data: Data, file: String) throws(ImportError) -> StandardsDocument {
        let root = try JSONValue.parse(data, file: file)
        var reader = try RecordReader.document(root, file: file, format: Self.format)
        let standards: [Standard] = reader.records("standards", label: { "standards[\($0)]" }, read: readStandard)
        let rows: [LimitRow] = reader.records("limits", label: { "limits[\($0)]" }, read: readRow)
        reader.finish()
        guard reader.isValid else { throw ImportError(problems: reader.problems) }
        do {
            return StandardsDocument(catalogue: try StandardsCatalogue(standards: standards, rows: rows))
        } catch {
            throw ImportError(problems: error.problems.map {
                ImportProblem(file: file, record: $0.record, field: $0.field, message: $0.message)
            })
        }
    }

    static func readStandard(_ reader: inout RecordReader) -> Standard? {
        let id = reader.string("id")
        let code = reader.string("code")
        let version = reader.string("version")
        let title = reader.string("title")
        let scope = reader.enumeration("scope", Standard.Scope.self)
        let newFrom = reader.optionalDay("newSourcesFrom")
        let existingFrom = reader.optionalDay("existingSourcesFrom")
        let coverage = reader.object("coverage", readApplicability) ?? Applicability()
        let effective = reader.period()
        let source = reader.string("source")
        let provisional = reader.bool("provisional", default: false)
        guard let id, let code, let version, let title, let scope, let effective, let source else { return nil }
        return Standard(id: id, code: code, version: version, titleZh: title, scope: scope, newSourcesFrom: newFrom,
                        existingSourcesFrom: existingFrom, coverage: coverage, effective: effective, sourceNote: source,
                        provisional: provisional)
    }

    static func readRow(_ reader: inout RecordReader) -> LimitRow? {
        let id = reader.string("id")
        let standard = reader.string("standard")
        let table = reader.string("table")
        let category = reader.string("sourceCategory")
        let factor = reader.string("factor")
        let limit = reader.limit("limit")
        let unit = reader.string("unit")
        let basis = reader.enumeration("basis", AveragingBasis.self)
        let o2 = reader.optionalNumber("referenceO2")
        let applicability = reader.object("appliesTo", readApplicability) ?? Applicability()
        let effective = reader.period()
        let source = reader.string("source")
        let provisional = reader.bool("provisional", default: false)
        guard let id, let standard, let table, let category, let factor, let limit, let unit, let basis, let effective,
              let source else { return nil }
        if let problem = FieldRules.factorCodeProblem(factor) {
            reader.problem("factor", problem)
            return nil
        }
        return LimitRow(id: id, standardId: standard, table: table, sourceCategory: category, factor: factor, limit: limit,
                        unit: unit, basis: basis, referenceO2: o2, applicability: applicability, effective: effective,
                        sourceNote: source, provisional: provisional)
    }

    static func readApplicability(_ reader: inout RecordReader) -> Applicability? {
        Applicability(
            industries: reader.enumerations("industries", Industry.self), media: reader.enumerations("media", Medium.self),
            unitTypes: reader.enumerations("unitTypes", UnitType.self), fuels: reader.enumerations("fuels", Fuel.self),
            enterpriseCategories: reader.enumerations("enterpriseCategories", EnterpriseCategory.self),
            ages: reader.enumerations("ages", SourceAge.self), discharges: reader.enumerations("discharges", DischargeMode.self),
            allFlags: reader.flags("allFlags"), anyFlags: reader.flags("anyFlags"), noneFlags: reader.flags("noneFlags"))
    }

    /// The file in the seed layout.
    public func text() -> String {
        JSONValue.documentText([
            ("format", .string(Self.format)),
            ("standards", .array(catalogue.standards.sorted { $0.id < $1.id }.map { .object($0.fields) })),
            ("limits", .array(catalogue.rows.sorted { $0.id < $1.id }.map { .object($0.fields) })),
        ])
    }
}

extension RecordReader {
    /// `effectiveFrom` (required) and `effectiveUntil` (exclusive, optional).
    mutating func period() -> EffectivePeriod? {
        let from = day("effectiveFrom")
        let until = optionalDay("effectiveUntil")
        guard let from else { return nil }
        guard let period = EffectivePeriod(from: from, until: until) else {
            problem("effectiveUntil", "截止日期须晚于施行日期 \(from)")
            return nil
        }
        return period
    }

    /// A top-level array of records, each labelled `name[index] (id)`, with problems collected.
    mutating func records<T>(_ key: String, label: (Int) -> String, read: (inout RecordReader) -> T?) -> [T] {
        skip(key)
        guard case .object(let members) = rootValue, let value = members[key] else { return [] }
        guard case .array(let items) = value else {
            problem(key, "应为数组")
            return []
        }
        var result: [T] = []
        for (index, item) in items.enumerated() {
            var name = label(index)
            if case .object(let fields) = item, case .string(let id)? = fields["id"] { name += " (\(id))" }
            var nested = RecordReader(file: file, record: name, value: item)
            let element = nested.isValid ? read(&nested) : nil
            nested.finish()
            appendProblems(nested.problems)
            if let element, nested.isValid { result.append(element) }
        }
        return result
    }
}

extension Applicability {
    var json: JSONValue {
        .object([
            "industries": JSONValue(strings: industries.map(\.rawValue)), "media": JSONValue(strings: media.map(\.rawValue)),
            "unitTypes": JSONValue(strings: unitTypes.map(\.rawValue)), "fuels": JSONValue(strings: fuels.map(\.rawValue)),
            "enterpriseCategories": JSONValue(strings: enterpriseCategories.map(\.rawValue)),
            "ages": JSONValue(strings: ages.map(\.rawValue)), "discharges": JSONValue(strings: discharges.map(\.rawValue)),
            "allFlags": JSONValue(flags: allFlags), "anyFlags": JSONValue(flags: anyFlags), "noneFlags": JSONValue(flags: noneFlags),
        ].compacted)
    }
}

extension Standard {
    var fields: [String: JSONValue] {
        ["id": .string(id), "code": .string(code), "version": .string(version), "title": .string(titleZh),
         "scope": .string(scope.rawValue), "newSourcesFrom": JSONValue(newSourcesFrom?.description),
         "existingSourcesFrom": JSONValue(existingSourcesFrom?.description), "coverage": coverage.json,
         "effectiveFrom": .string(effective.from.description), "effectiveUntil": JSONValue(effective.until?.description),
         "source": .string(sourceNote), "provisional": .bool(provisional)].compacted
    }
}

extension LimitRow {
    var fields: [String: JSONValue] {
        ["id": .string(id), "standard": .string(standardId), "table": .string(table), "sourceCategory": .string(sourceCategory),
         "factor": .string(factor), "limit": limit.json, "unit": .string(unit), "basis": .string(basis.rawValue),
         "referenceO2": JSONValue(referenceO2), "appliesTo": applicability.json,
         "effectiveFrom": .string(effective.from.description), "effectiveUntil": JSONValue(effective.until?.description),
         "source": .string(sourceNote), "provisional": .bool(provisional)].compacted
    }
}
