public import Foundation

/// A provider's HTTP answer as the sender received it: status code and raw body, nothing parsed.
public struct ChannelResponse: Sendable, Equatable {
    public var statusCode: Int
    public var body: [UInt8]

    public init(statusCode: Int, body: [UInt8]) {
        self.statusCode = statusCode
        self.body = body
    }

    public init(statusCode: Int, body: Data) {
        self.init(statusCode: statusCode, body: [UInt8](body))
    }

    public init(statusCode: Int, text: String) {
        self.init(statusCode: statusCode, body: Array(text.utf8))
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    var isSuccessStatus: Bool { (200...299).contains(statusCode) }
}
