/// A CloudEvent's data when only the envelope matters (id, source, type): decoding ignores it.
public struct AnyPayload: Codable, Sendable {
    public init() {}
    public init(from decoder: any Decoder) throws {}
    public func encode(to encoder: any Encoder) throws {}
}
