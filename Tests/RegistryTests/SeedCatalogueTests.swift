import Foundation
import Testing
import Domain
@testable import Registry

/// The seed standards catalogue answers the questions the standards ask, per industry and across
/// the dates where limits change.
@Suite(.timeLimit(.minutes(1)))
struct SeedCatalogueTests {
    let standards = Fixtures.catalogue.standards

    func select(_ profile: OutletProfile, _ factor: String, _ day: String, outletLimits: [OutletLimit] = []) -> LimitSelection {
        standards.selectLimit(for: profile, factor: factor, on: Fixtures.day(day), outletLimits: outletLimits)
    }

    func winner(_ profile: OutletProfile, _ factor: String, _ day: String, outletLimits: [OutletLimit] = []) throws -> LimitCandidate {
        let selection = select(profile, factor, day, outletLimits: outletLimits)
        return try #require(selection.selected?.winner, "no limit for \(factor) on \(day): \(selection.notes)")
    }

    // MARK: Thermal power, GB 13223-2011

    static let existingCoal = OutletProfile(industry: .thermalPower, medium: .air, unitType: .boiler, fuel: .coal,
                                            commissioned: Fixtures.day("2008-06-30"))

    @Test func existingCoalBoilerComesUnderGB13223On20140701() throws {
        let before = select(Self.existingCoal, "a21026", "2014-06-30")
        #expect(before.selected == nil)
        #expect(before.notes.contains(.notYetInForce(rowId: "GB13223-2011/T1/coal-boiler/a21026/existing",
                                                     from: Fixtures.day("2014-07-01"))))
        let after = try winner(Self.existingCoal, "a21026", "2014-07-01")
        #expect(after.rowId == "GB13223-2011/T1/coal-boiler/a21026/existing")
        #expect(after.limit == .maximum(200))
        #expect(after.referenceO2 == 6)
        #expect(after.basis == .hour)
        #expect(after.standardCode == "GB 13223-2011")
        #expect(!after.provisional)
    }

    @Test func newCoalBoilerAppliesFrom2012() throws {
        var unit = Self.existingCoal
        unit.commissioned = Fixtures.day("2013-05-01")
        #expect(try winner(unit, "a21026", "2013-06-01").limit == .maximum(100))
        #expect(try winner(unit, "a34013", "2013-06-01").limit == .maximum(30))
    }

    @Test func highSulphurCoalProvinceGetsItsProvisionalRow() throws {
        var sichuan = Self.existingCoal
        sichuan.flags = [.highSulphurCoalProvince]
        let row = try winner(sichuan, "a21026", "2016-01-01")
        #expect(row.limit == .maximum(400))
        #expect(row.provisional)
        #expect(select(sichuan, "a21026", "2016-01-01").notes.contains(.provisional(rowId: row.rowId)))
    }

    @Test func specialLimitRegionAndUltraLowAreStricter() throws {
        var chengdu = Self.existingCoal
        chengdu.flags = [.highSulphurCoalProvince, .specialLimitRegion]
        #expect(try winner(chengdu, "a21026", "2016-01-01").limit == .maximum(50))
        #expect(try winner(chengdu, "a34013", "2016-01-01").limit == .maximum(20))
        chengdu.flags.insert(.ultraLow)
        let ultraLow = try winner(chengdu, "a21026", "2018-01-01")
        #expect(ultraLow.rowId == "ULE-COAL-2015/coal-boiler/a21026")
        #expect(ultraLow.limit == .maximum(35))
        #expect(ultraLow.standardCode == "环发〔2015〕164号")
        #expect(try winner(chengdu, "a21002", "2018-01-01").limit == .maximum(50))
        #expect(try winner(chengdu, "a34013", "2018-01-01").limit == .maximum(10))
    }

    @Test func existingCirculatingFluidisedBedKeepsNOx200() throws {
        var cfb = Self.existingCoal
        cfb.flags = [.circulatingFluidisedBed]
        #expect(try winner(cfb, "a21002", "2016-01-01").limit == .maximum(200))
        #expect(try winner(Self.existingCoal, "a21002", "2016-01-01").limit == .maximum(100))
        // A new CFB boiler has no such allowance.
        cfb.commissioned = Fixtures.day("2015-01-01")
        #expect(try winner(cfb, "a21002", "2016-01-01").limit == .maximum(100))
    }

    @Test func mercuryFrom2015() throws {
        #expect(select(Self.existingCoal, "a20057", "2014-12-31").selected == nil)
        #expect(try winner(Self.existingCoal, "a20057", "2015-01-01").limit == .maximum(0.03))
    }

    @Test func naturalGasTurbineUsesFifteenPercentOxygen() throws {
        let turbine = OutletProfile(industry: .thermalPower, medium: .air, unitType: .gasTurbine, fuel: .naturalGas,
                                    commissioned: Fixtures.day("2019-12-01"))
        let nox = try winner(turbine, "a21002", "2020-06-01")
        #expect(nox.limit == .maximum(50))
        #expect(nox.referenceO2 == 15)
    }

    @Test func aStricterPermitOverridesTheStandard() throws {
        let permit = OutletLimit(id: "PM/O/a34013", kind: .permit, document: "91510121MA61TP0011001P", outletId: "O",
                                 factor: "a34013", limit: .maximum(5), unit: "mg/m3", basis: .hour, referenceO2: 6,
                                 effective: EffectivePeriod(from: Fixtures.day("2020-06-01"))!, sourceNote: "permit")
        var unit = Self.existingCoal
        unit.flags = [.ultraLow]
        let selection = select(unit, "a34013", "2021-01-01", outletLimits: [permit])
        #expect(selection.selected?.winner.rowId == "PM/O/a34013")
        #expect(selection.notes.contains(.outletLimitOverrides(outletLimitId: "PM/O/a34013",
                                                               insteadOf: "ULE-COAL-2015/coal-boiler/a34013")))
    }

    // MARK: Cement, GB 4915-2013 and its amendment

    static let existingKiln = OutletProfile(industry: .cement, medium: .air, unitType: .cementKiln,
                                            commissioned: Fixtures.day("2010-05-01"))

    @Test func existingKilnComesUnderGB4915On20150701() throws {
        #expect(select(Self.existingKiln, "a21002", "2015-06-30").selected == nil)
        let nox = try winner(Self.existingKiln, "a21002", "2015-07-01")
        #expect(nox.limit == .maximum(400))
        #expect(nox.referenceO2 == 10)
        var special = Self.existingKiln
        special.flags = [.specialLimitRegion]
        #expect(try winner(special, "a21002", "2015-07-01").limit == .maximum(320))
    }

    @Test func ammoniaSlipIsLimitedOnlyWithAmmoniaDeNOx() throws {
        #expect(select(Self.existingKiln, "a21001", "2020-01-01").selected == nil)
        var sncr = Self.existingKiln
        sncr.flags = [.ammoniaDeNOx]
        #expect(try winner(sncr, "a21001", "2020-01-01").limit == .maximum(10))
    }

    @Test func amendmentTightensIndependentHeatDryersOn20260401() throws {
        let dryer = OutletProfile(industry: .cement, medium: .air, unitType: .cementDryer, commissioned: Fixtures.day("2015-09-01"),
                                  flags: [.independentHeat])
        let before = try winner(dryer, "a34013", "2026-03-31")
        #expect(before.limit == .maximum(30))
        #expect(before.standardVersion == "2013")
        let after = try winner(dryer, "a34013", "2026-04-01")
        #expect(after.limit == .maximum(10))
        #expect(after.rowId == "GB4915-2013-XG1/dryer-independent-heat/a34013")
        #expect(after.standardVersion.contains("修改单"))
        #expect(try winner(dryer, "a21026", "2026-03-31").limit == .maximum(600))
        #expect(try winner(dryer, "a21026", "2026-04-01").limit == .maximum(50))
        // The superseded rows are no longer in force, not merely outvoted.
        #expect(select(dryer, "a21026", "2026-04-01").selected?.considered.count == 1)
        // A dryer without its own heat source keeps 30 at the measured concentration.
        let cooler = OutletProfile(industry: .cement, medium: .air, unitType: .cementDryer, commissioned: Fixtures.day("2015-09-01"))
        let pm = try winner(cooler, "a34013", "2026-04-01")
        #expect(pm.limit == .maximum(30))
        #expect(pm.referenceO2 == nil)
    }

    @Test func coProcessingKilnHasAProvisionalHClLimit() throws {
        var kiln = Self.existingKiln
        kiln.flags = [.coProcessing]
        let hcl = try winner(kiln, "a21024", "2020-01-01")
        #expect(hcl.limit == .maximum(10))
        #expect(hcl.provisional)
        #expect(select(Self.existingKiln, "a21024", "2020-01-01").selected == nil)
    }

    // MARK: Paper, GB 3544-2008, DB51/2311-2016, GB/T 31962-2015

    static let paperMill = OutletProfile(industry: .paper, medium: .water, unitType: .wastewaterPlant, enterpriseCategory: .paperMill,
                                         discharge: .direct, commissioned: Fixtures.day("2005-04-01"))

    @Test func existingPaperMillComesUnderTable2On20110701() throws {
        #expect(select(Self.paperMill, "w01018", "2011-06-30").selected == nil)
        let cod = try winner(Self.paperMill, "w01018", "2011-07-01")
        #expect(cod.limit == .maximum(80))
        #expect(cod.basis == .day)
        #expect(cod.unit == "mg/L")
        var integrated = Self.paperMill
        integrated.enterpriseCategory = .integratedPulpPaper
        #expect(try winner(integrated, "w01018", "2012-01-01").limit == .maximum(90))
        #expect(try winner(Self.paperMill, "w01001", "2012-01-01").limit == .range(lower: 6, upper: 9))
    }

    @Test func minTuoBasinOutletShowsLocalLimitNotConfigured() throws {
        var basin = Self.paperMill
        basin.flags = [.minTuoKeyArea]
        // Existing direct dischargers come under DB51/2311 on 2020-01-01.
        #expect(!select(basin, "w01018", "2019-12-31").notes.contains { $0.code == "local_limit_not_configured" })
        let selection = select(basin, "w01018", "2020-01-01")
        #expect(selection.selected?.winner.standardCode == "GB 3544-2008")
        #expect(selection.notes.contains(.localLimitNotConfigured(standardId: "DB51-2311-2016", standardCode: "DB51/2311-2016")))
    }

    @Test func indirectDischargerFollowsSewerGradeOrItsAgreement() throws {
        var indirect = Self.paperMill
        indirect.discharge = .indirect
        #expect(select(indirect, "w01018", "2020-01-01").selected == nil)
        indirect.flags = [.sewerGradeB]
        let sewer = try winner(indirect, "w01018", "2020-01-01")
        #expect(sewer.limit == .maximum(500))
        #expect(sewer.provisional)
        let agreement = OutletLimit(id: "AG/O/w01018", kind: .agreement, document: "纳管协议", outletId: "O", factor: "w01018",
                                    limit: .maximum(300), unit: "mg/L", basis: .day, referenceO2: nil,
                                    effective: EffectivePeriod(from: Fixtures.day("2021-01-01"))!, sourceNote: "协议")
        let agreed = try winner(indirect, "w01018", "2021-01-01", outletLimits: [agreement])
        #expect(agreed.rowId == "AG/O/w01018")
        #expect(agreed.standardCode == "纳管协议 纳管协议")
        #expect(!agreed.provisional)
    }

    @Test func everyRowNamesItsSourceAndEveryProvisionalRowSaysSo() {
        for row in standards.rows {
            #expect(!row.sourceNote.isEmpty, "\(row.id)")
            #expect(standards.standard(id: row.standardId) != nil, "\(row.id)")
            if row.sourceNote.contains("待原文核实") { #expect(row.provisional, "\(row.id) says unconfirmed but is not provisional") }
        }
    }

    // MARK: Marks and code rules

    @Test func seedMarkCatalogueEncodesThePilotsWrongMarkRule() throws {
        let marks = Fixtures.catalogue.marks
        let start = Fixtures.day("2024-03-10").startInChina
        let startup = MarkPeriod(id: "s", typeId: "thermal-power.startup", start: start, end: start.addingTimeInterval(4 * 3600))
        let fault = MarkPeriod(id: "f", typeId: "thermal-power.fault", start: start.addingTimeInterval(3600),
                               end: start.addingTimeInterval(2 * 3600))
        let conflicts = marks.conflicts(of: fault, with: [startup])
        #expect(conflicts.map(\.ruleId) == ["tp-fault-vs-startup"])
        #expect(conflicts.first?.provisional == false)
        // An equipment calibration during start-up is allowed by the family rule.
        let calibration = MarkPeriod(id: "c", typeId: "equipment.calibration", start: start.addingTimeInterval(3600),
                                     end: start.addingTimeInterval(7200))
        #expect(marks.conflicts(of: calibration, with: [startup]).isEmpty)
        #expect(marks.suggestions(forFlag: "C").map(\.id) == ["equipment.calibration"])
        #expect(marks.suggestions(forStatus: "i12001", value: 1).map(\.id) == ["equipment.maintenance"])
    }

    @Test func sichuanPolicyChangesWithTheRuleVersion() throws {
        let marks = Fixtures.catalogue.marks
        #expect(marks.policy(province: "510000", on: Fixtures.day("2021-06-01"))?.ruleVersion == "SC-PILOT-2021")
        let current = try #require(marks.policy(province: "510000", on: Fixtures.day("2024-06-01")))
        #expect(current.id == "sichuan-2023")
        #expect(current.cap(for: "thermal-power.fault")?.yearlyHours == 60)
        #expect(current.cap(for: "thermal-power.fault")?.provisional == true)
        #expect(marks.policy(province: "320000", on: Fixtures.day("2024-06-01"))?.id == "national-2023")
    }

    @Test func flagRulesDependOnTheProtocolGeneration() throws {
        let rules = Fixtures.catalogue.codeRules
        #expect(rules.rule(flag: "F", protocol: .hj212v2017)?.effect == .invalid)
        #expect(rules.rule(flag: "F", protocol: .hj212v2005)?.effect == .outOfService)
        #expect(rules.rule(flag: "P", protocol: .hj212v2017) == nil)
        #expect(rules.rule(flag: "T", protocol: .hj212v2025)?.effect == .keptFlagged)
        #expect(rules.rule(status: "i12001", value: 2)?.meaningZh == "故障")
    }
}

extension SeedCatalogueTests {
    @Test func seedCatalogueNamesOnlyFactorsTheCodeTablesKnow() {
        // Every factor the seed catalogue names (fluoride a21018 included) is in HJ 212's tables.
        #expect(Fixtures.catalogue.warnings.map(\.message) == [])
    }
}
