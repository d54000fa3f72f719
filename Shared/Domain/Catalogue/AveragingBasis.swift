/// The period whose mean is compared with a limit.
public enum AveragingBasis: String, Sendable, Hashable, CaseIterable, Codable {
    case hour
    case day

    public var nameZh: String { self == .hour ? "小时均值" : "日均值" }
}
