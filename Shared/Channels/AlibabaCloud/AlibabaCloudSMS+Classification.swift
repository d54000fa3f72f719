extension AlibabaCloudSMS {
    /// The documented API error codes (国内消息 API 错误码, and the OpenAPI gateway's common
    /// codes), by class. A code not listed falls back on its family: `isp.*` (platform side) is
    /// transient, `Throttling*` rate-limited, `isv.*` (caller side) permanent.
    static let codeClasses: [String: ResponseClass] = [
        // Frequency and quota controls.
        "isv.BUSINESS_LIMIT_CONTROL": .rateLimited,   // per-number flow control (50/day per signature+template+number)
        "isv.DAY_LIMIT_CONTROL": .rateLimited,        // the account's daily total set in the console
        "isv.MONTH_LIMIT_CONTROL": .rateLimited,      // the account's monthly total
        "Throttling": .rateLimited,
        "Throttling.User": .rateLimited,
        "Throttling.Api": .rateLimited,
        // The platform failed; a later try may succeed.
        "isp.SYSTEM_ERROR": .transient,
        "isv.SYSTEM_ERROR": .transient,
        "ServiceUnavailable": .transient,
        "InternalError": .transient,
        "SignatureNonceUsed": .transient,              // the retry carries a new nonce
        // This message, this number, this content cannot go out.
        "isv.MOBILE_NUMBER_ILLEGAL": .permanent,
        "isv.MOBILE_COUNT_OVER_LIMIT": .permanent,
        "isv.BLACK_KEY_CONTROL_LIMIT": .permanent,     // number on the blacklist
        "isv.PARAM_LENGTH_LIMIT": .permanent,
        "isv.PARAM_NOT_SUPPORT_URL": .permanent,
        "isv.INVALID_JSON_PARAM": .permanent,
        "isv.INVALID_PARAMETERS": .permanent,
        "isv.TEMPLATE_PARAMS_ILLEGAL": .permanent,
        "isv.SMS_CONTENT_ILLEGAL": .permanent,
        "isv.DOMESTIC_NUMBER_NOT_SUPPORTED": .permanent,
        "MissingParameter": .permanent,
        "InvalidParameter": .permanent,
        // Duban's account, template or signature is not usable: an operator must act.
        "isv.SMS_TEMPLATE_ILLEGAL": .configuration,
        "isv.SMS_SIGNATURE_ILLEGAL": .configuration,
        "isv.SMS_SIGNATURE_SCENE_ILLEGAL": .configuration,
        "isv.SIGN_STATE_ILLEGAL": .configuration,
        "isv.SMS_SIGN_ILLEGAL": .configuration,
        "isv.TEMPLATE_MISSING_PARAMETERS": .configuration,
        "isv.EXTEND_CODE_ERROR": .configuration,
        "isv.AMOUNT_NOT_ENOUGH": .configuration,
        "isv.OUT_OF_SERVICE": .configuration,
        "isv.PRODUCT_UN_SUBSCRIPT": .configuration,
        "isv.PRODUCT_UNSUBSCRIBE": .configuration,
        "isv.ACCOUNT_NOT_EXISTS": .configuration,
        "isv.ACCOUNT_ABNORMAL": .configuration,
        "isv.DENY_IP_RANGE": .configuration,
        "isp.RAM_PERMISSION_DENY": .configuration,
        "Forbidden.RAM": .configuration,
        "InvalidTimeStamp.Expired": .configuration,   // this host's clock is off by more than 15 minutes
        // The AccessKey or the signature was refused.
        "SignatureDoesNotMatch": .authentication,
        "IncompleteSignature": .authentication,
        "InvalidAccessKeyId": .authentication,
        "InvalidAccessKeyId.NotFound": .authentication,
        "InvalidAccessKeyId.Inactive": .authentication,
        "InvalidSecurityToken.Expired": .authentication,
        "InvalidSecurityToken.Malformed": .authentication,
    ]

    /// The class of an error code, from the table or its family.
    public static func responseClass(forCode code: String) -> ResponseClass? {
        if code == "OK" { return .success }
        if let known = codeClasses[code] { return known }
        if code.hasPrefix("Throttling") { return .rateLimited }
        if code.hasPrefix("isp.") { return .transient }
        if code.hasPrefix("isv.") { return .permanent }
        return nil
    }

    private struct Answer: Decodable {
        let Code: String?
        let Message: String?
        let BizId: String?
        let RequestId: String?
    }

    /// Classifies the answer to SendSms or SendBatchSms: `{"Code":"OK","BizId":…}` on success, the
    /// same shape with an error code otherwise (HTTP 200 for business errors, 4xx/5xx from the
    /// gateway). Anything else is judged by its HTTP status and may have been sent.
    public static func classify(_ response: ChannelResponse) -> SendOutcome {
        guard let answer = JSONBody.decode(Answer.self, from: response.body), let code = answer.Code, !code.isEmpty else {
            return .fromHTTPStatus(response)
        }
        let message = answer.Message ?? ""
        if code == "OK" {
            guard let bizId = answer.BizId, !bizId.isEmpty else {
                return SendOutcome(classification: .transient, providerCode: code, message: "OK without BizId", requestId: answer.RequestId,
                                   mayHaveBeenSent: true)
            }
            return SendOutcome(classification: .success, providerCode: code, message: message, providerMessageId: bizId, requestId: answer.RequestId)
        }
        let classification = responseClass(forCode: code) ?? (response.statusCode >= 500 ? .transient : .permanent)
        return SendOutcome(classification: classification, providerCode: code, message: message, requestId: answer.RequestId)
    }
}
