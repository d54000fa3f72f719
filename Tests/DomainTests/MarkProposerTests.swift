import Foundation
import Testing
@testable import Domain

/// Marks the platform proposes from device flags and equipment states, through the catalogue.
@Suite(.timeLimit(.minutes(1)))
struct MarkProposerTests {
    typealias F = MarkFixtures

    static func type(_ id: String, flags: Set<String> = [], status: [MarkType.StatusSuggestion] = []) -> MarkType {
        MarkType(id: id, nameZh: id, nameEn: id, family: .equipment, industries: [], effect: .invalid, suggestedByFlags: flags,
                 suggestedByStatus: status, evidence: [], reasonPrefixRequired: false, effective: F.always, sourceNote: "test", provisional: true)
    }

    static let proposer = MarkProposer(catalogue: try! MarkCatalogue(
        types: [type("equipment.calibration", flags: ["C"], status: [.init(code: "i12001", values: [3, 8])]),
                type("equipment.maintenance", flags: ["M"], status: [.init(code: "i12001", values: [1])]),
                type("equipment.fault", flags: ["D"])],
        overlapRules: [], policies: []))

    @Test func aCalibrationFlagProposesCalibrationForThatFactorOnly() {
        let upload = MeasurementRecord(mn: "MN-A", cn: "2051", st: "31", protocolVersion: "2017", dataTime: F.at(1), receivedAt: F.at(1),
                                       frameId: "f", packetNumber: nil, late: false,
                                       readings: [FactorReading(factor: "a21002", avg: 0, flag: "C"), FactorReading(factor: "a21026", avg: 20, flag: "N"),
                                                  FactorReading(factor: "a19001", avg: 6)])
        let (signals, quiet) = Self.proposer.signals(in: upload)
        #expect(signals == [MarkSignal(typeId: "equipment.calibration", mn: "MN-A", factor: "a21002", time: F.at(1), source: "flag:C")])
        #expect(quiet == ["a21026", "a19001"])
    }

    @Test func anEquipmentStatusProposesItsMarkUnderItsFactor() {
        let params = ParamsRecord(mn: "MN-A", cn: "3020", dataTime: F.at(2), receivedAt: F.at(2), frameId: "f",
                                  items: [.init(polId: "a21026", key: "i12001-Info", value: "1"), .init(polId: "a21002", key: "i12001-Info", value: "0"),
                                          .init(polId: "a21002", key: "i13001-Info", value: "3"), .init(polId: nil, key: "e20101-Rtd", value: "3")])
        #expect(Self.proposer.signals(in: params) == [MarkSignal(typeId: "equipment.maintenance", mn: "MN-A", factor: "a21026", time: F.at(2),
                                                                 source: "i12001=1")])
        var undated = params
        undated.dataTime = nil
        #expect(Self.proposer.signals(in: undated).isEmpty)
    }
}
