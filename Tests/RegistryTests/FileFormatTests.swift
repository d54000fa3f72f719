import Foundation
import Testing
import Domain
@testable import Registry

/// Reading data files: errors name file, record and field; writing them back is lossless.
@Suite(.timeLimit(.minutes(1)))
struct FileFormatTests {
    func problems(_ json: String, file: String = "bad.json") -> [ImportProblem] {
        do {
            _ = try RegistryDocument.parse(Data(json.utf8), file: file)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func catalogueFilesRoundTripThroughTheirText() throws {
        let catalogue = Fixtures.catalogue
        let standardsText = StandardsDocument(catalogue: catalogue.standards).text()
        let reread = try StandardsDocument.parse(Data(standardsText.utf8), file: "standards.json")
        #expect(reread.catalogue.rows == catalogue.standards.rows.sorted { $0.id < $1.id })
        #expect(reread.catalogue.standards == catalogue.standards.standards.sorted { $0.id < $1.id })
        #expect(StandardsDocument(catalogue: reread.catalogue).text() == standardsText)

        let marksText = MarksDocument(catalogue: catalogue.marks).text()
        let marks = try MarksDocument.parse(Data(marksText.utf8), file: "marks.json")
        #expect(marks.catalogue.types == catalogue.marks.types.sorted { $0.id < $1.id })
        #expect(marks.catalogue.policies == catalogue.marks.policies.sorted { $0.id < $1.id })
        #expect(MarksDocument(catalogue: marks.catalogue).text() == marksText)

        let codeText = CodeRulesDocument(rules: catalogue.codeRules).text()
        #expect(try CodeRulesDocument.parse(Data(codeText.utf8), file: "code-rules.json").rules.flags == catalogue.codeRules.flags)
    }

    @Test func sampleRegistryRoundTripsThroughItsText() throws {
        let sample = Fixtures.sample
        let text = sample.text()
        let reread = try RegistryDocument.parse(Data(text.utf8), file: "export.json")
        #expect(reread.text() == text)
        #expect(reread.recordCount == sample.recordCount)
        #expect(Set(reread.outlets) == Set(sample.outlets))
        #expect(Set(reread.contacts) == Set(sample.contacts))
    }

    @Test func sampleRegistryHasWhatTheDemoNeeds() throws {
        let sample = Fixtures.sample
        let cities = sample.jurisdictions.filter { $0.record.level == .city && $0.record.parentCode == "510000" }
        #expect(Set(cities.map(\.record.code)).count == 21)
        let point = try #require(sample.points.first { $0.record.mn == "88888880000001" }?.record)
        #expect(point.password == "123456")
        #expect(point.protocolVersion == .hj212v2017)
        #expect(point.mode == .strict)
        #expect(Set(point.factors.map(\.code)) == ["a21026", "a21002", "a34013", "a19001", "a00000"])
        for industry in Industry.allCases {
            #expect(sample.enterprises.filter { $0.record.industry == industry }.count >= 3, "\(industry)")
        }
        var known = RegistryReferences()
        known.add(sample)
        #expect(sample.referenceProblems(file: "sample.json", known: known).isEmpty)
    }

    @Test func errorsNameFileRecordAndField() {
        let found = problems("""
        {"format": "duban.registry.v1", "validFrom": "2020-01-01",
         "enterprises": [{"id": "E1", "name": "某厂", "creditCode": "91510000MA0000000X", "industry": "steel", "county": "510121"}],
         "outlets": [{"id": "O1", "enterprise": "E1", "code": "DA001", "name": "排口", "medium": "air", "flag": ["ultra-low"]}],
         "points": [{"id": "P1", "outlet": "O1", "mn": "M;1", "password": "1", "protocol": "2017", "mode": "strict",
                     "factors": [{"code": "SO2", "unit": "mg/m3"}]}]}
        """)
        func has(_ record: String, _ field: String, _ fragment: String) -> Bool {
            found.contains { $0.file == "bad.json" && $0.record == record && $0.field == field && $0.message.contains(fragment) }
        }
        #expect(has("enterprises[0] (E1)", "creditCode", "校验位"))
        #expect(has("enterprises[0] (E1)", "industry", "thermal-power、cement、paper"))
        #expect(has("outlets[0] (O1)", "flag", "未知字段"))
        #expect(has("points[0] (P1)", "factors[0].code", "a21026"))
        #expect(has("points[0] (P1)", "mn", "不得含 ;"))
        #expect(found.count == 5, "\(found.map(\.description))")
        #expect(found.first { $0.field == "creditCode" }?.description == "bad.json: enterprises[0] (E1): creditCode: 统一社会信用代码校验位错误")
    }

    @Test func aRecordWithoutValidFromNeedsAFileDefault() {
        let found = problems("""
        {"format": "duban.registry.v1", "jurisdictions": [{"code": "510000", "level": "province", "name": "四川省"}]}
        """)
        #expect(found.map(\.field) == ["validFrom"])
    }

    @Test func versionsOfOneRecordMustStartAtDifferentTimes() {
        let found = problems("""
        {"format": "duban.registry.v1", "validFrom": "2020-01-01", "jurisdictions": [
          {"code": "510000", "level": "province", "name": "四川省"},
          {"code": "510000", "level": "province", "name": "四川"},
          {"code": "510100", "level": "city", "name": "成都市", "parent": "510000", "validFrom": "2021-01-01", "validTo": "2020-06-01"},
          {"code": "510199", "level": "city", "name": "错", "parent": "520000"}]}
        """)
        #expect(found.contains { $0.record == "jurisdictions[1] (510000)" && $0.field == "code" })
        #expect(found.contains { $0.record == "jurisdictions[2] (510100)" && $0.field == "validTo" })
        #expect(found.contains { $0.record == "jurisdictions[3] (510199)" && $0.field == "parent" })
    }

    @Test func brokenReferencesAreNamedAtImport() throws {
        let document = try RegistryDocument.parse(Data("""
        {"format": "duban.registry.v1", "validFrom": "2020-01-01",
         "jurisdictions": [{"code": "510000", "level": "province", "name": "四川省"}],
         "enterprises": [{"id": "E1", "name": "某厂", "creditCode": "\(Self.validCreditCode)", "industry": "cement", "county": "510000"}],
         "units": [{"id": "U1", "enterprise": "E2", "name": "窑", "type": "cement-kiln", "commissioned": "2010-01-01"}],
         "outlets": [{"id": "O1", "enterprise": "E1", "unit": "U1", "code": "DA001", "name": "窑尾", "medium": "air"}],
         "points": [{"id": "P1", "outlet": "O9", "mn": "M1", "password": "1", "protocol": "2017", "mode": "strict",
                     "factors": [{"code": "a21026", "unit": "mg/m3"}]},
                    {"id": "P2", "outlet": "O1", "mn": "M1", "password": "1", "protocol": "2017", "mode": "strict",
                     "factors": [{"code": "a21026", "unit": "mg/m3"}]}],
         "contacts": [{"id": "C1", "jurisdiction": "519999", "name": "张三", "role": "执法", "phone": "13800000000"}]}
        """.utf8), file: "refs.json")
        var known = RegistryReferences()
        known.add(document)
        let found = document.referenceProblems(file: "refs.json", known: known)
        func has(_ kind: String, _ field: String, _ fragment: String) -> Bool {
            found.contains { $0.record.hasPrefix(kind) && $0.field == field && $0.message.contains(fragment) }
        }
        #expect(has("enterprises (E1", "county", "企业须登记到区县"))
        #expect(has("units (U1", "enterprise", "E2"))
        #expect(has("outlets (O1", "unit", "属于企业 E2"))
        #expect(has("points (P1", "outlet", "O9"))
        #expect(has("points (P2", "mn", "P1"))
        #expect(has("contacts (C1", "jurisdiction", "519999"))
    }

    @Test func catalogueErrorsNameTheRow() {
        let json = """
        {"format": "duban.catalogue.standards.v1",
         "standards": [{"id": "S", "code": "GB 1", "version": "1", "title": "t", "scope": "national", "effectiveFrom": "2012-01-01", "source": "s"}],
         "limits": [{"id": "R1", "standard": "S", "table": "表1", "sourceCategory": "c", "factor": "a21026", "limit": -5, "unit": "mg/m3",
                     "basis": "hourly", "effectiveFrom": "2011-01-01", "source": "s"},
                    {"id": "R2", "standard": "X", "table": "表1", "sourceCategory": "c", "factor": "w01001", "limit": {"min": 9, "max": 6},
                     "unit": "-", "basis": "day", "effectiveFrom": "2012-01-01", "effectiveUntil": "2012-01-01", "source": "s",
                     "appliesTo": {"fuels": ["wood"]}}]}
        """
        do {
            _ = try StandardsDocument.parse(Data(json.utf8), file: "std.json")
            Issue.record("expected errors")
        } catch {
            let fields = Set(error.problems.map { "\($0.record)|\($0.field)" })
            #expect(fields.isSuperset(of: ["limits[0] (R1)|limit", "limits[0] (R1)|basis", "limits[1] (R2)|limit",
                                           "limits[1] (R2)|effectiveUntil", "limits[1] (R2)|appliesTo.fuels"]), "\(fields)")
            #expect(error.description.hasPrefix("导入失败"))
        }
    }

    @Test func instantsRoundTripAsDaysOrChinaTimes() {
        #expect(InstantText.parse("2026-04-01") == CivilDate(iso: "2026-04-01")!.startInChina)
        #expect(InstantText.parse("2026-03-31T16:00:00Z") == CivilDate(iso: "2026-04-01")!.startInChina)
        let halfPastEight = InstantText.parse("2026-04-01T08:30:00+08:00")!
        #expect(InstantText.format(halfPastEight) == "2026-04-01T08:30:00+08:00")
        #expect(InstantText.format(CivilDate(iso: "2026-04-01")!.startInChina) == "2026-04-01")
        for bad in ["2026-04-01T25:00:00Z", "2026-04-01T08:30", "2026-04-01 08:30:00+8", "yesterday"] {
            #expect(InstantText.parse(bad) == nil, "\(bad)")
        }
    }

    static let validCreditCode: String = {
        let body = "91510181MA61CM001"
        return body + String(CreditCode.checkCharacter(for: body)!)
    }()
}
