import Domain
import Foundation

extension AlibabaCloudSMS {
    /// What the receipt endpoint answers once a pushed batch is stored (SmsReport protocol).
    public static let receiptAcknowledgement = #"{"code":0,"msg":"接收成功"}"#

    private struct Report: Decodable {
        let phone_number: String?
        let send_time: String?
        let report_time: String?
        let success: Bool?
        let err_code: String?
        let err_msg: String?
        let sms_size: FlexibleString?
        let biz_id: String?
        let out_id: String?
    }

    /// Parses an SmsReport push (HTTP batch mode): a JSON array of
    /// `{phone_number, send_time, report_time, success, err_code, err_msg, sms_size, biz_id, out_id}`.
    /// `success: true` is delivered; false is a final failure with the carrier's code.
    public static func parseReceipts(_ body: [UInt8]) throws(ChannelError) -> ReceiptBatch {
        guard let items = try? JSONDecoder().decode([FailableDecodable<Report>].self, from: Data(body)) else {
            throw ChannelError(.malformedCallback, .alibabaCloudSMS, "receipt push is not a JSON array of reports")
        }
        var batch = ReceiptBatch(receipts: [])
        for (index, item) in items.enumerated() {
            guard let report = item.value else {
                batch.rejected.append(.init(index: index, reason: "not a report object"))
                continue
            }
            guard let phone = report.phone_number, !phone.isEmpty, let success = report.success,
                  let bizId = report.biz_id, !bizId.isEmpty else {
                batch.rejected.append(.init(index: index, reason: "phone_number, success and biz_id are required"))
                continue
            }
            let reportTime = report.report_time.flatMap(ChinaTimestamp.parse)
            if report.report_time != nil && reportTime == nil {
                batch.rejected.append(.init(index: index, reason: "report_time is not yyyy-MM-dd HH:mm:ss"))
                continue
            }
            batch.receipts.append(DeliveryReceipt(
                provider: .alibabaCloudSMS, source: .callback, providerMessageId: bizId, outId: report.out_id.flatMap { $0.isEmpty ? nil : $0 },
                recipient: phone, status: success ? .delivered : .failedPermanent,
                providerCode: report.err_code ?? (success ? "DELIVERED" : ""), detail: report.err_msg ?? "",
                reportedAt: reportTime, sentAt: report.send_time.flatMap(ChinaTimestamp.parse), parts: report.sms_size.flatMap { Int($0.value) }))
        }
        return batch
    }

    private struct QueryAnswer: Decodable {
        struct Details: Decodable {
            let SmsSendDetailDTO: [Detail]?
        }

        struct Detail: Decodable {
            let PhoneNum: String?
            let SendStatus: Int?
            let ErrCode: String?
            let TemplateCode: String?
            let Content: String?
            let SendDate: String?
            let ReceiveDate: String?
            let OutId: String?
        }

        let Code: String?
        let Message: String?
        let RequestId: String?
        let TotalCount: FlexibleString?
        let SmsSendDetailDTOs: Details?
    }

    /// Parses the answer to QuerySendDetails. SendStatus 1 (waiting for the receipt) is
    /// `submitted`, 2 (failed) `failed_permanent`, 3 (received) `delivered`.
    public static func parseQuerySendDetails(_ response: ChannelResponse) throws(ChannelError) -> StatusQueryResult {
        guard let answer = JSONBody.decode(QueryAnswer.self, from: response.body), let code = answer.Code else {
            // A gateway error page: judged by its status. A 2xx that is not the documented shape
            // is a contract problem worth an alert, not something to retry quietly.
            guard response.isSuccessStatus else { return .failed(.fromHTTPStatus(response)) }
            throw ChannelError(.malformedResponse, .alibabaCloudSMS, "QuerySendDetails answer has no Code (HTTP \(response.statusCode))")
        }
        guard code == "OK" else {
            let outcome = classify(response)
            return .failed(SendOutcome(classification: outcome.classification, providerCode: code, message: answer.Message ?? "",
                                       requestId: answer.RequestId))
        }
        var reports: [DeliveryReceipt] = []
        for detail in answer.SmsSendDetailDTOs?.SmsSendDetailDTO ?? [] {
            guard let phone = detail.PhoneNum, let sendStatus = detail.SendStatus else {
                throw ChannelError(.malformedResponse, .alibabaCloudSMS, "QuerySendDetails record without PhoneNum or SendStatus")
            }
            let status: DeliveryStatus
            switch sendStatus {
            case 1: status = .submitted
            case 2: status = .failedPermanent
            case 3: status = .delivered
            default: throw ChannelError(.malformedResponse, .alibabaCloudSMS, "QuerySendDetails SendStatus \(sendStatus) is not 1, 2 or 3")
            }
            reports.append(DeliveryReceipt(
                provider: .alibabaCloudSMS, source: .statusQuery, providerMessageId: nil, outId: detail.OutId.flatMap { $0.isEmpty ? nil : $0 },
                recipient: phone, status: status, providerCode: detail.ErrCode ?? "", detail: "",
                reportedAt: detail.ReceiveDate.flatMap(ChinaTimestamp.parse), sentAt: detail.SendDate.flatMap(ChinaTimestamp.parse),
                content: detail.Content, templateCode: detail.TemplateCode))
        }
        return .reports(reports, total: answer.TotalCount.flatMap { Int($0.value) } ?? reports.count)
    }
}

extension AlibabaCloudSMS {
    /// QuerySendDetails lists a send as soon as it is submitted (SendStatus 1 until the receipt),
    /// so a send that is absent from the day's records was not accepted.
    public static let notFoundMeansNotSent = true
}
