import CRdKafka
import Runtime

/// Owns one librdkafka handle (`rd_kafka_t`). `deinit` is the only place that destroys it.
///
/// `@unchecked Sendable`: `handle` never changes after `init`, and librdkafka documents the calls
/// made through it (poll, produce, metadata, assign, commit, destroy) as thread-safe.
final class RDClient: @unchecked Sendable {
    enum Kind {
        case producer, consumer

        var native: rd_kafka_type_t { self == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER }
    }

    let handle: OpaquePointer
    let kind: Kind
    /// Kept alive (strongly) until after `rd_kafka_destroy`: callbacks reach it through the opaque pointer.
    let context: ClientContext

    /// Creates a handle with `properties` applied in order; `configure` installs role-specific
    /// callbacks on the configuration before the handle takes ownership of it.
    init(
        kind: Kind, properties: [(key: String, value: String)], context: ClientContext,
        configure: (OpaquePointer) -> Void = { _ in }
    ) throws {
        // We own `conf` until rd_kafka_new succeeds; every early exit below destroys it.
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(.clientCreation, "librdkafka could not allocate a configuration")
        }
        for (key, value) in properties {
            var message = [CChar](repeating: 0, count: 512)
            if rd_kafka_conf_set(conf, key, value, &message, message.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw KafkaError(
                    .configuration, "librdkafka rejected property \(key)", detail: Self.string(message))
            }
        }
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(context).toOpaque())
        rd_kafka_conf_set_log_cb(conf, busLogCallback)
        rd_kafka_conf_set_error_cb(conf, busErrorCallback)
        configure(conf)

        var message = [CChar](repeating: 0, count: 512)
        guard let created = rd_kafka_new(kind.native, conf, &message, message.count) else {
            // On failure rd_kafka_new leaves `conf` with us.
            rd_kafka_conf_destroy(conf)
            throw KafkaError(.clientCreation, "librdkafka could not create the client", detail: Self.string(message))
        }
        // From here on the handle owns `conf`.
        handle = created
        self.kind = kind
        self.context = context
    }

    deinit {
        // Waits for librdkafka's threads; `context` is released only after this returns.
        rd_kafka_destroy(handle)
    }

    /// Asks the cluster for broker metadata; true when at least one broker answered in time.
    /// Blocks the calling thread for up to `timeout`.
    func fetchBrokerMetadata(timeout: Duration) -> Bool {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let error = rd_kafka_metadata(
            handle, 0, nil, &metadata, Int32(clamping: KafkaConfiguration.milliseconds(timeout)))
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { return false }
        // rd_kafka_metadata allocated it; we free it here.
        defer { rd_kafka_metadata_destroy(metadata) }
        return metadata.pointee.broker_cnt > 0
    }

    /// Partition count of `topic` as the cluster reports it, or nil when it does not exist.
    func partitionCount(topic: String, timeout: Duration) throws -> Int? {
        // rd_kafka_topic_new returns a reference we release below.
        guard let topicHandle = rd_kafka_topic_new(handle, topic, nil) else {
            throw KafkaError(.configuration, "invalid topic name \(topic)")
        }
        defer { rd_kafka_topic_destroy(topicHandle) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let error = rd_kafka_metadata(
            handle, 0, topicHandle, &metadata, Int32(clamping: KafkaConfiguration.milliseconds(timeout)))
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError(.timedOut, "metadata for topic \(topic) not received", native: KafkaResponseCode(error))
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        guard metadata.pointee.topic_cnt > 0 else { return nil }
        let entry = metadata.pointee.topics[0]
        if entry.err != RD_KAFKA_RESP_ERR_NO_ERROR { return nil }
        return Int(entry.partition_cnt)
    }

    static func string(_ buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}

/// The `ClientContext` behind a callback's opaque pointer. Valid for the life of the handle.
func clientContext(_ opaque: UnsafeMutableRawPointer?) -> ClientContext? {
    guard let opaque else { return nil }
    return Unmanaged<ClientContext>.fromOpaque(opaque).takeUnretainedValue()
}

/// librdkafka's log lines (syslog levels) into the handle's `Logger`. Runs on librdkafka threads.
private func busLogCallback(_ handle: OpaquePointer?, _ level: Int32, _ facility: UnsafePointer<CChar>?, _ text: UnsafePointer<CChar>?) {
    guard let handle, let context = clientContext(rd_kafka_opaque(handle)) else { return }
    let logLevel: LogLevel
    switch level {
    case ...2: logLevel = .critical
    case 3: logLevel = .error
    case 4: logLevel = .warning
    case 5: logLevel = .notice
    case 6: logLevel = .info
    default: logLevel = .debug
    }
    context.logger.log(
        logLevel, text.map { String(cString: $0) } ?? "",
        metadata: [
            BusLogKey.facility: facility.map { String(cString: $0) } ?? "",
            BusLogKey.client: String(cString: rd_kafka_name(handle)),
        ])
}

/// Client-level errors (all brokers down, fatal idempotence errors). Most are transient and only
/// logged; a fatal one is remembered so the owner fails further operations clearly.
private func busErrorCallback(_ handle: OpaquePointer?, _ code: Int32, _ reason: UnsafePointer<CChar>?, _ opaque: UnsafeMutableRawPointer?) {
    guard let context = clientContext(opaque) else { return }
    let native = KafkaResponseCode(rawValue: code)
    let text = reason.map { String(cString: $0) } ?? native.text
    if native == .fatal, let handle {
        var buffer = [CChar](repeating: 0, count: 512)
        let underlying = KafkaResponseCode(rd_kafka_fatal_error(handle, &buffer, buffer.count))
        let error = KafkaError(.fatal, "librdkafka fatal error: \(RDClient.string(buffer))", native: underlying, fatal: true)
        context.fatalError.withLock { if $0 == nil { $0 = error } }
        context.logger.critical("kafka client failed fatally", metadata: [BusLogKey.error: error.debugDescription])
        return
    }
    // Transport errors also arrive as log lines; only "all brokers down" is worth a second line.
    context.logger.log(
        native == .allBrokersDown ? .warning : .debug, "kafka client error",
        metadata: [BusLogKey.error: "\(native.name): \(text)"])
}
