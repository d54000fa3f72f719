import Foundation

extension Finding {
    /// A reconciliation verdict as the supervision rules see it: a suspected false, wrong or
    /// missed mark is a finding of that order type, keyed `verdict:<verdict id>` (verdict ids are
    /// `<markId>/v<version>/<rule>/<kind>`); nil for `consistent`, which opens nothing.
    public init?(markVerdict verdict: MarkVerdict) {
        let type: OrderType
        switch verdict.kind {
        case .consistent: return nil
        case .suspectedFalse: type = .suspectedFalseMark
        case .wrong: type = .suspectedWrongMark
        case .missed: type = .suspectedMissedMark
        }
        self.init(id: Self.markVerdictPrefix + verdict.id, version: 1, type: type, detail: verdict.ruleId,
                  enterpriseId: verdict.enterpriseId, outletId: verdict.outletId, monitoringPoint: verdict.mn,
                  start: verdict.start, end: verdict.end, ongoing: false, summaryZh: "\(verdict.kind.nameZh)：\(verdict.messageZh)")
    }

    static let markVerdictPrefix = "verdict:"

    /// Whether `verdict`, a `consistent` verdict on version N of a mark, answers this finding: a
    /// suspected-false or wrong-mark verdict on an earlier version of the same mark of the same
    /// outlet. The enterprise corrected the mark and the plant's signals now agree with it.
    public func isAnswered(byCorrection verdict: MarkVerdict) -> Bool {
        guard verdict.kind == .consistent, let markId = verdict.markId, let corrected = verdict.markVersion,
              type == .suspectedFalseMark || type == .suspectedWrongMark,
              enterpriseId == verdict.enterpriseId, outletId == verdict.outletId,
              let earlier = Self.markVersion(inVerdictFinding: id, markId: markId) else { return false }
        return earlier < corrected
    }

    /// The mark version a verdict finding's id names when it concerns `markId`
    /// (`verdict:<markId>/v<version>/<rule>/<kind>`), else nil.
    static func markVersion(inVerdictFinding id: String, markId: String) -> Int? {
        let prefix = markVerdictPrefix + markId + "/v"
        guard id.hasPrefix(prefix) else { return nil }
        let rest = id.dropFirst(prefix.count)
        guard let slash = rest.firstIndex(of: "/"), let version = Int(rest[..<slash]), version > 0 else { return nil }
        return version
    }

    /// Why a finding answered by a correction is withdrawn, for the order's history.
    public static func correctionReasonZh(_ verdict: MarkVerdict) -> String {
        "标记\(verdict.markId ?? "")已更正，第\(verdict.markVersion ?? 0)版核查一致"
    }
}
