public import Foundation

/// One site-information value a device reported (CN 3020 `PolId=…;iXXXXX-Info=…`, also in
/// 2021/2041 and data uploads): what `judgment.site_information` keeps per point, code and time.
public struct SiteReport: Sendable, Hashable {
    /// The pollutant the value belongs to (`PolId`), empty for the device as a whole.
    public var polId: String
    public var code: String
    public var dataTime: Date
    public var value: String
    public var frameId: String

    public init(polId: String, code: String, dataTime: Date, value: String, frameId: String) {
        self.polId = polId
        self.code = code
        self.dataTime = dataTime
        self.value = value
        self.frameId = frameId
    }

    /// Equal as numbers when both are numbers (`20.0` is `20`), else as trimmed text.
    public func sameValue(as other: SiteReport) -> Bool {
        let left = value.trimmingCharacters(in: .whitespaces), right = other.value.trimmingCharacters(in: .whitespaces)
        if let a = Double(left), let b = Double(right) { return a == b }
        return left == right
    }
}
