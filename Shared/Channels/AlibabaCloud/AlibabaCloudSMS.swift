import Crypto
public import Domain
public import Foundation

/// 阿里云短信服务 (dysmsapi, version 2017-05-25), signed with the V3 signature (ACS3-HMAC-SHA256).
///
/// - SendSms: one number, all parameters in the query (PhoneNumbers, SignName, TemplateCode,
///   TemplateParam as a JSON object, OutId = Duban's key), POST with an empty body.
/// - SendBatchSms: up to 100 numbers, each with its own signature and variables; TemplateCode and
///   OutId in the query, PhoneNumberJson / SignNameJson / TemplateParamJson as a form body.
/// - QuerySendDetails: the sends to one number on one China-time day (optionally one BizId),
///   50 per page, kept 30 days.
///
/// Every builder is pure: the time and the nonce are arguments, so a test can rebuild the exact
/// request and signature.
public struct AlibabaCloudSMS: Sendable, CustomStringConvertible {
    public struct Configuration: Sendable, CustomStringConvertible {
        public var endpoint: ChannelEndpoint
        public var accessKeyId: String
        public var accessKeySecret: Secret

        public static let defaultEndpoint = ChannelEndpoint(host: "dysmsapi.aliyuncs.com")

        public init(endpoint: ChannelEndpoint = defaultEndpoint, accessKeyId: String, accessKeySecret: Secret) {
            self.endpoint = endpoint
            self.accessKeyId = accessKeyId
            self.accessKeySecret = accessKeySecret
        }

        public var description: String {
            "AlibabaCloudSMS(endpoint: \(endpoint), accessKeyId: \(accessKeyId), accessKeySecret: \(accessKeySecret))"
        }
    }

    public static let apiVersion = "2017-05-25"
    /// SendBatchSms takes at most 100 numbers per call.
    public static let batchLimit = 100
    /// OutId is a string of fewer than 256 characters.
    public static let outIdMaximumLength = 255
    /// QuerySendDetails returns at most 50 records per page.
    public static let queryPageLimit = 50

    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public var description: String { configuration.description }

    /// SendSms for one recipient of one rendered template, under the template's Alibaba Cloud
    /// approval (its code) and signature.
    public func sendSms(to phone: String, template: SMSTemplate, message: SMSTemplate.RenderedMessage, outId: String,
                        at date: Date, nonce: String) throws(ChannelError) -> ChannelRequest {
        guard let approval = template.approval(for: .alibabaCloudSMS) else {
            throw ChannelError(.invalidRequest, .alibabaCloudSMS, "template \(template.kind) v\(template.version) has no Alibaba Cloud approval (template code)")
        }
        return try sendSms(to: phone, signName: template.signature, templateCode: approval.templateCode,
                           parameters: message.parameters, outId: outId, at: date, nonce: nonce)
    }

    public func sendSms(to phone: String, signName: String, templateCode: String, parameters: [SMSTemplate.RenderedMessage.Parameter],
                        outId: String, at date: Date, nonce: String) throws(ChannelError) -> ChannelRequest {
        try Self.checkPhone(phone)
        try Self.check(signName: signName, templateCode: templateCode, outId: outId)
        var query: [ChannelRequest.QueryItem] = [
            .init("PhoneNumbers", phone, isPhoneNumber: true),
            .init("SignName", signName),
            .init("TemplateCode", templateCode),
        ]
        if !parameters.isEmpty { query.append(.init("TemplateParam", Self.templateParam(parameters))) }
        query.append(.init("OutId", outId))
        return signed(action: "SendSms", query: query, form: [], at: date, nonce: nonce)
    }

    /// One recipient of a SendBatchSms call.
    public struct BatchRecipient: Sendable, Equatable {
        public var phone: String
        public var signName: String
        public var parameters: [SMSTemplate.RenderedMessage.Parameter]

        public init(phone: String, signName: String, parameters: [SMSTemplate.RenderedMessage.Parameter]) {
            self.phone = phone
            self.signName = signName
            self.parameters = parameters
        }
    }

