public import Foundation

/// The bureau's investigation during handling after: who investigates, how, and what was found.
public enum Investigation {
    public enum Mode: String, Codable, Sendable, CaseIterable {
        /// 非现场调查: from the platform's data, video, documents.
        case remote
        /// 现场调查.
        case onSite = "on_site"

        public var nameZh: String { self == .remote ? "非现场调查" : "现场调查" }
    }

    /// The officer assigned to investigate.
    public struct Assignment: Codable, Sendable, Hashable {
        public var investigatorId: String
        public var investigatorName: String
        public var mode: Mode

        public init(investigatorId: String, investigatorName: String, mode: Mode) {
            self.investigatorId = investigatorId
            self.investigatorName = investigatorName
            self.mode = mode
        }
    }

    /// Findings recorded by the investigator (调查结果).
    public struct Report: Codable, Sendable, Hashable {
        public var mode: Mode
        public var findings: String
        public var attachments: [AttachmentReference]
        /// When the investigation took place (on site: the visit).
        public var conductedAt: Date

        public init(mode: Mode, findings: String, attachments: [AttachmentReference], conductedAt: Date) {
            self.mode = mode
            self.findings = findings
            self.attachments = attachments
            self.conductedAt = conductedAt
        }

        var problem: String? {
            if findings.trimmingWhitespace.isEmpty { return "调查结果不能为空" }
            return AttachmentReference.problem(in: attachments)
        }
    }
}
