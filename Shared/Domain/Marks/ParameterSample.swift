public import Foundation

/// One value of a key operating parameter (steam flow, smoke-chamber temperature…) at a data time,
/// as a device reported it on `duban.params` or `duban.measurements`.
public struct ParameterSample: Sendable, Hashable {
    public var code: String
    public var time: Date
    public var value: Double

    public init(code: String, time: Date, value: Double) {
        self.code = code
        self.time = time
        self.value = value
    }
}
