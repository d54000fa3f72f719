import Domain
import Foundation
import Runtime
import Store

/// `duban-ctl orders stats [--from T] [--to T]`: the supervision figures (reply rate, on-time
/// rate, time to close, orders by stage, type, city, industry and status, share ending in a
/// confirmed violation) over the orders opened in [from, to), as JSON for the portal. Reads the
/// orders' state from Dispatch's schema (`DUBAN_DATABASE_URL`). Times: ISO 8601, or China time
/// without a zone; the default window is everything up to now.
enum OrdersVerb {
    static let usage = """
        usage: duban-ctl orders stats [--from TIME] [--to TIME]
        """

    static func run(_ arguments: [String]) async -> Int32 {
        let (options, positional) = CtlSupport.parse(arguments)
        guard positional == ["stats"] else { return CtlSupport.fail(usage, status: 2) }
        let now = Date()
        var window = (from: Date(timeIntervalSince1970: 0), to: now.addingTimeInterval(1))
        for name in ["from", "to"] {
            guard let text = options[name] else { continue }
            guard let instant = CtlSupport.instant(text) else { return CtlSupport.fail("--\(name) \(text) 不是有效时间", status: 2) }
            if name == "from" { window.from = instant } else { window.to = instant }
        }
        guard window.from < window.to else { return CtlSupport.fail("--from 须早于 --to", status: 2) }
        do {
            let database = try await CtlSupport.database()
            let rows = try await database.query("SELECT state::text AS state FROM dispatch.orders WHERE state IS NOT NULL ORDER BY opened_at")
            let orders = try rows.map { try JSONB(try $0.decode("state", as: String.self)).decode(SupervisionOrder.self) }
            let figures = SupervisionFigures.compute(orders, openedFrom: window.from, to: window.to, now: now)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            Console.line(String(decoding: try encoder.encode(figures), as: UTF8.self))
            return 0
        } catch {
            return CtlSupport.fail("\(error)")
        }
    }
}
