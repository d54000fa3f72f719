import Foundation
import Testing
@testable import Domain

/// Selection mechanics on a small hand-built catalogue. The seed catalogue's own rows are tested
/// in RegistryTests (SeedCatalogueTests), where the data file is parsed.
@Suite(.timeLimit(.minutes(1)))
struct LimitSelectionTests {
    static func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }
    static func period(_ from: String, _ until: String? = nil) -> EffectivePeriod {
        EffectivePeriod(from: day(from), until: until.map(day))!
    }

    static let national = Standard(
        id: "N", code: "GB 1-2011", version: "2011", titleZh: "国家标准", scope: .national, newSourcesFrom: day("2012-01-01"),
        existingSourcesFrom: day("2014-07-01"), coverage: Applicability(industries: [.thermalPower], media: [.air]),
        effective: period("2012-01-01"), sourceNote: "test", provisional: false)
    static let local = Standard(
        id: "L", code: "DB51/1-2016", version: "2016", titleZh: "地方标准", scope: .local, newSourcesFrom: day("2017-01-01"),
        existingSourcesFrom: day("2020-01-01"), coverage: Applicability(media: [.water], anyFlags: [.minTuoKeyArea]),
        effective: period("2017-01-01"), sourceNote: "test", provisional: false)
    static let water = Standard(
        id: "W", code: "GB 3-2008", version: "2008", titleZh: "水", scope: .national, newSourcesFrom: day("2008-08-01"),
        existingSourcesFrom: nil, coverage: Applicability(media: [.water]), effective: period("2008-08-01"), sourceNote: "test",
        provisional: false)

    static func row(_ id: String, standard: String = "N", factor: String = "a21026", _ limit: LimitValue, o2: Double? = 6,
                    basis: AveragingBasis = .hour, applies: Applicability = Applicability(), from: String = "2012-01-01",
                    until: String? = nil, provisional: Bool = false) -> LimitRow {
        LimitRow(id: id, standardId: standard, table: "表1", sourceCategory: "燃煤锅炉", factor: factor, limit: limit,
                 unit: "mg/m3", basis: basis, referenceO2: o2, applicability: applies, effective: period(from, until),
                 sourceNote: "test", provisional: provisional)
    }

    static let catalogue = try! StandardsCatalogue(standards: [national, local, water], rows: [
        row("new", .maximum(100), applies: Applicability(ages: [.new])),
        row("existing", .maximum(200), applies: Applicability(ages: [.existing]), from: "2014-07-01"),
        row("special", .maximum(50), applies: Applicability(allFlags: [.specialLimitRegion]), provisional: true),
        row("daily", .maximum(80), basis: .day),
        row("cod", standard: "W", factor: "w01018", .maximum(80), o2: nil, basis: .day),
        row("ph", standard: "W", factor: "w01001", .range(lower: 6, upper: 9), o2: nil, basis: .day),
    ])

    static let coal = OutletProfile(industry: .thermalPower, medium: .air, unitType: .boiler, fuel: .coal,
                                    commissioned: day("2008-06-30"))

    @Test func existingSourceHasNoRowUntilItsDateThenTheExistingRow() throws {
        let before = Self.catalogue.selectLimit(for: Self.coal, factor: "a21026", on: Self.day("2014-06-30"))
        guard case .noApplicableRow(let none) = before else { Issue.record("expected no row, got \(before)"); return }
        #expect(none.notes.contains(.notYetInForce(rowId: "existing", from: Self.day("2014-07-01"))))
        #expect(none.notes.contains(.otherBasis(rowId: "daily", basis: .day)))

        let after = try #require(Self.catalogue.selectLimit(for: Self.coal, factor: "a21026", on: Self.day("2014-07-01")).selected)
        #expect(after.winner.rowId == "existing")
        #expect(after.winner.limit == .maximum(200))
        #expect(after.winner.standardCode == "GB 1-2011")
    }

    @Test func newOrExistingFollowsTheStandardsCutoffOrTheDeclaredStatus() throws {
        var unit = Self.coal
        unit.commissioned = Self.day("2012-01-01")
        #expect(Self.catalogue.selectLimit(for: unit, factor: "a21026", on: Self.day("2013-01-01")).selected?.winner.rowId == "new")
        unit.commissioned = nil
        let undecided = Self.catalogue.selectLimit(for: unit, factor: "a21026", on: Self.day("2015-01-01"))
        #expect(undecided.selected == nil)
        #expect(undecided.notes.contains(.ageUndetermined(standardCode: "GB 1-2011")))
        unit.declaredAge = .new
        #expect(Self.catalogue.selectLimit(for: unit, factor: "a21026", on: Self.day("2015-01-01")).selected?.winner.rowId == "new")
    }

    @Test func strictestApplicableRowWinsAndAProvisionalWinnerIsSaidToBeSo() throws {
        var special = Self.coal
        special.flags = [.specialLimitRegion]
        let selected = try #require(Self.catalogue.selectLimit(for: special, factor: "a21026", on: Self.day("2020-01-01")).selected)
        #expect(selected.winner.rowId == "special")
        #expect(selected.provisional)
        #expect(selected.notes.contains(.provisional(rowId: "special")))
        #expect(selected.considered.map(\.rowId) == ["special", "existing"])
    }

    @Test func aStricterPermitOverridesAndALooserOneDoesNot() throws {
        let stricter = OutletLimit(id: "permit-35", kind: .permit, document: "91510000000000000X001P", outletId: "O1",
                                   factor: "a21026", limit: .maximum(35), unit: "mg/m3", basis: .hour, referenceO2: 6,
                                   effective: Self.period("2020-06-01", "2025-06-01"), sourceNote: "permit")
        let selected = try #require(Self.catalogue.selectLimit(for: Self.coal, factor: "a21026", on: Self.day("2021-01-01"),
                                                               outletLimits: [stricter]).selected)
        #expect(selected.winner.rowId == "permit-35")
        #expect(selected.winner.isOutletLimit)
        #expect(selected.notes.contains(.outletLimitOverrides(outletLimitId: "permit-35", insteadOf: "existing")))

        // Outside the permit's validity the standard applies again.
        let expired = try #require(Self.catalogue.selectLimit(for: Self.coal, factor: "a21026", on: Self.day("2025-06-01"),
                                                              outletLimits: [stricter]).selected)
        #expect(expired.winner.rowId == "existing")
        #expect(expired.notes.contains(.noLongerInForce(rowId: "permit-35", until: Self.day("2025-06-01"))))

        var looser = stricter
        looser.id = "permit-300"
        looser.limit = .maximum(300)
        let standardWins = try #require(Self.catalogue.selectLimit(for: Self.coal, factor: "a21026", on: Self.day("2021-01-01"),
                                                                   outletLimits: [looser]).selected)
        #expect(standardWins.winner.rowId == "existing")
        #expect(standardWins.notes.contains(.outletLimitLooser(outletLimitId: "permit-300", winnerRowId: "existing")))
    }

    @Test func limitsAtDifferentReferenceOxygenAreComparedAtTheSameOxygen() throws {
        // 110 at 3 % O2 equals 110 × 15/18 ≈ 91.7 at 6 %: numerically larger, yet stricter than 100 at 6 %.
        let permit = OutletLimit(id: "p", kind: .permit, document: "X", outletId: "O1", factor: "a21026", limit: .maximum(110),
                                 unit: "mg/m3", basis: .hour, referenceO2: 3, effective: Self.period("2012-01-01"), sourceNote: "")
        var unit = Self.coal
        unit.declaredAge = .new
        let selected = try #require(Self.catalogue.selectLimit(for: unit, factor: "a21026", on: Self.day("2013-01-01"),
                                                               outletLimits: [permit]).selected)
        #expect(selected.winner.rowId == "p")
        // 130 at 3 % ≈ 108 at 6 %: looser.
        var looser = permit
        looser.limit = .maximum(130)
        #expect(Self.catalogue.selectLimit(for: unit, factor: "a21026", on: Self.day("2013-01-01"),
                                           outletLimits: [looser]).selected?.winner.rowId == "new")
    }

    @Test func theDailyBasisSelectsDailyRows() throws {
        let daily = try #require(Self.catalogue.selectLimit(for: Self.coal, factor: "a21026", on: Self.day("2020-01-01"),
                                                            basis: .day).selected)
        #expect(daily.winner.rowId == "daily")
        #expect(daily.winner.basis == .day)
    }

    @Test func aLocalStandardWithoutRowsIsReportedAndTheNationalRowApplies() throws {
        var paper = OutletProfile(industry: .paper, medium: .water, discharge: .direct, commissioned: Self.day("2005-01-01"),
                                  flags: [.minTuoKeyArea])
        // Existing sources come under the local standard on 2020-01-01: no note before.
        let before = try #require(Self.catalogue.selectLimit(for: paper, factor: "w01018", on: Self.day("2019-12-31")).selected)
        #expect(!before.notes.contains { $0.code == "local_limit_not_configured" })
        let after = try #require(Self.catalogue.selectLimit(for: paper, factor: "w01018", on: Self.day("2020-01-01")).selected)
        #expect(after.winner.rowId == "cod")
        #expect(after.notes.contains(.localLimitNotConfigured(standardId: "L", standardCode: "DB51/1-2016")))
        #expect(after.notes.first { $0.code == "local_limit_not_configured" }?.textZh.contains("DB51/1-2016") == true)
        paper.flags = []
        #expect(Self.catalogue.selectLimit(for: paper, factor: "w01018", on: Self.day("2020-01-01")).notes.isEmpty)
    }

    @Test func aRangeLimitIsBrokenOnBothSides() throws {
        let paper = OutletProfile(industry: .paper, medium: .water)
        let selected = try #require(Self.catalogue.selectLimit(for: paper, factor: "w01001", on: Self.day("2020-01-01")).selected)
        #expect(selected.winner.limit == .range(lower: 6, upper: 9))
        #expect(selected.winner.limit.isExceeded(by: 5.9))
        #expect(selected.winner.limit.isExceeded(by: 9.1))
        #expect(!selected.winner.limit.isExceeded(by: 7))
    }

    @Test func aFactorWithoutRowsIsReportedNotNil() {
        let result = Self.catalogue.selectLimit(for: Self.coal, factor: "a19001", on: Self.day("2020-01-01"))
        guard case .noApplicableRow(let none) = result else { Issue.record("expected no row"); return }
        #expect(none.factor == "a19001")
        #expect(none.basis == .hour)
        #expect(none.reasonZh.contains("a19001"))
    }

    @Test func inconsistentCatalogueIsRefusedNamingEveryRecord() {
        #expect {
            _ = try StandardsCatalogue(standards: [Self.national, Self.national], rows: [
                Self.row("r1", standard: "missing", .maximum(1)),
                Self.row("r2", .maximum(1), from: "2011-01-01"),
                Self.row("r2", .maximum(1), o2: 21),
            ])
        } throws: { error in
            let problems = (error as? CatalogueError)?.problems ?? []
            return problems.contains { $0.record == "N" && $0.field == "id" }
                && problems.contains { $0.record == "r1" && $0.field == "standard" }
                && problems.contains { $0.record == "r2" && $0.field == "effectiveFrom" }
                && problems.contains { $0.record == "r2" && $0.field == "referenceO2" }
                && problems.contains { $0.record == "r2" && $0.field == "id" }
        }
    }

    @Test func theInstantIsJudgedOnItsChinaTimeDay() throws {
        // 2014-06-30T16:00:00Z is 2014-07-01 00:00 in China: the existing row is in force.
        let instant = Self.day("2014-07-01").startInChina
        #expect(Self.catalogue.selectLimit(for: Self.coal, factor: "a21026", at: instant).selected?.winner.rowId == "existing")
        #expect(Self.catalogue.selectLimit(for: Self.coal, factor: "a21026", at: instant.addingTimeInterval(-1)).selected == nil)
    }
}
