public import Foundation
public import Domain

/// The content of a registry file (`data/registry/sample.json`): every version of every record.
/// Records of one id with different `validFrom` are versions of it; a record without `validFrom`
/// takes the file's top-level `validFrom`.
public struct RegistryDocument: Sendable, Hashable {
    public static let format = "duban.registry.v1"

    public var jurisdictions: [Versioned<Jurisdiction>] = []
    public var enterprises: [Versioned<Enterprise>] = []
    public var units: [Versioned<ProductionUnit>] = []
    public var outlets: [Versioned<Outlet>] = []
    public var points: [Versioned<MonitoringPoint>] = []
    public var parameters: [Versioned<OperatingParameter>] = []
    public var permits: [Versioned<Permit>] = []
    public var contacts: [Versioned<Contact>] = []

    public init() {}

    public var recordCount: Int {
        jurisdictions.count + enterprises.count + units.count + outlets.count + points.count + parameters.count
            + permits.count + contacts.count
    }

    /// Parses and checks a registry file on its own (references to records already in the
    /// database are checked at import). Throws every problem found.
    public static func parse(_ data: Data, file: String) throws(ImportError) -> RegistryDocument {
        let root = try JSONValue.parse(data, file: file)
        var reader = try RecordReader.document(root, file: file, format: Self.format)
        let defaultFrom = reader.optionalInstant("validFrom")
        var document = RegistryDocument()
        var problems = reader.problems
        document.jurisdictions = readVersions(root, file: file, defaultFrom: defaultFrom, problems: &problems)
        document.enterprises = readVersions(root, file: file, defaultFrom: defaultFrom, problems: &problems)
        document.units = readVersions(root, file: file, defaultFrom: defaultFrom, problems: &problems)
        document.outlets = readVersions(root, file: file, defaultFrom: defaultFrom, problems: &problems)
        document.points = readVersions(root, file: file, defaultFrom: defaultFrom, problems: &problems)
        document.parameters = readVersions(root, file: file, defaultFrom: defaultFrom, problems: &problems)
        document.permits = readVersions(root, file: file, defaultFrom: defaultFrom, problems: &problems)
        document.contacts = readVersions(root, file: file, defaultFrom: defaultFrom, problems: &problems)
        for kind in RegistryKind.allCases { reader.skip(kind.rawValue) }
        reader.finish()
        problems.append(contentsOf: reader.problems.filter { !problems.contains($0) })
        guard problems.isEmpty else { throw ImportError(problems: problems) }
        return document
    }

    private static func readVersions<R: RegistryRecord>(
        _ root: JSONValue, file: String, defaultFrom: Date?, problems: inout [ImportProblem]
    ) -> [Versioned<R>] {
        guard case .object(let members) = root, let value = members[R.registryKind.rawValue] else { return [] }
        guard case .array(let items) = value else {
            problems.append(ImportProblem(file: file, record: R.registryKind.rawValue, field: "", message: "应为数组"))
            return []
        }
        var result: [Versioned<R>] = []
        var seen: [String: Date] = [:]
        for (index, item) in items.enumerated() {
            var label = "\(R.registryKind.rawValue)[\(index)]"
            if case .object(let fields) = item, case .string(let id)? = fields[R.registryKind.idField] { label += " (\(id))" }
            var reader = RecordReader(file: file, record: label, value: item)
            guard reader.isValid else {
                problems.append(contentsOf: reader.problems)
                continue
            }
            let from = reader.optionalInstant("validFrom")
            let to = reader.optionalInstant("validTo")
            let record = R.read(&reader)
            reader.finish()
            if from == nil, defaultFrom == nil, !reader.problems.contains(where: { $0.field == "validFrom" }) {
                reader.problem("validFrom", "缺少生效时间：请在记录或文件顶层填写 validFrom")
            }
            guard let record, reader.isValid, let validFrom = from ?? defaultFrom else {
                problems.append(contentsOf: reader.problems)
                continue
            }
            if let to, to <= validFrom {
                reader.problem("validTo", "失效时间须晚于生效时间 \(InstantText.format(validFrom))")
            }
            let key = "\(record.recordId)@\(validFrom.timeIntervalSince1970)"
            if seen.updateValue(validFrom, forKey: key) != nil {
                reader.problem(R.registryKind.idField, "同一 \(R.registryKind.idField) 在 \(InstantText.format(validFrom)) 起有两条版本")
            }
            problems.append(contentsOf: reader.problems)
            if reader.isValid { result.append(Versioned(record, validFrom: validFrom, validTo: to)) }
        }
        return result
    }

    /// The document in the seed-file layout, versions ordered by id then `validFrom`: exporting
    /// and re-importing it changes nothing.
    public func text() -> String {
        var members: [(String, JSONValue)] = [("format", .string(Self.format))]
        func add<R: RegistryRecord>(_ versions: [Versioned<R>]) {
            let sorted = versions.sorted { ($0.record.recordId, $0.validFrom) < ($1.record.recordId, $1.validFrom) }
            members.append((R.registryKind.rawValue, .array(sorted.map { $0.json })))
        }
        add(jurisdictions)
        add(enterprises)
        add(units)
        add(outlets)
        add(points)
        add(parameters)
        add(permits)
        add(contacts)
        return JSONValue.documentText(members)
    }
}

extension Versioned where Record: RegistryRecord {
    /// The record with its validity, as stored in the database and written to files.
    var json: JSONValue {
        var fields = record.fields
        fields["validFrom"] = .string(InstantText.format(validFrom))
        if let validTo { fields["validTo"] = .string(InstantText.format(validTo)) }
        return .object(fields)
    }
}
