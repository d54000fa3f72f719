public import Foundation

/// Something a device reported that suggests a mark: a data flag (`C` on a factor's reading) or an
/// equipment status value (`i12001` = 3 under a factor), at one data time.
public struct MarkSignal: Sendable, Hashable {
    public var typeId: String
    public var mn: String
    /// The factor the flag or status stood under; nil for the whole point.
    public var factor: String?
    public var time: Date
    /// `flag:C`, `i12001=3`.
    public var source: String

    public init(typeId: String, mn: String, factor: String?, time: Date, source: String) {
        self.typeId = typeId
        self.mn = mn
        self.factor = factor
        self.time = time
        self.source = source
    }
}
