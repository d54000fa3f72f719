/// New or existing source (新建 / 现有) relative to one standard: a unit is "new" for a standard
/// when it was commissioned (or its EIA approved) on or after the standard's new-source date.
public enum SourceAge: String, Sendable, Hashable, CaseIterable, Codable {
    case new
    case existing

    public var nameZh: String { self == .new ? "新建" : "现有" }
}
