/// Why a data segment that framed correctly was still refused.
struct ParseFailure: Error, Sendable {
    let reason: RejectReason
    let detail: String
}
