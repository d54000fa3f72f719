import Foundation
import Testing
import Domain
import Store
@testable import Registry

/// The registry against a real PostgreSQL: import, re-import, history, limits, contacts, export.
@Suite(.timeLimit(.minutes(5)), .serialized)
struct RegistryDatabaseTests {
    static func at(_ text: String) -> Date { InstantText.parse(text)! }

    static func importSample(_ db: Database) async throws -> ImportSummary {
        try await RegistryImporter(database: db).importAll(
            registry: [(Fixtures.sampleRegistry.path, Fixtures.sample)], catalogue: Fixtures.catalogue, source: "test")
    }

    @Test func importingTheSameFilesTwiceChangesNothing() async throws {
        try await TestDatabase.withDatabase { db in
            let first = try await Self.importSample(db)
            #expect(first.importId != nil)
            #expect(first.changesByTable["points"] == Fixtures.sample.points.count)
            #expect(first.changesByTable["limit_rows"] == Fixtures.catalogue.standards.rows.count)
            let second = try await Self.importSample(db)
            #expect(second.changes == 0, "\(second.changesByTable.filter { $0.value > 0 })")
            #expect(second.importId == nil)
            let imports: Int = try await db.query("SELECT count(*) AS n FROM registry.imports")[0].decode("n")
            #expect(imports == 1)
        }
    }

    @Test func monitoringPointAnswersWhatIngestAndJudgmentNeed() async throws {
        try await TestDatabase.withDatabase { db in
            _ = try await Self.importSample(db)
            let reader = RegistryReader(database: db)
            let info = try #require(try await reader.monitoringPoint(mn: "88888880000001", at: Self.at("2024-05-01T10:00:00+08:00")))
            #expect(info.pointId == "P-TP-01-1")
            #expect(info.password == "123456")
            #expect(info.protocolVersion == .hj212v2017)
            #expect(info.mode == .strict)
            #expect(info.outletId == "O-TP-01-1")
            #expect(info.outletName.hasPrefix("1号炉排口"))
            #expect(info.enterpriseId == "E-TP-01")
            #expect(info.enterpriseName == "四川蓉能示范发电有限责任公司")
            #expect(info.countyCode == "510121")
            #expect(info.countyName == "金堂县")
            #expect(info.cityCode == "510100")
            #expect(info.cityName == "成都市")
            #expect(info.factors.map(\.code) == ["a21026", "a21002", "a34013", "a19001", "a00000"])
            #expect(try await reader.monitoringPoint(mn: "00000000000000", at: Self.at("2024-05-01")) == nil)
            // Before the registry knew the enterprise (2010-01-01) there is no point either.
            #expect(try await reader.monitoringPoint(mn: "88888880000001", at: Self.at("2009-12-31")) == nil)
            #expect(try await reader.monitoringPoints(at: Self.at("2024-05-01")).count == Fixtures.sample.points.count)
        }
    }

    @Test func deviceCredentialsAnswerABatchAsMonitoringPointDoes() async throws {
        try await TestDatabase.withDatabase { db in
            _ = try await Self.importSample(db)
            let reader = RegistryReader(database: db)
            let instant = Self.at("2024-05-01T10:00:00+08:00")
            let points = try await reader.monitoringPoints(at: instant)
            // Every registered MN, an unknown one, one with characters an array literal must escape,
            // and a repeat: one answer per registered MN, each the same as monitoringPoint's.
            let asked = points.map(\.mn) + ["00000000000000", "8888\",\"\\0001", points[0].mn]
            let credentials = try await reader.deviceCredentials(mns: asked, at: instant)
            #expect(credentials.count == Set(points.map(\.mn)).count)
            for point in points {
                let info = try #require(try await reader.monitoringPoint(mn: point.mn, at: instant))
                let found = try #require(try credentials[point.mn]?.get())
                #expect(found.password == info.password)
                #expect(found.mode == info.mode)
            }
            #expect(credentials["00000000000000"] == nil)
            // Before the registry knew the enterprise there is no device either.
            #expect(try await reader.deviceCredentials(mns: ["88888880000001"], at: Self.at("2009-12-31")).isEmpty)
            #expect(try await reader.deviceCredentials(mns: [], at: instant).isEmpty)
            // A point whose password cannot be read fails for its own MN; the others are answered.
            try await db.execute("UPDATE registry.points SET doc = doc - 'password' WHERE mn = '51018100000101'")
            let mixed = try await reader.deviceCredentials(mns: ["51018100000101", "88888880000001"], at: instant)
            #expect(throws: RegistryError.self) { try mixed["51018100000101"]?.get() }
            #expect(try mixed["88888880000001"]?.get().password == "123456")
        }
    }

