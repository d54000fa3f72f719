import CRdKafka
import Foundation

extension ConsumedRecord {
    /// Copies a librdkafka message (which stays owned by the caller).
    init(copying message: UnsafeMutablePointer<rd_kafka_message_t>) {
        let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        let key: [UInt8]? = message.pointee.key.map {
            Array(UnsafeRawBufferPointer(start: $0, count: message.pointee.key_len))
        }
        let value: [UInt8] = message.pointee.payload.map {
            Array(UnsafeRawBufferPointer(start: $0, count: message.pointee.len))
        } ?? []
        var headers: [KafkaHeader] = []
        var list: OpaquePointer?
        // The header list stays owned by the message.
        if rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list {
            var index = 0
            var name: UnsafePointer<CChar>?
            var headerValue: UnsafeRawPointer?
            var size = 0
            while rd_kafka_header_get_all(list, index, &name, &headerValue, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                headers.append(
                    KafkaHeader(
                        name: name.map { String(cString: $0) } ?? "",
                        value: headerValue.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }))
                index += 1
            }
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let milliseconds = rd_kafka_message_timestamp(message, &timestampType)
        let timestamp = timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
            ? nil : Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        self.init(
            topic: topic, partition: message.pointee.partition, offset: message.pointee.offset, key: key,
            value: value, headers: headers, timestamp: timestamp)
    }
}
