import Crypto

/// Tencent Cloud's API 3.0 signature v3 (`TC3-HMAC-SHA256`), step by step as documented:
///
/// 1. CanonicalRequest = method, `/`, canonical query (empty for POST), canonical headers
///    (`content-type` and `host`, lowercased, `key:value\n`), signed headers `content-type;host`,
///    hex SHA-256 of the body — joined by `\n`.
/// 2. StringToSign = `TC3-HMAC-SHA256`, the timestamp, the credential scope
///    `<UTC date>/<service>/tc3_request`, hex SHA-256 of the canonical request — joined by `\n`.
///    The date is the UTC day of the timestamp (a China-time date fails every night after 00:00).
/// 3. SecretDate = HMAC("TC3" + SecretKey, date); SecretService = HMAC(SecretDate, service);
///    SecretSigning = HMAC(SecretService, "tc3_request"); Signature = hex HMAC(SecretSigning,
///    StringToSign).
/// 4. Authorization = `TC3-HMAC-SHA256 Credential=<id>/<scope>, SignedHeaders=<names>, Signature=<sig>`.
public struct TC3Signature: Sendable, Equatable {
    public static let algorithm = "TC3-HMAC-SHA256"

    public let date: String
    public let credentialScope: String
    public let canonicalRequest: String
    public let stringToSign: String
    public let signature: String
    public let authorization: String

    public init(method: String = "POST", host: String, contentType: String, body: [UInt8], service: String, timestamp: Int,
                secretId: String, secretKey: Secret) {
        date = UTCTimestamp.day(fromUnixSeconds: timestamp)
        credentialScope = "\(date)/\(service)/tc3_request"
        let signedHeaders = "content-type;host"
        let canonicalHeaders = "content-type:\(contentType.lowercased())\nhost:\(host.lowercased())\n"
        canonicalRequest = [method.uppercased(), "/", "", canonicalHeaders, signedHeaders, SHA256.hex(body)].joined(separator: "\n")
        stringToSign = [Self.algorithm, String(timestamp), credentialScope, SHA256.hex(Array(canonicalRequest.utf8))].joined(separator: "\n")
        let secretDate = HMACSHA256.authenticate(date, key: Array("TC3\(secretKey.revealed)".utf8))
        let secretService = HMACSHA256.authenticate(service, key: secretDate)
        let secretSigning = HMACSHA256.authenticate("tc3_request", key: secretService)
        signature = HMACSHA256.hex(stringToSign, key: secretSigning)
        authorization = "\(Self.algorithm) Credential=\(secretId)/\(credentialScope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }
}