    @Test func limitFollowsTheOutletsHistoryAndItsPermit() async throws {
        try await TestDatabase.withDatabase { db in
            _ = try await Self.importSample(db)
            let reader = RegistryReader(database: db)
            // 2016: existing coal boiler in Chengdu (special-limit region) before its ultra-low retrofit.
            let before = try #require(try await reader.limit(outletId: "O-TP-01-1", factor: "a21026", at: Self.at("2016-06-01")).selected)
            #expect(before.winner.rowId == "GB13223-2011/T2/coal-boiler/a21026/existing")
            #expect(before.winner.limit == .maximum(50))
            #expect(before.provisional)
            // 2018: the outlet's second version carries the ultra-low commitment.
            let ultraLow = try #require(try await reader.limit(outletId: "O-TP-01-1", factor: "a21026", at: Self.at("2018-06-01")).selected)
            #expect(ultraLow.winner.rowId == "ULE-COAL-2015/coal-boiler/a21026")
            #expect(ultraLow.winner.referenceO2 == 6)
            #expect(ultraLow.winner.basis == .hour)
            // 2021: the permit's 5 mg/m³ particulate limit is stricter than ultra-low's 10.
            let permit = try #require(try await reader.limit(outletId: "O-TP-01-1", factor: "a34013", at: Self.at("2021-01-01")).selected)
            #expect(permit.winner.isOutletLimit)
            #expect(permit.winner.limit == .maximum(5))
            #expect(permit.notes.contains { $0.code == "outlet_limit_overrides" })
            // 2031: the permit expired on 2030-06-01.
            let expired = try #require(try await reader.limit(outletId: "O-TP-01-1", factor: "a34013", at: Self.at("2031-01-01")).selected)
            #expect(expired.winner.rowId == "ULE-COAL-2015/coal-boiler/a34013")
        }
    }