    /// SendBatchSms: one template to several numbers in one call (one BizId for all). Notify uses
    /// it for one text to several people, keeping one attempt per recipient under the batch's OutId.
    public func sendBatchSms(to recipients: [BatchRecipient], templateCode: String, outId: String,
                             at date: Date, nonce: String) throws(ChannelError) -> ChannelRequest {
        guard !recipients.isEmpty, recipients.count <= Self.batchLimit else {
            throw ChannelError(.invalidRequest, .alibabaCloudSMS, "SendBatchSms takes 1 to \(Self.batchLimit) numbers, not \(recipients.count)")
        }
        for recipient in recipients {
            try Self.checkPhone(recipient.phone)
            try Self.check(signName: recipient.signName, templateCode: templateCode, outId: outId)
        }
        var form: [(String, String)] = [
            ("PhoneNumberJson", JSONBody.string(recipients.map(\.phone))),
            ("SignNameJson", JSONBody.string(recipients.map(\.signName))),
        ]
        if recipients.contains(where: { !$0.parameters.isEmpty }) {
            let objects = recipients.map { Dictionary($0.parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }) }
            form.append(("TemplateParamJson", JSONBody.string(objects)))
        }
        let query: [ChannelRequest.QueryItem] = [.init("TemplateCode", templateCode), .init("OutId", outId)]
        return signed(action: "SendBatchSms", query: query, form: form, at: date, nonce: nonce)
    }

    /// QuerySendDetails: sends to `phone` on the China-time day `day` (`SendDate`, yyyyMMdd).
    public func querySendDetails(phone: String, day: CivilDate, bizId: String? = nil, page: Int = 1, pageSize: Int = queryPageLimit,
                                 at date: Date, nonce: String) throws(ChannelError) -> ChannelRequest {
        try Self.checkPhone(phone)
        guard page >= 1, (1...Self.queryPageLimit).contains(pageSize) else {
            throw ChannelError(.invalidRequest, .alibabaCloudSMS, "QuerySendDetails page must be ≥ 1 and page size 1…\(Self.queryPageLimit)")
        }
        let sendDate = "\(day.year)\(UTCTimestamp.twoDigits(day.month))\(UTCTimestamp.twoDigits(day.day))"
        var query: [ChannelRequest.QueryItem] = [
            .init("PhoneNumber", phone, isPhoneNumber: true),
            .init("SendDate", sendDate),
            .init("PageSize", String(pageSize)),
            .init("CurrentPage", String(page)),
        ]
        if let bizId, !bizId.isEmpty { query.append(.init("BizId", bizId)) }
        return signed(action: "QuerySendDetails", query: query, form: [], at: date, nonce: nonce)
    }

    /// TemplateParam: the variables as a JSON object of strings.
    static func templateParam(_ parameters: [SMSTemplate.RenderedMessage.Parameter]) -> String {
        JSONBody.string(Dictionary(parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }))
    }

    private func signed(action: String, query: [ChannelRequest.QueryItem], form: [(String, String)], at date: Date, nonce: String) -> ChannelRequest {
        let body = Array(form.map { "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))" }.joined(separator: "&").utf8)
        var headers: [ChannelRequest.Header] = [
            .init("host", configuration.endpoint.hostHeader),
            .init("x-acs-action", action),
            .init("x-acs-version", Self.apiVersion),
            .init("x-acs-date", UTCTimestamp.iso8601(date)),
            .init("x-acs-signature-nonce", nonce),
            .init("x-acs-content-sha256", SHA256.hex(body)),
        ]
        if !form.isEmpty { headers.append(.init("content-type", "application/x-www-form-urlencoded")) }
        let signature = ACS3Signature(
            method: "POST", query: query.map { ($0.name, $0.value) }, headers: headers.map { ($0.name, $0.value) },
            body: body, accessKeyId: configuration.accessKeyId, accessKeySecret: configuration.accessKeySecret)
        headers.append(.init("Authorization", signature.authorization, isSecret: true))
        return ChannelRequest(method: "POST", endpoint: configuration.endpoint, path: "/", query: query, headers: headers, body: body)
    }

    static func checkPhone(_ phone: String) throws(ChannelError) {
        if let problem = Contact.phoneProblem(phone) {
            throw ChannelError(.invalidRequest, .alibabaCloudSMS, "recipient \(DeliveryRecord.mask(phone: phone)): \(problem)")
        }
    }

    private static func check(signName: String, templateCode: String, outId: String) throws(ChannelError) {
        guard !signName.isEmpty else { throw ChannelError(.invalidRequest, .alibabaCloudSMS, "SignName is empty") }
        guard !templateCode.isEmpty else { throw ChannelError(.invalidRequest, .alibabaCloudSMS, "TemplateCode is empty") }
        guard !outId.isEmpty, outId.count <= outIdMaximumLength else {
            throw ChannelError(.invalidRequest, .alibabaCloudSMS, "OutId must have 1 to \(outIdMaximumLength) characters, has \(outId.count)")
        }
    }
}
