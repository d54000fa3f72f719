import Crypto
import Domain
import Evidence
import Foundation
import Testing

/// The chain format Dispatch writes (Services/Dispatch/OrderChain.swift) and the signed heads.
struct EvidenceChainTests {
    typealias F = EvidenceFixtures

    /// Dispatch's sealing, restated: SHA-256 over previousHash + JSON (sorted keys, unescaped
    /// slashes, ISO 8601 dates) of the event with an empty hash.
    static func dispatchSeal(_ event: OrderEventRecord) throws -> String {
        var unsealed = event
        unsealed.hash = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let text = String(decoding: try encoder.encode(unsealed), as: UTF8.self)
        return SHA256.hex(Array((event.previousHash + text).utf8))
    }

    @Test("every hash is what Dispatch's sealing computes, linked from 64 zeros")
    func sameAsDispatch() throws {
        #expect(F.chain.count == 10)
        #expect(F.chain[0].previousHash == String(repeating: "0", count: 64))
        for (index, record) in F.chain.enumerated() {
            #expect(try Self.dispatchSeal(record) == record.hash)
            if index > 0 { #expect(record.previousHash == F.chain[index - 1].hash) }
        }
        #expect(OrderEventChain.firstBreak(in: F.chain) == nil)
    }

    @Test("the canonical text: sorted keys, empty hash, unescaped slash, dates to the second")
    func canonicalText() throws {
        let record = OrderEventRecord(
            orderId: "o1", orderNumber: "DB20260302001", sequence: 1, transition: "opened", stage: "pre_warning", cause: "exceedance",
            episodeId: "e", enterpriseId: "e1", enterpriseName: "某/厂", outletId: "DA001", outletName: "1号", factor: "a21026",
            factorName: "二氧化硫", periodStart: Date(timeIntervalSince1970: 1_772_416_800), value: 450.5, limit: 35, unit: "mg/m³",
            actor: "system:dispatch", reason: "超标", occurredAt: Date(timeIntervalSince1970: 1_772_434_800.25), previousHash: OrderEventChain.genesis, hash: "x")
        let text = try OrderEventChain.canonical(record)
        #expect(text == #"{"actor":"system:dispatch","cause":"exceedance","enterpriseId":"e1","enterpriseName":"某/厂","episodeId":"e","factor":"a21026","factorName":"二氧化硫","hash":"","limit":35,"occurredAt":"2026-03-02T07:00:00Z","orderId":"o1","orderNumber":"DB20260302001","outletId":"DA001","outletName":"1号","periodStart":"2026-03-02T02:00:00Z","previousHash":"0000000000000000000000000000000000000000000000000000000000000000","reason":"超标","sequence":1,"stage":"pre_warning","transition":"opened","unit":"mg/m³","value":450.5}"#)
        #expect(try OrderEventChain.hash(record) == SHA256.hex(Array((OrderEventChain.genesis + text).utf8)))
    }

    @Test("the first break is named: a changed field, a broken link, a swapped pair, a foreign event")
    func breaks() throws {
        var changed = F.chain
        changed[4].reason += "。"
        #expect(OrderEventChain.firstBreak(in: changed)?.sequence == 5)
        #expect(OrderEventChain.firstBreak(in: changed)?.reason == .hashMismatch)

        var relinked = F.chain
        relinked[6].previousHash = F.chain[4].hash
        #expect(OrderEventChain.firstBreak(in: relinked).map { ($0.index, $0.reason) } ?? (0, .hashMismatch) == (6, .brokenLink))

        var swapped = F.chain
        swapped.swapAt(2, 3)
        let swap = OrderEventChain.firstBreak(in: swapped)
        #expect(swap?.index == 2 && swap?.sequence == 4 && swap?.reason == .outOfSequence)

        var dropped = F.chain
        dropped.remove(at: 7)
        #expect(OrderEventChain.firstBreak(in: dropped)?.reason == .outOfSequence)

        var foreign = F.chain
        foreign[1].orderId = "order-2"
        #expect(OrderEventChain.firstBreak(in: foreign)?.reason == .otherOrder)
    }

    @Test("records carry the order's facts, the event's transition, stage, actor and reason")
    func records() throws {
        let opened = F.chain[0]
        #expect(opened.transition == "opened" && opened.stage == "dispatch" && opened.cause == "exceedance")
        #expect(opened.actor == "system:dispatch")
        #expect(opened.episodeId == "exc:DA001:a21026:1772416800")
        #expect(opened.value == 450 && opened.limit == 35 && opened.factorName == "二氧化硫")
        #expect(F.chain.map(\.transition) == ["opened", "delivery_recorded", "reply_submitted", "reply_accepted", "stage_advanced",
                                             "response_submitted", "investigator_assigned", "investigation_recorded", "decided", "closed"])
        #expect(F.chain.map(\.stage).last == "handling_after")
        #expect(F.chain.last?.transition == "closed")
        #expect(F.chain.last?.actor == "county_officer:o-jj")
    }

    @Test("signed heads verify with the key, not with another key or after a change; time is kept to the second")
    func signedHeads() throws {
        let head = SignedChainHead.sign(orderId: "order-1", sequence: 3, hash: F.chain[2].hash, at: Date(timeIntervalSince1970: 1_772_434_800.9), with: F.key)
        #expect(head.signedAt == Date(timeIntervalSince1970: 1_772_434_800))
        #expect(head.statement == "duban.chain-head.v1\norder=order-1\nsequence=3\nhash=\(F.chain[2].hash)\nsignedAt=2026-03-02T07:00:00Z\n")
        #expect(head.verifies(publicKey: F.key.publicKey))
        #expect(!head.verifies(publicKey: F.otherKey.publicKey))
        var moved = head
        moved.sequence = 4
        #expect(!moved.verifies(publicKey: F.key.publicKey))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        #expect(try decoder.decode(SignedChainHead.self, from: encoder.encode(head)).verifies(publicKey: F.key.publicKey))
    }
}
