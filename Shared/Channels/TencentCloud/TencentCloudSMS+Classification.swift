extension TencentCloudSMS {
    /// The documented error codes (SMS product codes and API 3.0 common codes), by class. A code
    /// not listed falls back on its family: `LimitExceeded.*` and `RequestLimitExceeded*` are
    /// rate-limited, `InternalError.*` transient, `AuthFailure.*` authentication,
    /// `UnauthorizedOperation.*` configuration, `InvalidParameter*`/`MissingParameter*` permanent.
    static let codeClasses: [String: ResponseClass] = [
        "Ok": .success,
        // Frequency controls (per number, per app) and API request rate.
        "LimitExceeded.PhoneNumberThirtySecondLimit": .rateLimited,
        "LimitExceeded.PhoneNumberOneHourLimit": .rateLimited,
        "LimitExceeded.PhoneNumberDailyLimit": .rateLimited,
        "LimitExceeded.PhoneNumberSameContentDailyLimit": .rateLimited,
        "LimitExceeded.DeliveryFrequencyLimit": .rateLimited,
        "LimitExceeded.AppDailyLimit": .rateLimited,
        "LimitExceeded.DailyLimit": .rateLimited,
        "RequestLimitExceeded": .rateLimited,
        // The platform failed; a later try may succeed.
        "InternalError.Timeout": .transient,
        "InternalError.SendAndRecvFail": .transient,
        "InternalError.OtherError": .transient,
        "InternalError.UnknownError": .transient,
        "InternalError": .transient,
        "FailedOperation.FailResolvePacket": .permanent,
        "FailedOperation.JsonParseFail": .permanent,
        "InternalError.JsonParseFail": .permanent,
        "InternalError.RestApiInterfaceNotExist": .configuration,
        "InternalError.RequestTimeException": .configuration,   // this host's clock differs by more than 10 minutes
        "InternalError.SigFieldMissing": .authentication,
        "InternalError.SigVerificationFail": .authentication,
        // This number or this content cannot go out.
        "InvalidParameterValue.IncorrectPhoneNumber": .permanent,
        "FailedOperation.PhoneNumberInBlacklist": .permanent,
        "FailedOperation.ContainSensitiveWord": .permanent,
        "InvalidParameter.DirtyWordFound": .permanent,
        "InvalidParameterValue.ContentLengthLimit": .permanent,
        "InvalidParameterValue.ProhibitedUseUrlInTemplateParameter": .permanent,
        "InvalidParameterValue.TemplateParameterFormatError": .permanent,
        "InvalidParameterValue.TemplateParameterLengthLimit": .permanent,
        "LimitExceeded.PhoneNumberCountLimit": .permanent,
        "MissingParameter.EmptyPhoneNumberSet": .permanent,
        "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber": .permanent,
        "UnsupportedOperation.UnsuportedRegion": .permanent,
        "FailedOperation.OtherError": .permanent,
        "FailedOperation.ParametersOtherError": .permanent,
        // Duban's account, app, template or signature is not usable: an operator must act.
        "FailedOperation.SignatureIncorrectOrUnapproved": .configuration,
        "FailedOperation.TemplateIncorrectOrUnapproved": .configuration,
        "FailedOperation.MissingSignatureList": .configuration,
        "FailedOperation.MissingTemplateList": .configuration,
        "FailedOperation.InsufficientBalanceInSmsPackage": .configuration,
        "InvalidParameterValue.SdkAppIdNotExist": .configuration,
        "InvalidParameter.AppidAndBizId": .configuration,
        "UnauthorizedOperation.SmsSdkAppIdVerifyFail": .configuration,
        "UnauthorizedOperation.SdkAppIdIsDisabled": .configuration,
        "UnauthorizedOperation.SerivceSuspendDueToArrears": .configuration,
        "UnauthorizedOperation.RequestIpNotInWhitelist": .configuration,
        "UnauthorizedOperation.RequestPermissionDeny": .configuration,
        "UnauthorizedOperation.IndividualUserMarketingSmsPermissionDeny": .configuration,
        // Signature or key refused.
        "AuthFailure.SignatureFailure": .authentication,
        "AuthFailure.SignatureExpire": .authentication,
        "AuthFailure.SecretIdNotFound": .authentication,
        "AuthFailure.InvalidSecretId": .authentication,
        "AuthFailure.TokenFailure": .authentication,
        "AuthFailure.InvalidAuthorization": .authentication,
        "AuthFailure.UnauthorizedOperation": .configuration,
    ]

    public static func responseClass(forCode code: String) -> ResponseClass? {
        if let known = codeClasses[code] { return known }
        if code.hasPrefix("LimitExceeded") || code.hasPrefix("RequestLimitExceeded") { return .rateLimited }
        if code.hasPrefix("InternalError") { return .transient }
        if code.hasPrefix("AuthFailure") { return .authentication }
        if code.hasPrefix("UnauthorizedOperation") { return .configuration }
        if code.hasPrefix("InvalidParameter") || code.hasPrefix("MissingParameter") || code.hasPrefix("FailedOperation")
            || code.hasPrefix("UnsupportedOperation") { return .permanent }
        return nil
    }

    private struct Envelope: Decodable {
        struct Body: Decodable {
            struct APIError: Decodable {
                let Code: String?
                let Message: String?
            }

            struct Status: Decodable {
                let SerialNo: String?
                let PhoneNumber: String?
                let Fee: Int?
                let SessionContext: String?
                let Code: String?
                let Message: String?
            }

            let Error: APIError?
            let SendStatusSet: [Status]?
            let RequestId: String?
        }

        let Response: Body?
    }

    /// Classifies the answer to SendSms for each number: `Response.Error` refuses the whole
    /// request (every number gets that outcome); otherwise each `SendStatusSet` entry has its own
    /// `Code` (`Ok` or an error code) and `SerialNo`. Keys are the numbers as sent (`+86…`).
    public static func classifyEach(_ response: ChannelResponse, phones: [String]) -> [String: SendOutcome] {
        guard let body = JSONBody.decode(Envelope.self, from: response.body)?.Response else {
            let outcome = SendOutcome.fromHTTPStatus(response)
            return Dictionary(phones.map { (e164($0), outcome) }, uniquingKeysWith: { first, _ in first })
        }
        if let error = body.Error, let code = error.Code {
            let outcome = SendOutcome(classification: responseClass(forCode: code) ?? .permanent, providerCode: code,
                                      message: error.Message ?? "", requestId: body.RequestId)
            return Dictionary(phones.map { (e164($0), outcome) }, uniquingKeysWith: { first, _ in first })
        }
        var outcomes: [String: SendOutcome] = [:]
        for status in body.SendStatusSet ?? [] {
            guard let phone = status.PhoneNumber, let code = status.Code else { continue }
            if code == "Ok" {
                let serial = status.SerialNo.flatMap { $0.isEmpty ? nil : $0 }
                outcomes[phone] = SendOutcome(classification: serial == nil ? .transient : .success, providerCode: code,
                                              message: status.Message ?? "", providerMessageId: serial, requestId: body.RequestId,
                                              mayHaveBeenSent: serial == nil)
            } else {
                outcomes[phone] = SendOutcome(classification: responseClass(forCode: code) ?? .permanent, providerCode: code,
                                              message: status.Message ?? "", requestId: body.RequestId,
                                              retryAfter: code == "LimitExceeded.PhoneNumberThirtySecondLimit" ? .seconds(30) : nil)
            }
        }
        // A number the answer does not mention may or may not have been sent.
        for phone in phones.map(e164) where outcomes[phone] == nil {
            outcomes[phone] = SendOutcome(classification: .transient, providerCode: "missing from SendStatusSet",
                                          message: "", requestId: body.RequestId, mayHaveBeenSent: true)
        }
        return outcomes
    }

    /// Classifies the answer to a one-number SendSms (how Duban sends: one attempt, one number).
    public static func classify(_ response: ChannelResponse, phone: String) -> SendOutcome {
        classifyEach(response, phones: [phone])[e164(phone)] ?? .fromHTTPStatus(response)
    }
}
