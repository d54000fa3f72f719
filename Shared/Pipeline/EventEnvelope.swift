public import Bus

/// A CloudEvent's data when only the envelope matters (id, source, type): decoding ignores it.
public struct AnyPayload: Codable, Sendable {
    public init() {}
    public init(from decoder: any Decoder) throws {}
    public func encode(to encoder: any Encoder) throws {}
}

extension ConsumedRecord {
    /// The CloudEvent this record carries, with data of type `Payload`. A record that does not
    /// decode will not decode on a retry either, so it is a permanent handling error (dead-lettered)
    /// naming `what`: "`what` does not decode: …".
    public func event<Payload>(_ type: Payload.Type, _ what: String) throws -> CloudEvent<Payload> {
        do { return try CloudEvent<Payload>.decode(value) } catch {
            throw HandlingError.permanent("\(what) does not decode: \(error)")
        }
    }
}
