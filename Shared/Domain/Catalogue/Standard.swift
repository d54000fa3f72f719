/// An emission standard, an amendment of one, or a policy profile (such as the national ultra-low
/// emission plan) whose limit rows sit in the catalogue.
public struct Standard: Sendable, Hashable, Identifiable {
    public enum Scope: String, Sendable, Hashable, CaseIterable, Codable {
        /// National standard (GB, GB/T).
        case national
        /// Provincial standard (DB51/…): where stricter than the national one, it applies.
        case local
        /// A policy commitment profile such as ultra-low emission: applies to outlets carrying its flag.
        case policy
    }

    /// Stable catalogue id, e.g. `GB13223-2011`, `GB4915-2013-XG1`.
    public var id: String
    /// Code as printed, e.g. `GB 13223-2011`.
    public var code: String
    /// Version as printed, e.g. `2011`, `2013 第1号修改单`.
    public var version: String
    public var titleZh: String
    public var scope: Scope
    /// Sources commissioned (or EIA approved) on or after this day are "new" for this standard.
    public var newSourcesFrom: CivilDate?
    /// The day existing sources come under the standard, when later than its effective date
    /// (GB 13223-2011: 2014-07-01). Rows carry their own dates; this one serves the coverage check.
    public var existingSourcesFrom: CivilDate?
    /// Outlets this standard governs as a whole. For a local standard whose tables are not entered
    /// yet, an outlet it covers gets a visible "local limit not configured" note.
    public var coverage: Applicability
    public var effective: EffectivePeriod
    public var sourceNote: String
    public var provisional: Bool

    public init(id: String, code: String, version: String, titleZh: String, scope: Scope, newSourcesFrom: CivilDate?,
                existingSourcesFrom: CivilDate?,                 coverage: Applicability, effective: EffectivePeriod, sourceNote: String, provisional: Bool) {
        self.id = id
        self.code = code
        self.version = version
        self.titleZh = titleZh
        self.scope = scope
        self.newSourcesFrom = newSourcesFrom
        self.existingSourcesFrom = existingSourcesFrom
        self.coverage = coverage
        self.effective = effective
        self.sourceNote = sourceNote
        self.provisional = provisional
    }

    /// True when the standard as a whole governs `profile` on `day`: in force, covering the
    /// profile, and (for an existing source) past the date existing sources come under it.
    public func covers(_ profile: OutletProfile, on day: CivilDate) -> Bool {
        guard effective.contains(day) else { return false }
        let age = profile.age(for: self)
        guard coverage.mismatch(profile, age: age) == nil else { return false }
        if age == .existing, let existingSourcesFrom, day < existingSourcesFrom { return false }
        return true
    }
}
