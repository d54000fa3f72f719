@testable import Channels
import Crypto
import Foundation
import Testing

/// The primitives and the providers' signature algorithms, against published vectors: RFC 4231
/// for HMAC-SHA256, FIPS 180 for SHA-1, and the worked examples in Alibaba Cloud's V3 signature
/// document and Tencent Cloud's signature v3 document.
@Suite(.timeLimit(.minutes(1)))
struct SigningTests {
    @Test("HMAC-SHA256 matches RFC 4231 test cases 1, 2 and 6 (a key longer than the block size)")
    func hmacRFC4231() {
        #expect(Hex.encode(HMACSHA256.authenticate(Array("Hi There".utf8), key: [UInt8](repeating: 0x0b, count: 20)))
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(HMACSHA256.hex("what do ya want for nothing?", key: Array("Jefe".utf8))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(HMACSHA256.hex("Test Using Larger Than Block-Size Key - Hash Key First", key: [UInt8](repeating: 0xaa, count: 131))
            == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        #expect(HMACSHA256.authenticate([], key: []).count == 32)
        #expect(HMACSHA256.hex("", key: []) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test("SHA-1 matches the FIPS 180 examples, across the padding boundary and for a million bytes")
    func sha1() {
        #expect(Hex.encode(SHA1.digest([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(Hex.encode(SHA1.digest(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Hex.encode(SHA1.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
            == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(Hex.encode(SHA1.digest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)))
            == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test("ACS3-HMAC-SHA256 reproduces Alibaba Cloud's published RunInstances example stage by stage")
    func acs3PublishedExample() {
        let emptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        let signature = ACS3Signature(
            method: "POST",
            query: [("RegionId", "cn-shanghai"), ("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd")],
            headers: [
                ("host", "ecs.cn-shanghai.aliyuncs.com"), ("x-acs-action", "RunInstances"), ("x-acs-version", "2014-05-26"),
                ("x-acs-date", "2023-10-26T10:22:32Z"), ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
                ("x-acs-content-sha256", emptyBodyHash), ("Accept", "application/json"),
            ],
            body: [], accessKeyId: "YourAccessKeyId", accessKeySecret: Secret("YourAccessKeySecret"))
        #expect(signature.canonicalRequest == """
            POST
            /
            ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai
            host:ecs.cn-shanghai.aliyuncs.com
            x-acs-action:RunInstances
            x-acs-content-sha256:\(emptyBodyHash)
            x-acs-date:2023-10-26T10:22:32Z
            x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d
            x-acs-version:2014-05-26

            host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version
            \(emptyBodyHash)
            """)
        #expect(signature.stringToSign == "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259")
        #expect(signature.signature == "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0")
        #expect(signature.authorization == "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0")
    }

    @Test("ACS3 canonical query: RFC 3986 encoding (space %20, * %2A, ~ kept, UTF-8 bytes), sorted by encoded name")
    func acs3Encoding() {
        #expect(PercentEncoding.encode(" a!*'()~") == "%20a%21%2A%27%28%29~")
        #expect(PercentEncoding.encode("AZaz09-_.~") == "AZaz09-_.~")
        #expect(PercentEncoding.encode("生态") == "%E7%94%9F%E6%80%81")
        #expect(PercentEncoding.encode(#"{"a":"b/c"}"#) == "%7B%22a%22%3A%22b%2Fc%22%7D")
        let signature = ACS3Signature(method: "post", query: [("b", "2"), ("a", "x y"), ("B", "1")], headers: [("Host", " h.example "), ("X-Acs-Date", "d")],
                                      body: Array("k=v".utf8), accessKeyId: "id", accessKeySecret: Secret("s"))
        let lines = signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "POST")
        #expect(lines[2] == "B=1&a=x%20y&b=2")
        #expect(lines[3] == "host:h.example")
        #expect(lines[4] == "x-acs-date:d")
        #expect(lines.last.map(String.init) == SHA256.hex(Array("k=v".utf8)))
    }

    @Test("TC3-HMAC-SHA256 reproduces Tencent Cloud's published DescribeInstances example stage by stage")
    func tc3PublishedExample() {
        let body = Array(#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#.utf8)
        #expect(SHA256.hex(body) == "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064")
        let signature = TC3Signature(host: "cvm.tencentcloudapi.com", contentType: "application/json; charset=utf-8", body: body,
                                     service: "cvm", timestamp: 1_551_113_065, secretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
                                     secretKey: Secret("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"))
        #expect(signature.canonicalRequest == """
            POST
            /

            content-type:application/json; charset=utf-8
            host:cvm.tencentcloudapi.com

            content-type;host
            35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064
            """)
        // 1551113065 is 2019-02-26 00:44 in China but 2019-02-25 in UTC: the scope must use UTC.
        #expect(signature.date == "2019-02-25")
        #expect(signature.stringToSign == "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031")
        #expect(signature.signature == "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168")
        #expect(signature.authorization == "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168")
    }

    @Test("UTC day of Unix times around midnight, leap days and the epoch")
    func utcDays() {
        #expect(UTCTimestamp.day(fromUnixSeconds: 0) == "1970-01-01")
        #expect(UTCTimestamp.day(fromUnixSeconds: 86_399) == "1970-01-01")
        #expect(UTCTimestamp.day(fromUnixSeconds: 86_400) == "1970-01-02")
        #expect(UTCTimestamp.day(fromUnixSeconds: 951_782_400) == "2000-02-29")
        #expect(UTCTimestamp.day(fromUnixSeconds: 1_709_164_800) == "2024-02-29")
        #expect(UTCTimestamp.iso8601(Date(timeIntervalSince1970: 1_698_315_752)) == "2023-10-26T10:22:32Z")
    }

    @Test("DingTalk signing: Base64 HMAC-SHA256 of \"timestamp\\nsecret\" keyed with the secret, recomputed independently")
    func dingTalk() {
        let secret = Secret("SEC0123456789abcdef")
        #expect(DingTalkSignature.stringToSign(timestampMilliseconds: 1_700_000_000_000, secret: secret) == "1700000000000\nSEC0123456789abcdef")
        // Expected value computed outside Swift with Python's hmac/hashlib/base64.
        #expect(DingTalkSignature.sign(timestampMilliseconds: 1_700_000_000_000, secret: secret) == "TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=")
    }

    @Test("WeChat server signature: SHA-1 of token, timestamp and nonce sorted; anything else is refused")
    func weChatServer() {
        let token = Secret("duban-token")
        // Expected value computed outside Swift: sha1("1700000000" + "duban-token" + "nonce42") (sorted order).
        let expected = "ec9bd00ec07612b44361ac9cb7125ee4f20eec9d"
        #expect(WeChatServerSignature.expected(token: token, timestamp: "1700000000", nonce: "nonce42") == expected)
        #expect(WeChatServerSignature.isValid(signature: expected, token: token, timestamp: "1700000000", nonce: "nonce42"))
        #expect(WeChatServerSignature.isValid(signature: expected.uppercased(), token: token, timestamp: "1700000000", nonce: "nonce42"))
        #expect(!WeChatServerSignature.isValid(signature: expected, token: token, timestamp: "1700000001", nonce: "nonce42"))
        #expect(!WeChatServerSignature.isValid(signature: expected, token: Secret("other"), timestamp: "1700000000", nonce: "nonce42"))
        #expect(!WeChatServerSignature.isValid(signature: String(expected.dropLast()), token: token, timestamp: "1700000000", nonce: "nonce42"))
    }
}
