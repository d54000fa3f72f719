public import Foundation

/// One version of a registry record: what it was from `validFrom`. The version ends at the next
/// version's `validFrom` or at `validTo` when the data declares an end (a closed outlet, an expired
/// permit), whichever comes first, so what applied at any past instant stays answerable.
public struct Versioned<Record: Sendable & Hashable>: Sendable, Hashable {
    public var record: Record
    public var validFrom: Date
    /// End declared in the data; nil when the version is open-ended.
    public var validTo: Date?

    public init(_ record: Record, validFrom: Date, validTo: Date? = nil) {
        self.record = record
        self.validFrom = validFrom
        self.validTo = validTo
    }
}
