public import Foundation

/// A dispatch reply as received: by whom, when, and whether before its deadline.
public struct SubmittedReply: Codable, Sendable, Hashable {
    public var reply: EnterpriseReply
    public var actor: OrderActor
    public var submittedAt: Date
    public var onTime: Bool
}

/// A handling-after response as received.
public struct SubmittedResponse: Codable, Sendable, Hashable {
    public var response: HandlingResponse
    public var actor: OrderActor
    public var submittedAt: Date
    public var onTime: Bool
}
