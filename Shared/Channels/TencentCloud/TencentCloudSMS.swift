import Crypto
public import Domain
public import Foundation

/// 腾讯云短信 (sms, API 3.0 version 2021-01-11), signed with TC3-HMAC-SHA256.
///
/// - SendSms: up to 200 numbers (`+86…`), SmsSdkAppId, SignName, TemplateId, TemplateParamSet (the
///   variables in template order), SessionContext = Duban's key (echoed in the answer and in
///   status pulls), JSON body, POST to `/` with `X-TC-Action`, `X-TC-Version`, `X-TC-Region`,
///   `X-TC-Timestamp`.
/// - PullSmsSendStatusByPhoneNumber: the receipts for one number between two times (at most 7
///   days back, 100 per call) for reconciliation.
public struct TencentCloudSMS: Sendable, CustomStringConvertible {
    public struct Configuration: Sendable, CustomStringConvertible {
        public var endpoint: ChannelEndpoint
        /// `ap-guangzhou`, `ap-beijing` or `ap-nanjing` for mainland SMS.
        public var region: String
        public var secretId: String
        public var secretKey: Secret
        /// The SMS application (`SmsSdkAppId`, e.g. 1400006666).
        public var smsSdkAppId: String

        public static let defaultEndpoint = ChannelEndpoint(host: "sms.tencentcloudapi.com")

        public init(endpoint: ChannelEndpoint = defaultEndpoint, region: String = "ap-guangzhou", secretId: String, secretKey: Secret,
                    smsSdkAppId: String) {
            self.endpoint = endpoint
            self.region = region
            self.secretId = secretId
            self.secretKey = secretKey
            self.smsSdkAppId = smsSdkAppId
        }

        public var description: String {
            "TencentCloudSMS(endpoint: \(endpoint), region: \(region), secretId: \(secretId), secretKey: \(secretKey), smsSdkAppId: \(smsSdkAppId))"
        }
    }

    public static let service = "sms"
    public static let apiVersion = "2021-01-11"
    public static let contentType = "application/json; charset=utf-8"
    /// SendSms takes at most 200 numbers per call.
    public static let batchLimit = 200
    /// SessionContext must be shorter than 512 bytes.
    public static let sessionContextMaximumBytes = 511
    /// PullSmsSendStatusByPhoneNumber returns at most 100 records and looks back at most 7 days.
    public static let pullLimit = 100
    public static let pullWindow: Duration = .seconds(7 * 86_400)

    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public var description: String { configuration.description }

    /// The E.164 form Tencent Cloud expects for a mainland mobile number.
    public static func e164(_ phone: String) -> String { "+86\(phone)" }

    /// SendSms for one recipient of one rendered template, under its Tencent Cloud approval.
    public func sendSms(to phone: String, template: SMSTemplate, message: SMSTemplate.RenderedMessage, sessionContext: String,
                        at date: Date) throws(ChannelError) -> ChannelRequest {
        guard let approval = template.approval(for: .tencentCloudSMS) else {
            throw ChannelError(.invalidRequest, .tencentCloudSMS, "template \(template.kind) v\(template.version) has no Tencent Cloud approval (template id)")
        }
        return try sendSms(to: [phone], signName: template.signature, templateId: approval.templateCode,
                           parameters: message.parameters.map(\.value), sessionContext: sessionContext, at: date)
    }

    private struct SendBody: Encodable {
        let PhoneNumberSet: [String]
        let SmsSdkAppId: String
        let SignName: String
        let TemplateId: String
        let TemplateParamSet: [String]
        let SessionContext: String
    }

    public func sendSms(to phones: [String], signName: String, templateId: String, parameters: [String], sessionContext: String,
                        at date: Date) throws(ChannelError) -> ChannelRequest {
        guard !phones.isEmpty, phones.count <= Self.batchLimit else {
            throw ChannelError(.invalidRequest, .tencentCloudSMS, "SendSms takes 1 to \(Self.batchLimit) numbers, not \(phones.count)")
        }
        for phone in phones { try Self.checkPhone(phone) }
        guard !signName.isEmpty else { throw ChannelError(.invalidRequest, .tencentCloudSMS, "SignName is empty") }
        guard !templateId.isEmpty else { throw ChannelError(.invalidRequest, .tencentCloudSMS, "TemplateId is empty") }
        guard !sessionContext.isEmpty, sessionContext.utf8.count <= Self.sessionContextMaximumBytes else {
            throw ChannelError(.invalidRequest, .tencentCloudSMS, "SessionContext must have 1 to \(Self.sessionContextMaximumBytes) bytes")
        }
        let body = JSONBody.encode(SendBody(
            PhoneNumberSet: phones.map(Self.e164), SmsSdkAppId: configuration.smsSdkAppId, SignName: signName,
            TemplateId: templateId, TemplateParamSet: parameters, SessionContext: sessionContext))
        return signed(action: "SendSms", body: body, at: date)
    }

    private struct PullBody: Encodable {
        let BeginTime: Int
        let EndTime: Int
        let Offset: Int
        let Limit: Int
        let PhoneNumber: String
        let SmsSdkAppId: String
    }

    /// PullSmsSendStatusByPhoneNumber: receipts for `phone` from `begin` to `end` (Unix seconds).
    public func pullSendStatus(phone: String, from begin: Date, to end: Date, limit: Int = pullLimit,
                               at date: Date) throws(ChannelError) -> ChannelRequest {
        try Self.checkPhone(phone)
        guard begin <= end else { throw ChannelError(.invalidRequest, .tencentCloudSMS, "BeginTime is after EndTime") }
        guard (1...Self.pullLimit).contains(limit) else {
            throw ChannelError(.invalidRequest, .tencentCloudSMS, "Limit must be 1…\(Self.pullLimit)")
        }
        guard date.timeIntervalSince(begin) <= Self.pullWindow.seconds else {
            throw ChannelError(.invalidRequest, .tencentCloudSMS, "BeginTime is more than 7 days ago; Tencent Cloud keeps 7 days")
        }
        let body = JSONBody.encode(PullBody(
            BeginTime: UTCTimestamp.unixSeconds(begin), EndTime: UTCTimestamp.unixSeconds(end), Offset: 0, Limit: limit,
            PhoneNumber: Self.e164(phone), SmsSdkAppId: configuration.smsSdkAppId))
        return signed(action: "PullSmsSendStatusByPhoneNumber", body: body, at: date)
    }

    private func signed(action: String, body: [UInt8], at date: Date) -> ChannelRequest {
        let timestamp = UTCTimestamp.unixSeconds(date)
        let host = configuration.endpoint.hostHeader
        let signature = TC3Signature(host: host, contentType: Self.contentType, body: body, service: Self.service,
                                     timestamp: timestamp, secretId: configuration.secretId, secretKey: configuration.secretKey)
        let headers: [ChannelRequest.Header] = [
            .init("Authorization", signature.authorization, isSecret: true),
            .init("Content-Type", Self.contentType),
            .init("Host", host),
            .init("X-TC-Action", action),
            .init("X-TC-Timestamp", String(timestamp)),
            .init("X-TC-Version", Self.apiVersion),
            .init("X-TC-Region", configuration.region),
        ]
        return ChannelRequest(method: "POST", endpoint: configuration.endpoint, path: "/", headers: headers, body: body)
    }

    static func checkPhone(_ phone: String) throws(ChannelError) {
        if let problem = Contact.phoneProblem(phone) {
            throw ChannelError(.invalidRequest, .tencentCloudSMS, "recipient \(DeliveryRecord.mask(phone: phone)): \(problem)")
        }
    }
}
