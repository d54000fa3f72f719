import Domain
import Foundation

extension TencentCloudSMS {
    /// What the callback endpoint answers once a pushed batch is stored.
    public static let callbackAcknowledgement = #"{"result":0,"errmsg":"OK"}"#

    private struct Callback: Decodable {
        let user_receive_time: String?
        let nationcode: String?
        let mobile: String?
        let report_status: String?
        let errmsg: String?
        let description: String?
        let sid: String?
    }

    /// Parses a status callback (短信下发状态通知): a JSON array of
    /// `{user_receive_time, nationcode, mobile, report_status, errmsg, description, sid}`.
    /// `report_status` SUCCESS is delivered, FAIL a final failure; `sid` is the SerialNo.
    public static func parseStatusCallback(_ body: [UInt8]) throws(ChannelError) -> ReceiptBatch {
        guard let items = try? JSONDecoder().decode([FailableDecodable<Callback>].self, from: Data(body)) else {
            throw ChannelError(.malformedCallback, .tencentCloudSMS, "status callback is not a JSON array of reports")
        }
        var batch = ReceiptBatch(receipts: [])
        for (index, item) in items.enumerated() {
            guard let report = item.value, let mobile = report.mobile, !mobile.isEmpty, let sid = report.sid, !sid.isEmpty,
                  let reportStatus = report.report_status else {
                batch.rejected.append(.init(index: index, reason: "mobile, sid and report_status are required"))
                continue
            }
            guard let status = deliveryStatus(reportStatus) else {
                batch.rejected.append(.init(index: index, reason: "report_status \(reportStatus) is not SUCCESS or FAIL"))
                continue
            }
            let receivedAt = report.user_receive_time.flatMap(ChinaTimestamp.parse)
            batch.receipts.append(DeliveryReceipt(
                provider: .tencentCloudSMS, source: .callback, providerMessageId: sid, outId: nil,
                recipient: normalisedMobile(mobile), status: status,
                providerCode: report.errmsg ?? reportStatus, detail: report.description ?? "", reportedAt: receivedAt))
        }
        return batch
    }

    private struct PullEnvelope: Decodable {
        struct Body: Decodable {
            struct APIError: Decodable {
                let Code: String?
                let Message: String?
            }

            struct Record: Decodable {
                let UserReceiveTime: FlexibleString?
                let CountryCode: String?
                let SubscriberNumber: String?
                let PhoneNumber: String?
                let SerialNo: String?
                let ReportStatus: String?
                let Description: String?
                let SessionContext: String?
            }

            let Error: APIError?
            let PullSmsSendStatusSet: [Record]?
            let RequestId: String?
        }

        let Response: Body?
    }

    /// Parses the answer to PullSmsSendStatusByPhoneNumber. Only messages with a receipt appear:
    /// a send that is not listed may still be in flight (see `notFoundMeansNotSent`).
    public static func parsePullSendStatus(_ response: ChannelResponse) throws(ChannelError) -> StatusQueryResult {
        guard let body = JSONBody.decode(PullEnvelope.self, from: response.body)?.Response else {
            guard response.isSuccessStatus else { return .failed(.fromHTTPStatus(response)) }
            throw ChannelError(.malformedResponse, .tencentCloudSMS, "PullSmsSendStatusByPhoneNumber answer has no Response (HTTP \(response.statusCode))")
        }
        if let error = body.Error, let code = error.Code {
            return .failed(SendOutcome(classification: responseClass(forCode: code) ?? .permanent, providerCode: code,
                                       message: error.Message ?? "", requestId: body.RequestId))
        }
        var reports: [DeliveryReceipt] = []
        for record in body.PullSmsSendStatusSet ?? [] {
            guard let serial = record.SerialNo, let reportStatus = record.ReportStatus, let status = deliveryStatus(reportStatus) else {
                throw ChannelError(.malformedResponse, .tencentCloudSMS, "status record without SerialNo or with ReportStatus other than SUCCESS/FAIL")
            }
            let receivedAt = record.UserReceiveTime.flatMap { Int64($0.value) }.map { Date(timeIntervalSince1970: TimeInterval($0)) }
            reports.append(DeliveryReceipt(
                provider: .tencentCloudSMS, source: .statusQuery, providerMessageId: serial,
                outId: record.SessionContext.flatMap { $0.isEmpty ? nil : $0 },
                recipient: record.SubscriberNumber ?? record.PhoneNumber ?? "", status: status,
                providerCode: record.Description ?? reportStatus, detail: "", reportedAt: receivedAt))
        }
        return .reports(reports, total: reports.count)
    }

    /// Pulls list receipts, not submissions: a send without a receipt yet is simply absent, so
    /// absence does not prove that nothing was sent.
    public static let notFoundMeansNotSent = false

    private static func deliveryStatus(_ reportStatus: String) -> DeliveryStatus? {
        switch reportStatus.uppercased() {
        case "SUCCESS": .delivered
        case "FAIL": .failedPermanent
        default: nil
        }
    }

    /// `13711112222` from `13711112222` or `+8613711112222`.
    private static func normalisedMobile(_ mobile: String) -> String {
        if mobile.hasPrefix("+86") { return String(mobile.dropFirst(3)) }
        return mobile
    }
}