    @Test func paperOutletLimitsNotesAndNoRow() async throws {
        try await TestDatabase.withDatabase { db in
            _ = try await Self.importSample(db)
            let reader = RegistryReader(database: db)
            let early = try await reader.limit(outletId: "O-PP-01-1", factor: "w01018", at: Self.at("2011-06-30"))
            guard case .noApplicableRow(let none) = early else { Issue.record("expected no row: \(early)"); return }
            #expect(none.basis == .day)
            #expect(none.notes.contains { $0.code == "not_yet_in_force" })
            let later = try #require(try await reader.limit(outletId: "O-PP-01-1", factor: "w01018", at: Self.at("2021-03-01")).selected)
            #expect(later.winner.limit == .maximum(60))
            #expect(later.winner.isOutletLimit)
            #expect(later.notes.contains(.localLimitNotConfigured(standardId: "DB51-2311-2016", standardCode: "DB51/2311-2016")))
            await #expect(throws: RegistryError.self) {
                _ = try await reader.limit(outletId: "O-NOPE", factor: "w01018", at: Self.at("2021-03-01"))
            }
        }
    }

    @Test func contactsAtAPastInstant() async throws {
        try await TestDatabase.withDatabase { db in
            _ = try await Self.importSample(db)
            let reader = RegistryReader(database: db)
            let versions = Fixtures.sample.contacts.filter { $0.record.id == "C-E-TP-01-1" }.sorted { $0.validFrom < $1.validFrom }
            #expect(versions.count == 2)
            let in2022 = try await reader.contacts(enterpriseId: "E-TP-01", at: Self.at("2022-06-01"))
            let in2024 = try await reader.contacts(enterpriseId: "E-TP-01", at: Self.at("2024-06-01"))
            #expect(in2022.first?.name == versions[0].record.name)
            #expect(in2024.first?.name == versions[1].record.name)
            #expect(in2024.first?.primary == true)
            #expect(in2024.count == 2)
            let chain = try await reader.supervisionContacts(enterpriseId: "E-TP-01", at: Self.at("2024-06-01"))
            #expect(chain.county.map(\.id) == ["C-B-510121-1", "C-B-510121-2"])
            #expect(chain.city.map(\.id) == ["C-B-510100-1"])
            #expect(chain.province.map(\.id) == ["C-B-510000-1"])
            #expect(chain.county.first?.wechatId != nil)
            let history = try await reader.outletHistory(id: "O-TP-01-1")
            #expect(history.map(\.validFrom) == [Self.at("2012-01-01"), Self.at("2017-07-01")])
            let validTo: Date? = try await db.query("""
                SELECT valid_to FROM registry.outlets WHERE id = 'O-TP-01-1' ORDER BY valid_from LIMIT 1
                """)[0].decode("valid_to")
            #expect(validTo == Self.at("2017-07-01"))
        }
    }

    @Test func permitsAndOperatingParametersAtAnInstant() async throws {
        try await TestDatabase.withDatabase { db in
            _ = try await Self.importSample(db)
            let reader = RegistryReader(database: db)
            let first = try await reader.permits(enterpriseId: "E-TP-01", at: Self.at("2024-01-01"))
            #expect(first.map(\.validFrom) == [Self.at("2020-06-01")])
            #expect(first.first?.record.totals.first { $0.factor == "a21026" }?.annualTonnes == 800)
            let renewed = try await reader.permits(enterpriseId: "E-TP-01", at: Self.at("2026-01-01"))
            #expect(renewed.first?.record.totals.first { $0.factor == "a21026" }?.monthlyTonnes == 70)
            #expect(try await reader.permits(enterpriseId: "E-TP-01", at: Self.at("2019-01-01")).isEmpty)
            let parameters = try await reader.operatingParameters(enterpriseId: "E-CM-01", at: Self.at("2024-01-01"))
            #expect(parameters.map(\.code) == ["e20101", "e20102", "e20103"])
            #expect(parameters.first?.stoppedBelow == 600)
        }
    }

    @Test func exportThenImportIsTheSameRegistry() async throws {
        try await TestDatabase.withDatabase { db in
            _ = try await Self.importSample(db)
            let reader = RegistryReader(database: db)
            let exported = try await reader.registryDocument()
            let text = exported.text()
            #expect(text == Fixtures.sample.text())
            let catalogue = try await reader.ruleCatalogue()
            #expect(StandardsDocument(catalogue: catalogue.standards).text()
                    == StandardsDocument(catalogue: Fixtures.catalogue.standards).text())
            #expect(MarksDocument(catalogue: catalogue.marks).text() == MarksDocument(catalogue: Fixtures.catalogue.marks).text())
            // Re-importing the export changes nothing.
            let reparsed = try RegistryDocument.parse(Data(text.utf8), file: "export.json")
            let again = try await RegistryImporter(database: db).importAll(registry: [("export.json", reparsed)], catalogue: catalogue,
                                                                           source: "round trip")
            #expect(again.changes == 0)
            // And into an empty database it gives the same export.
            try await TestDatabase.withDatabase { other in
                _ = try await RegistryImporter(database: other).importAll(registry: [("export.json", reparsed)], catalogue: catalogue,
                                                                          source: "round trip")
                #expect(try await RegistryReader(database: other).registryDocument().text() == text)
            }
        }
    }

    @Test func aBrokenFileChangesNothingAndNamesTheRecord() async throws {
        try await TestDatabase.withDatabase { db in
            _ = try await Self.importSample(db)
            var broken = RegistryDocument()
            var outlet = try #require(Fixtures.sample.outlets.first { $0.record.id == "O-CM-01-1" })
            outlet.record.name = "改名后的窑尾排放口"
            broken.outlets = [outlet]
            var point = try #require(Fixtures.sample.points.first { $0.record.id == "P-CM-01-1" })
            point.record.id = "P-NEW"
            point.record.outletId = "O-MISSING"
            broken.points = [point]
            do {
                _ = try await RegistryImporter(database: db).importAll(registry: [("broken.json", broken)], catalogue: nil, source: "t")
                Issue.record("expected the import to fail")
            } catch let error as ImportError {
                #expect(error.problems.contains { $0.file == "broken.json" && $0.record.hasPrefix("points (P-NEW") && $0.field == "outlet" })
                #expect(error.problems.contains { $0.record.hasPrefix("points (P-NEW") && $0.field == "mn" && $0.message.contains("P-CM-01-1") })
            }
            // The valid part of the file (the renamed outlet) was not written either.
            let name: String = try await db.query("SELECT doc->>'name' AS name FROM registry.outlets WHERE id = 'O-CM-01-1'")[0].decode("name")
            #expect(name == "窑尾排放口")
        }
    }

    @Test func aCorrectionIsLoggedWithTheDocumentItReplaced() async throws {
        try await TestDatabase.withDatabase { db in
            _ = try await Self.importSample(db)
            var document = RegistryDocument()
            var outlet = try #require(Fixtures.sample.outlets.first { $0.record.id == "O-CM-01-1" })
            outlet.record.name = "1号窑窑尾排放口"
            document.outlets = [outlet]
            let summary = try await RegistryImporter(database: db).importAll(registry: [("fix.json", document)], catalogue: nil, source: "fix")
            #expect(summary.changes == 1)
            let rows = try await db.query("""
                SELECT old_doc->>'name' AS old, new_doc->>'name' AS new FROM registry.changes
                WHERE kind = 'outlets' AND id = 'O-CM-01-1' AND import_id = \(summary.importId!)
                """)
            #expect(rows.count == 1)
            #expect(try rows[0].decode("old", as: String.self) == "窑尾排放口")
            #expect(try rows[0].decode("new", as: String.self) == "1号窑窑尾排放口")
        }
    }

    @Test func aRemovedCatalogueRowIsLoggedNotLost() async throws {
        try await TestDatabase.withDatabase { db in
            _ = try await Self.importSample(db)
            let full = Fixtures.catalogue
            let removedId = "GBT31962-2015/grade-a/w01018"
            let fewer = try StandardsCatalogue(standards: full.standards.standards, rows: full.standards.rows.filter { $0.id != removedId })
            let catalogue = try RuleCatalogue(standards: fewer, marks: full.marks, codeRules: full.codeRules)
            let summary = try await RegistryImporter(database: db).importAll(registry: [], catalogue: catalogue, source: "edit")
            #expect(summary.changes == 1)
            let logged = try await db.query("""
                SELECT old_doc->>'limit' AS old, new_doc IS NULL AS removed FROM registry.changes WHERE id = \(removedId)
                ORDER BY seq DESC LIMIT 1
                """)
            #expect(try logged[0].decode("old", as: String.self) == "500")
            #expect(try logged[0].decode("removed", as: Bool.self))
        }
    }

    @Test func migrationsApplyConcurrently() async throws {
        try await TestDatabase.withDatabase { db in
            let url = TestDatabase.url(TestDatabase.serverURL, database: try await db.query("SELECT current_database() AS d")[0].decode("d"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let other = try await TestDatabase.connect(url)
                        try await RegistrySchema.migrator.apply(on: other)
                        await other.close()
                    }
                }
                try await group.waitForAll()
            }
            let applied = try await RegistrySchema.migrator.appliedMigrations(on: db)
            #expect(applied.map(\.version) == [1])
        }
    }
}
