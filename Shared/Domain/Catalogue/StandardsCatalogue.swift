public import Foundation

/// The standards catalogue: standards and their limit rows, checked for consistency, with the
/// selection of the applicable limit (standards.md, "Choosing the limit for an outlet").
public struct StandardsCatalogue: Sendable {
    public let standards: [Standard]
    public let rows: [LimitRow]
    private let standardsById: [String: Standard]
    private let rowsByFactor: [String: [LimitRow]]

    /// Checks that ids are unique, every row names a known standard, and each row lies inside its
    /// standard's effective period; throws every problem found, each naming its record.
    public init(standards: [Standard], rows: [LimitRow]) throws(CatalogueError) {
        var problems: [CatalogueError.Problem] = []
        var byId: [String: Standard] = [:]
        for standard in standards {
            if byId.updateValue(standard, forKey: standard.id) != nil {
                problems.append(.init(record: standard.id, field: "id", message: "标准编号重复"))
            }
        }
        var rowIds = Set<String>()
        for row in rows {
            if !rowIds.insert(row.id).inserted {
                problems.append(.init(record: row.id, field: "id", message: "限值行编号重复"))
            }
            guard let standard = byId[row.standardId] else {
                problems.append(.init(record: row.id, field: "standard", message: "引用了不存在的标准 \(row.standardId)"))
                continue
            }
            if row.effective.from < standard.effective.from {
                problems.append(.init(record: row.id, field: "effectiveFrom",
                                      message: "早于标准 \(standard.code) 的施行日期 \(standard.effective.from)"))
            }
            if let standardUntil = standard.effective.until, (row.effective.until.map { $0 > standardUntil } ?? true) {
                problems.append(.init(record: row.id, field: "effectiveUntil",
                                      message: "标准 \(standard.code) 于 \(standardUntil) 废止，限值行须在此之前截止"))
            }
            if let o2 = row.referenceO2, !(0..<21).contains(o2) {
                problems.append(.init(record: row.id, field: "referenceO2", message: "基准氧含量须在 0–21 % 之间"))
            }
            if case .range(let lower, let upper) = row.limit, lower > upper {
                problems.append(.init(record: row.id, field: "limit", message: "范围下限大于上限"))
            }
        }
        guard problems.isEmpty else { throw CatalogueError(problems: problems) }
        self.standards = standards
        self.rows = rows
        standardsById = byId
        rowsByFactor = Dictionary(grouping: rows, by: \.factor)
    }

    public func standard(id: String) -> Standard? { standardsById[id] }

    public func row(id: String) -> LimitRow? { rows.first { $0.id == id } }

    /// Selects the strictest limit applicable to `profile` for `factor` on the China-time day of
    /// `instant`, among the catalogue rows and the outlet's own limits (permit, agreement).
    /// `basis` defaults to the medium's judged basis (hour for air, day for water).
    public func selectLimit(for profile: OutletProfile, factor: String, at instant: Date, basis: AveragingBasis? = nil,
                            outletLimits: [OutletLimit] = []) -> LimitSelection {
        selectLimit(for: profile, factor: factor, on: CivilDate(chinaTimeOf: instant), basis: basis, outletLimits: outletLimits)
    }

    public func selectLimit(for profile: OutletProfile, factor: String, on day: CivilDate, basis requested: AveragingBasis? = nil,
                            outletLimits: [OutletLimit] = []) -> LimitSelection {
        let basis = requested ?? profile.medium.defaultBasis
        var notes: [SelectionNote] = []
        var eligible: [LimitCandidate] = []
        var standardsWithRow = Set<String>()
        var undeterminedAges = Set<String>()

        for row in rowsByFactor[factor] ?? [] {
            guard let standard = standardsById[row.standardId] else { continue }
            let age = profile.age(for: standard)
            switch row.applicability.mismatch(profile, age: age) {
            case nil: break
            case .ageUndetermined?:
                undeterminedAges.insert(standard.code)
                continue
            case _?:
                continue
            }
            guard row.effective.contains(day) else {
                notes.append(day < row.effective.from
                    ? .notYetInForce(rowId: row.id, from: row.effective.from)
                    : .noLongerInForce(rowId: row.id, until: row.effective.until ?? day))
                continue
            }
            guard row.basis == basis else {
                notes.append(.otherBasis(rowId: row.id, basis: row.basis))
                continue
            }
            standardsWithRow.insert(standard.id)
            eligible.append(LimitCandidate(row: row, standard: standard))
        }
        for limit in outletLimits where limit.factor == factor {
            guard limit.effective.contains(day) else {
                notes.append(day < limit.effective.from
                    ? .notYetInForce(rowId: limit.id, from: limit.effective.from)
                    : .noLongerInForce(rowId: limit.id, until: limit.effective.until ?? day))
                continue
            }
            guard limit.basis == basis else {
                notes.append(.otherBasis(rowId: limit.id, basis: limit.basis))
                continue
            }
            eligible.append(LimitCandidate(outletLimit: limit))
        }
        notes.append(contentsOf: undeterminedAges.sorted().map { .ageUndetermined(standardCode: $0) })

        // Local standards that cover this outlet but have no row for the factor yet.
        for standard in standards where standard.scope == .local && !standardsWithRow.contains(standard.id) {
            guard standard.covers(profile, on: day) else { continue }
            notes.append(.localLimitNotConfigured(standardId: standard.id, standardCode: standard.code))
        }

        let ordered = eligible.sorted(by: Self.stricter)
        guard let winner = ordered.first else {
            return .noApplicableRow(NoApplicableLimit(factor: factor, basis: basis, day: day, notes: notes))
        }
        let bestCatalogueRow = ordered.first { !$0.isOutletLimit }
        if winner.isOutletLimit {
            notes.append(.outletLimitOverrides(outletLimitId: winner.rowId, insteadOf: bestCatalogueRow?.rowId))
        }
        for candidate in ordered.dropFirst() where candidate.isOutletLimit && candidate.strictnessKey != winner.strictnessKey {
            notes.append(.outletLimitLooser(outletLimitId: candidate.rowId, winnerRowId: winner.rowId))
        }
        if winner.provisional { notes.append(.provisional(rowId: winner.rowId)) }
        return .selected(SelectedLimit(winner: winner, considered: ordered, notes: notes, day: day))
    }

    /// Strictest first; at equal strictness a confirmed row before a provisional one, a catalogue
    /// row before an outlet limit (a permit overrides only when stricter, and the standard is the
    /// legal basis), then by id so the order is stable.
    private static func stricter(_ a: LimitCandidate, _ b: LimitCandidate) -> Bool {
        let (ka, kb) = (a.strictnessKey, b.strictnessKey)
        if ka != kb { return ka < kb }
        if a.provisional != b.provisional { return !a.provisional }
        if a.isOutletLimit != b.isOutletLimit { return !a.isOutletLimit }
        return a.rowId < b.rowId
    }
}
