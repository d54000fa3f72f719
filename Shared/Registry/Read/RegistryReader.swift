public import Foundation
public import Store
public import Domain

/// The registry's read side: what a monitoring point, an outlet, a limit or a contact list was at
/// a given instant. Every answer is about one instant, so a past judgment can be recomputed with
/// the registry as it was then.
public struct RegistryReader: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    // MARK: Points and outlets

    /// The point with `mn` at `instant` with its outlet, enterprise and jurisdictions; nil when no
    /// point has that MN then (an unknown device).
    public func monitoringPoint(mn: String, at instant: Date) async throws -> MonitoringPointInfo? {
        let rows = try await database.query("""
            SELECT p.doc::text AS point, o.id AS outlet_id
            FROM registry.points p
            JOIN registry.outlets o ON o.id = p.outlet_id AND \(Self.validAt("o", instant))
            WHERE p.mn = \(mn) AND \(Self.validAt("p", instant))
            ORDER BY p.id LIMIT 1
            """)
        guard let row = rows.first else { return nil }
        let point = try StoredDocument.versioned(try row.decode("point"), as: MonitoringPoint.self).record
        guard let context = try await outletContext(id: try row.decode("outlet_id"), at: instant) else { return nil }
        return MonitoringPointInfo(point: point, context: context)
    }

    /// Every point valid at `instant` (for Ingest to load its device table).
    public func monitoringPoints(at instant: Date) async throws -> [MonitoringPoint] {
        try await database.query("""
            SELECT doc::text AS doc FROM registry.points p WHERE \(Self.validAt("p", instant)) ORDER BY p.id
            """).map { try StoredDocument.versioned(try $0.decode("doc"), as: MonitoringPoint.self).record }
    }

    /// The outlet `id` at `instant` with its enterprise, unit and jurisdictions; nil when it did not
    /// exist then.
    public func outletContext(id: String, at instant: Date) async throws -> OutletContext? {
        let rows = try await database.query("""
            SELECT o.doc::text AS outlet, e.doc::text AS enterprise, u.doc::text AS unit,
                   county.doc::text AS county, city.doc::text AS city, province.doc::text AS province
            FROM registry.outlets o
            JOIN registry.enterprises e ON e.id = o.enterprise_id AND \(Self.validAt("e", instant))
            LEFT JOIN registry.units u ON u.id = o.unit_id AND \(Self.validAt("u", instant))
            LEFT JOIN registry.jurisdictions county ON county.id = e.county_code AND \(Self.validAt("county", instant))
            LEFT JOIN registry.jurisdictions city ON city.id = county.parent_code AND \(Self.validAt("city", instant))
            LEFT JOIN registry.jurisdictions province ON province.id = city.parent_code AND \(Self.validAt("province", instant))
            WHERE o.id = \(id) AND \(Self.validAt("o", instant))
            """)
        guard let row = rows.first else { return nil }
        func optional<R: RegistryRecord>(_ column: String, _ type: R.Type) throws -> R? {
            try row.decode(column, as: String?.self).map { try StoredDocument.versioned($0, as: type).record }
        }
        return OutletContext(
            outlet: try StoredDocument.versioned(try row.decode("outlet"), as: Outlet.self).record,
            enterprise: try StoredDocument.versioned(try row.decode("enterprise"), as: Enterprise.self).record,
            unit: try optional("unit", ProductionUnit.self), county: try optional("county", Jurisdiction.self),
            city: try optional("city", Jurisdiction.self), province: try optional("province", Jurisdiction.self))
    }

    // MARK: Limits

    /// The limit that applies to outlet `outletId` for `factor` at `instant`: the strictest of the
    /// catalogue rows matching the outlet's profile and its permit or agreement limits, naming the
    /// winner, or `.noApplicableRow` saying why. `basis` defaults to the outlet's configured basis,
    /// else hour for air and day for water. Throws `not_found` when the outlet did not exist then.
    public func limit(outletId: String, factor: String, at instant: Date, basis: AveragingBasis? = nil) async throws -> LimitSelection {
        guard let context = try await outletContext(id: outletId, at: instant) else {
            throw RegistryError(code: .notFound, kind: "outlets", id: outletId, instant: instant, reason: "该时刻不存在此排放口")
        }
        let catalogue = try await standardsCatalogue(factor: factor)
        let outletLimits = try await outletLimits(enterpriseId: context.enterprise.id, outletId: outletId, at: instant)
        return catalogue.selectLimit(for: context.profile, factor: factor, at: instant,
                                     basis: basis ?? context.outlet.judgedBasis, outletLimits: outletLimits)
    }

    /// The standards catalogue as stored; with `factor`, only that factor's rows (all standards).
    public func standardsCatalogue(factor: String? = nil) async throws -> StandardsCatalogue {
        let standards = try await database.query("SELECT doc::text AS doc FROM registry.standards ORDER BY id").map {
            try StoredDocument.record(try $0.decode("doc"), kind: "standards", StandardsDocument.readStandard)
        }
        let filter: Query = factor.map { "WHERE factor = \($0)" } ?? ""
        let rows = try await database.query("SELECT doc::text AS doc FROM registry.limit_rows \(filter) ORDER BY id").map {
            try StoredDocument.record(try $0.decode("doc"), kind: "limit_rows", StandardsDocument.readRow)
        }
        do {
            return try StandardsCatalogue(standards: standards, rows: rows)
        } catch {
            throw RegistryError(code: .corruptRecord, kind: "limit_rows", id: factor ?? "*", instant: nil, reason: error.description)
        }
    }

    /// The permit and agreement limits of an outlet valid at `instant`.
    public func outletLimits(enterpriseId: String, outletId: String, at instant: Date) async throws -> [OutletLimit] {
        let rows = try await database.query("""
            SELECT doc::text AS doc, valid_from, valid_to FROM registry.permits p
            WHERE enterprise_id = \(enterpriseId) AND \(Self.validAt("p", instant)) ORDER BY id
            """)
        return try rows.flatMap { row in
            let permit = try StoredDocument.versioned(try row.decode("doc"), as: Permit.self).record
            let effective = Self.period(from: try row.decode("valid_from"), to: try row.decode("valid_to", as: Date?.self))
            return permit.outletLimits(outletId: outletId, effective: effective)
        }
    }

    /// The enterprise's permits and agreements valid at `instant` (limits and permitted annual and
    /// monthly totals, for total-quantity judgment), with their validity.
    public func permits(enterpriseId: String, at instant: Date) async throws -> [Versioned<Permit>] {
        try await database.query("""
            SELECT doc::text AS doc FROM registry.permits p
            WHERE enterprise_id = \(enterpriseId) AND \(Self.validAt("p", instant)) ORDER BY id
            """).map { try StoredDocument.versioned(try $0.decode("doc"), as: Permit.self) }
    }

    /// The key operating parameters of the enterprise's units valid at `instant` (the evidence
    /// for working-condition marks), by unit then code.
    public func operatingParameters(enterpriseId: String, at instant: Date) async throws -> [OperatingParameter] {
        try await database.query("""
            SELECT k.doc::text AS doc FROM registry.parameters k
            JOIN registry.units u ON u.id = k.unit_id AND \(Self.validAt("u", instant))
            WHERE u.enterprise_id = \(enterpriseId) AND \(Self.validAt("k", instant))
            ORDER BY k.unit_id, k.code, k.id
            """).map { try StoredDocument.versioned(try $0.decode("doc"), as: OperatingParameter.self).record }
    }

    /// The China-time days a version covers: from the day it starts to the day after its last second.
    static func period(from: Date, to: Date?) -> EffectivePeriod {
        let first = CivilDate(chinaTimeOf: from)
        guard let to else { return EffectivePeriod(from: first)! }
        let until = CivilDate(chinaTimeOf: to.addingTimeInterval(-1)).adding(days: 1)
        return EffectivePeriod(from: first, until: max(until, first.adding(days: 1)))!
    }

    // MARK: Contacts

    /// The enterprise's supervision contacts at `instant`, primary first.
    public func contacts(enterpriseId: String, at instant: Date) async throws -> [Contact] {
        try await contacts(where: "enterprise_id = \(enterpriseId)", at: instant)
    }

    /// The bureau contacts of a jurisdiction (county, city or province) at `instant`, primary first.
    public func bureauContacts(jurisdictionCode: String, at instant: Date) async throws -> [Contact] {
        try await contacts(where: "jurisdiction_code = \(jurisdictionCode)", at: instant)
    }

    /// Everyone an order about the enterprise goes to: its contacts and those of the bureaus of its
    /// county, city and province. Throws `not_found` when the enterprise did not exist then.
    public func supervisionContacts(enterpriseId: String, at instant: Date) async throws -> SupervisionContacts {
        let rows = try await database.query("""
            SELECT county.id AS county, city.id AS city, province.id AS province
            FROM registry.enterprises e
            LEFT JOIN registry.jurisdictions county ON county.id = e.county_code AND \(Self.validAt("county", instant))
            LEFT JOIN registry.jurisdictions city ON city.id = county.parent_code AND \(Self.validAt("city", instant))
            LEFT JOIN registry.jurisdictions province ON province.id = city.parent_code AND \(Self.validAt("province", instant))
            WHERE e.id = \(enterpriseId) AND \(Self.validAt("e", instant))
            """)
        guard let row = rows.first else {
            throw RegistryError(code: .notFound, kind: "enterprises", id: enterpriseId, instant: instant, reason: "该时刻不存在此企业")
        }
        func bureau(_ column: String) async throws -> [Contact] {
            guard let code = try row.decode(column, as: String?.self) else { return [] }
            return try await bureauContacts(jurisdictionCode: code, at: instant)
        }
        return SupervisionContacts(
            enterprise: try await contacts(enterpriseId: enterpriseId, at: instant), county: try await bureau("county"),
            city: try await bureau("city"), province: try await bureau("province"))
    }

    private func contacts(where condition: Query, at instant: Date) async throws -> [Contact] {
        try await database.query("""
            SELECT doc::text AS doc FROM registry.contacts c
            WHERE \(condition) AND \(Self.validAt("c", instant))
            ORDER BY (doc->>'primary')::boolean DESC, id
            """).map { try StoredDocument.versioned(try $0.decode("doc"), as: Contact.self).record }
    }

    // MARK: History and export

    /// Every version of every registry record, as a document that re-imports to the same state.
    public func registryDocument() async throws -> RegistryDocument {
        var document = RegistryDocument()
        document.jurisdictions = try await versions(Jurisdiction.self)
        document.enterprises = try await versions(Enterprise.self)
        document.units = try await versions(ProductionUnit.self)
        document.outlets = try await versions(Outlet.self)
        document.points = try await versions(MonitoringPoint.self)
        document.parameters = try await versions(OperatingParameter.self)
        document.permits = try await versions(Permit.self)
        document.contacts = try await versions(Contact.self)
        return document
    }

    /// The versions of one outlet, oldest first: its history.
    public func outletHistory(id: String) async throws -> [Versioned<Outlet>] {
        try await versions(Outlet.self, id: id)
    }

    /// The rule catalogue as stored.
    public func ruleCatalogue() async throws -> RuleCatalogue {
        let standards = try await standardsCatalogue()
        func documents(_ table: String) async throws -> [String] {
            try await database.query("SELECT doc::text AS doc FROM registry.\(identifier: table) ORDER BY id").map { try $0.decode("doc") }
        }
        let types = try await documents("mark_types").map { try StoredDocument.record($0, kind: "mark_types", MarksDocument.readType) }
        let rules = try await documents("overlap_rules").map { try StoredDocument.record($0, kind: "overlap_rules", MarksDocument.readRule) }
        let policies = try await documents("marking_policies").map {
            try StoredDocument.record($0, kind: "marking_policies", MarksDocument.readPolicy)
        }
        let flags = try await documents("flag_rules").map { try StoredDocument.record($0, kind: "flag_rules", CodeRulesDocument.readFlag) }
        let statuses = try await documents("status_rules").map {
            try StoredDocument.record($0, kind: "status_rules", CodeRulesDocument.readStatus)
        }
        do {
            return try RuleCatalogue(standards: standards, marks: try MarkCatalogue(types: types, overlapRules: rules, policies: policies),
                                     codeRules: try CodeRules(flags: flags, statuses: statuses))
        } catch let error as CatalogueError {
            throw RegistryError(code: .corruptRecord, kind: "catalogue", id: "*", instant: nil, reason: error.description)
        } catch let error as ImportError {
            throw RegistryError(code: .corruptRecord, kind: "catalogue", id: "*", instant: nil, reason: error.description)
        }
    }

    private func versions<R: RegistryRecord>(_ type: R.Type, id: String? = nil) async throws -> [Versioned<R>] {
        let filter: Query = id.map { "WHERE id = \($0)" } ?? ""
        return try await database.query("""
            SELECT doc::text AS doc FROM registry.\(identifier: R.registryKind.rawValue) \(filter) ORDER BY id, valid_from
            """).map { try StoredDocument.versioned(try $0.decode("doc"), as: type) }
    }

    /// `alias.valid_from <= instant < alias.valid_to` (open-ended when `valid_to` is NULL). The
    /// alias is a compile-time literal of this file, never input.
    static func validAt(_ alias: StaticString, _ instant: Date) -> Query {
        let name = "\(alias)"
        return "\(unsafeRaw: name).valid_from <= \(instant) AND (\(unsafeRaw: name).valid_to IS NULL OR \(unsafeRaw: name).valid_to > \(instant))"
    }
}
