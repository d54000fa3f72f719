import Domain
import Foundation
import Registry
import Runtime
import Store

/// `duban-ctl catalogue limit --outlet ID --factor CODE [--at INSTANT] [--basis hour|day]`:
/// which limit applies to a registered outlet's factor at an instant, as JSON, naming the
/// catalogue row (or permit) that won, whether it is provisional, and every note of the
/// selection. An outlet with no applicable row says so (`"selected": false`) instead of nothing.
enum CatalogueCommand {
    static let usage = "usage: duban-ctl catalogue limit --outlet ID --factor CODE [--at 2026-11-29T10:00:00+08:00] [--basis hour|day]"

    static func run(_ arguments: [String]) async -> Int32 {
        let (options, positional) = CtlSupport.parse(arguments)
        guard positional.first == "limit", let outlet = options["outlet"], let factor = options["factor"] else {
            return CtlSupport.fail(usage, status: 2)
        }
        let at: Date
        if let text = options["at"] {
            guard let parsed = CtlSupport.instant(text) else { return CtlSupport.fail("--at \(text) is not an ISO 8601 instant", status: 2) }
            at = parsed
        } else {
            at = Date()
        }
        var basis: AveragingBasis?
        if let text = options["basis"] {
            guard let parsed = AveragingBasis(rawValue: text) else { return CtlSupport.fail("--basis must be hour or day", status: 2) }
            basis = parsed
        }
        do {
            let database = try await CtlSupport.database()
            let selection = try await RegistryReader(database: database).limit(outletId: outlet, factor: factor, at: at, basis: basis)
            Console.line(CtlSupport.json(json(selection, outlet: outlet, factor: factor, at: at)))
            return 0
        } catch {
            return CtlSupport.fail("\(error)")
        }
    }

    static func json(_ selection: LimitSelection, outlet: String, factor: String, at: Date) -> [String: Any] {
        var object: [String: Any] = [
            "outlet": outlet, "factor": factor, "at": ISO8601DateFormatter().string(from: at),
            "notes": selection.notes.map { ["code": $0.code, "subject": $0.subject, "text": $0.textZh] },
        ]
        switch selection {
        case .selected(let selected):
            let winner = selected.winner
            var limit: [String: Any] = [
                "value": winner.limit.upper, "unit": winner.unit, "basis": winner.basis.rawValue, "rowId": winner.rowId,
                "standard": winner.standardCode, "version": winner.standardVersion, "provisional": winner.provisional,
                "source": winner.isOutletLimit ? "outlet_limit" : "catalogue", "sourceNote": winner.sourceNote,
            ]
            if let lower = winner.limit.lower { limit["lower"] = lower }
            if let referenceO2 = winner.referenceO2 { limit["referenceO2"] = referenceO2 }
            object["selected"] = true
            object["limit"] = limit
            object["considered"] = selected.considered.map { $0.rowId }
        case .noApplicableRow(let none):
            object["selected"] = false
            object["reason"] = none.reasonZh
        }
        return object
    }
}
