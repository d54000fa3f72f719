import Foundation
import HJ212
import Testing

/// Checks every packet of the shared conformance set (real packets from public sources and the
/// standards' examples, with reference verdicts) against the decoder, in both modes. The set is
/// read at test time from `../shared/conformance` beside the repository; it is not copied here.
@Suite("Conformance vectors")
struct ConformanceTests {
    struct Vector: Decodable {
        let packet: String
        let expect: String
        let notes: String
        let cn: String
    }

    static let folder: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/conformance")

    static func vectors() throws -> [Vector] {
        let file = folder.appendingPathComponent("hj212-public-vectors.jsonl")
        let text = try String(contentsOf: file, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Vector.self, from: Data($0.utf8)) }
    }

    static var folderExists: Bool { FileManager.default.fileExists(atPath: folder.path) }

    @Test(.enabled(if: folderExists, "../shared/conformance is missing beside the repository: conformance not checked"))
    func everyVectorGetsItsReferenceVerdict() throws {
        let vectors = try Self.vectors()
        #expect(vectors.count >= 100)
        for (index, vector) in vectors.enumerated() {
            let bytes = Array(vector.packet.utf8)
            let strict = FrameDecoder.decodeAll(bytes, options: .strict)
            let lenient = FrameDecoder.decodeAll(bytes, options: .lenient)
            let strictAccepted = strict.contains { if case .packet = $0 { true } else { false } }
            let lenientAccepted = lenient.contains { if case .packet = $0 { true } else { false } }
            let context = Comment(rawValue: "vector \(index) (\(vector.expect), CN \(vector.cn)): \(vector.notes)\nstrict: \(strict.map(describe))\nlenient: \(lenient.map(describe))")
            switch vector.expect {
            case "accept":
                #expect(strictAccepted && lenientAccepted, context)
                #expect(strict.count == 1, context)
            case "reject":
                #expect(!strictAccepted && !lenientAccepted, context)
            default:
                // "lenient-only …" and "reject-strict; accept only in a Modbus-CRC compatibility mode".
                #expect(!strictAccepted && lenientAccepted, context)
            }
        }
    }

    func describe(_ event: FrameEvent) -> String {
        switch event {
        case .packet(let packet): "packet CN=\(packet.cn) deviations=\(packet.deviations.map(\.rawValue))"
        case .rejected(let rejection): "rejected \(rejection.reason.rawValue): \(rejection.detail)"
        }
    }
}
