import Crypto

/// Alibaba Cloud's V3 request signature (`ACS3-HMAC-SHA256`), step by step as documented:
///
/// 1. CanonicalRequest = method, canonical URI, canonical query string, canonical headers,
///    signed headers, hex SHA-256 of the body — joined by `\n`. The query string is every
///    parameter sorted by name, name and value RFC 3986 encoded. The canonical headers are `host`,
///    `content-type` and every `x-acs-*` header, names lowercased, values trimmed, sorted by name,
///    each `name:value\n`.
/// 2. StringToSign = `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request.
/// 3. Signature = hex HMAC-SHA256(AccessKey secret, StringToSign).
/// 4. Authorization = `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<names>,Signature=<sig>`.
///
/// Each stage is returned so a signature mismatch can be diagnosed against the provider's
/// published worked example.
public struct ACS3Signature: Sendable, Equatable {
    public static let algorithm = "ACS3-HMAC-SHA256"

    public let canonicalRequest: String
    public let signedHeaders: String
    public let stringToSign: String
    public let signature: String
    public let authorization: String

    /// - Parameters:
    ///   - query: the parameters sent in the URL query (order irrelevant: they are sorted here).
    ///   - headers: the request headers; the ones the algorithm names are signed, the others ignored.
    public init(method: String, canonicalURI: String = "/", query: [(name: String, value: String)], headers: [(name: String, value: String)],
                body: [UInt8], accessKeyId: String, accessKeySecret: Secret) {
        let encodedQuery: [(name: String, value: String)] = query.map { item in
            (name: PercentEncoding.encode(item.name), value: PercentEncoding.encode(item.value))
        }
        let sortedQuery = encodedQuery.sorted { left, right in
            left.name == right.name ? left.value < right.value : left.name < right.name
        }
        let canonicalQuery = sortedQuery.map { item in "\(item.name)=\(item.value)" }.joined(separator: "&")
        let lowered: [(name: String, value: String)] = headers.map { header in (name: header.name.lowercased(), value: header.value.trimmingSpaces) }
        let signed = lowered
            .filter { header in header.name == "host" || header.name == "content-type" || header.name.hasPrefix("x-acs-") }
            .sorted { left, right in left.name < right.name }
        let canonicalHeaders = signed.map { header in "\(header.name):\(header.value)\n" }.joined()
        signedHeaders = signed.map(\.name).joined(separator: ";")
        let parts: [String] = [method.uppercased(), canonicalURI, canonicalQuery, canonicalHeaders, signedHeaders, SHA256.hex(body)]
        canonicalRequest = parts.joined(separator: "\n")
        stringToSign = "\(Self.algorithm)\n\(SHA256.hex(Array(canonicalRequest.utf8)))"
        signature = HMACSHA256.hex(stringToSign, key: Array(accessKeySecret.revealed.utf8))
        authorization = "\(Self.algorithm) Credential=\(accessKeyId),SignedHeaders=\(signedHeaders),Signature=\(signature)"
    }
}

extension String {
    /// Leading and trailing spaces and tabs removed (header values are trimmed before signing).
    var trimmingSpaces: String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
