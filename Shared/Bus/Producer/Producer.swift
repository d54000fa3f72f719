import CRdKafka
public import Runtime

/// Publishes records with librdkafka's idempotent producer (`enable.idempotence=true`,
/// `acks=all`): `send` returns only after every in-sync replica acknowledged the record, so a
/// caller may then tell its device "received" (HJ 212 9014) or mark an outbox row as published.
///
/// Delivery reports are served by a dedicated polling thread. Call `flush` then `close` on shutdown.
public final class Producer: Sendable {
    private let client: RDClient
    private let logger: Logger
    private let deliveryTimeout: Duration
    private let stopPolling = StopFlag()
    private let poller: ServiceThread

    /// Creates the producer and starts its polling thread. Throws `KafkaError` (`.configuration`,
    /// `.clientCreation`) when librdkafka refuses the configuration. Does not wait for a broker.
    public init(configuration: KafkaConfiguration, logger: Logger) throws {
        var logger = logger
        logger[metadataKey: BusLogKey.client] = configuration.clientID
        let context = ClientContext(logger: logger)
        let client = try RDClient(
            kind: .producer, properties: configuration.librdkafkaProperties(for: .producer), context: context
        ) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf, busDeliveryCallback)
        }
        let stop = stopPolling
        poller = ServiceThread(name: "kafka-producer-poll") {
            // Serves delivery reports and logs; 100 ms bounds how long `close` waits for the loop.
            while !stop.isRaised {
                rd_kafka_poll(client.handle, 100)
            }
        }
        self.client = client
        self.logger = logger
        deliveryTimeout = configuration.deliveryTimeout
    }

    deinit {
        // Without `close()`, still end the polling thread; it then releases and destroys the handle.
        stopPolling.raise()
    }

    /// Publishes `record` and returns where the broker stored it, once acknowledged.
    ///
    /// Throws `KafkaError` with code `.delivery` when the broker rejected the record or did not
    /// acknowledge it within `deliveryTimeout` (then `isRetriable` is true and the caller keeps
    /// the data), `.closed` after `close()`, `.fatal` after an unrecoverable producer error.
    /// Not cancellable once handed to librdkafka: the outcome is always reported.
    public func send(_ record: OutgoingRecord) async throws -> DeliveryReport {
        try await send(CollectionOfOne(record))[0]
    }

    /// Publishes `records` together and returns, in their order, where the broker stored each,
    /// once every one is acknowledged. One wait for the whole batch (no task per record); records
    /// with the same key keep their order. Empty: returns at once.
    ///
    /// Throws as soon as one record fails, with that record's error (as `send(_:)` would); records
    /// already handed over may still be stored, so a caller retries the whole batch, as it would
    /// after sending them one by one. A full local queue is waited out, up to `deliveryTimeout`.
    public func send(_ records: some Collection<OutgoingRecord>) async throws -> [DeliveryReport] {
        guard !records.isEmpty else { return [] }
        precondition(records.count <= DeliveryTable.maximumBatch, "a batch holds at most \(DeliveryTable.maximumBatch) records")
        let started = ContinuousClock.now
        let deliveries = client.context.deliveries
        do {
            if let fatal = client.context.fatalError.value { throw fatal }
            let id = try deliveries.open(count: records.count)
            // Every record is either handed to librdkafka (its report comes from the polling thread)
            // or reported here as failed; then the one waiter attaches and learns the outcome.
            await enqueueAll(records, id: id, deadline: started + deliveryTimeout)
            let reports = try await withCheckedThrowingContinuation { deliveries.wait(id, $0) }
            let latency = ContinuousClock.now - started
            for record in records {
                BusMetrics.acknowledged(topic: record.topic).increment()
                BusMetrics.acknowledgementLatency.observe(latency)
            }
            return reports
        } catch let error as KafkaError {
            // The whole batch ended without acknowledgement for the caller.
            for record in records { BusMetrics.failed(topic: record.topic, code: error.code).increment() }
            throw error
        }
    }

    /// Hands each record to librdkafka, waiting out a full local queue until `deadline`. A record
    /// librdkafka refuses decides the entry as failed and ends the hand-over.
    private func enqueueAll(_ records: some Collection<OutgoingRecord>, id: UInt, deadline: ContinuousClock.Instant) async {
        let deliveries = client.context.deliveries
        for (index, record) in records.enumerated() {
            while true {
                let error = enqueue(record, opaque: DeliveryTable.opaque(id: id, index: index))
                if error == RD_KAFKA_RESP_ERR_NO_ERROR { break }
                let native = KafkaResponseCode(error)
                if native == .queueFull, ContinuousClock.now < deadline {
                    // librdkafka's local queue is full: wait for deliveries to drain it rather than fail.
                    try? await Task.sleep(for: .milliseconds(5))
                    if let fatal = client.context.fatalError.value {
                        deliveries.complete(id, index: index, with: .failure(fatal))
                        return
                    }
                    continue
                }
                deliveries.complete(
                    id, index: index,
                    with: .failure(
                        KafkaError(.delivery, "librdkafka refused the record for topic \(record.topic): \(native.text)", native: native)))
                return
            }
        }
    }

    /// Hands the record to librdkafka (which copies key and value). Headers pass to librdkafka on
    /// success; on failure we still own and destroy them.
    private func enqueue(_ record: OutgoingRecord, opaque: UInt) -> rd_kafka_resp_err_t {
        let headers: OpaquePointer? = record.headers.isEmpty ? nil : Self.makeHeaders(record.headers)
        let opaque = UnsafeMutableRawPointer(bitPattern: opaque)
        let error = record.value.withUnsafeBytes { value in
            withOptionalBytes(record.key) { key in
                CRdKafka_produce(
                    client.handle, record.topic, key?.baseAddress, key?.count ?? 0, value.baseAddress, value.count,
                    headers, opaque)
            }
        }
        if error != RD_KAFKA_RESP_ERR_NO_ERROR, let headers { rd_kafka_headers_destroy(headers) }
        return error
    }

    private static func makeHeaders(_ headers: [KafkaHeader]) -> OpaquePointer {
        // Created here; ownership moves to librdkafka with a successful produce.
        let list = rd_kafka_headers_new(headers.count)!
        for header in headers {
            if let value = header.value {
                value.withUnsafeBytes { bytes in
                    _ = rd_kafka_header_add(list, header.name, -1, bytes.baseAddress, bytes.count)
                }
            } else {
                _ = rd_kafka_header_add(list, header.name, -1, nil, 0)
            }
        }
        return list
    }

    /// Waits until every record sent so far is acknowledged or failed. Throws `.timedOut` if some
    /// are still outstanding after `timeout`. Runs librdkafka's blocking flush on its own thread.
    public func flush(timeout: Duration) async throws {
        let client = client
        let milliseconds = Int32(clamping: KafkaConfiguration.milliseconds(timeout))
        let error = await ServiceThread.run(name: "kafka-producer-flush") {
            KafkaResponseCode(rd_kafka_flush(client.handle, milliseconds))
        }
        if error == .timedOut {
            let remaining = rd_kafka_outq_len(client.handle)
            throw KafkaError(.timedOut, "flush: \(remaining) records still unacknowledged after \(timeout)", native: error)
        }
    }

    /// Stops the producer: new sends fail with `.closed`, records not yet acknowledged are purged
    /// and their sends fail with `.closed` (call `flush` first to let them finish), and the polling
    /// thread ends. Safe to call more than once.
    public func close() async {
        let closed = KafkaError(.closed, "the producer is closed")
        client.context.deliveries.refuseNewSends(with: closed)
        // Purged records get failed delivery reports from the next polls.
        rd_kafka_purge(client.handle, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT | RD_KAFKA_PURGE_F_NON_BLOCKING))
        stopPolling.raise()
        await poller.join()
        // One last poll serves reports queued after the loop stopped; whatever remains never comes.
        let client = client
        _ = await ServiceThread.run(name: "kafka-producer-close") { rd_kafka_poll(client.handle, 0) }
        client.context.deliveries.close(failingPendingWith: closed)
        logger.info("kafka producer closed")
    }

    /// Records handed to the producer and not yet acknowledged (and queued requests): the Kafka
    /// backlog an operator watches. Cheap and thread-safe.
    public var queuedMessages: Int { Int(rd_kafka_outq_len(client.handle)) }

    /// Whether a broker answers a metadata request within `timeout`. Blocks the calling thread;
    /// from async code prefer the `async` overload.
    public func isReachable(timeout: Duration) -> Bool {
        client.fetchBrokerMetadata(timeout: timeout)
    }

    /// Whether a broker answers a metadata request within `timeout`, asked from a dedicated thread.
    public func isReachable(timeout: Duration) async -> Bool {
        let client = client
        return await ServiceThread.run(name: "kafka-metadata") { client.fetchBrokerMetadata(timeout: timeout) }
    }

    /// Partition count of `topic`, or nil when the cluster does not have it. With
    /// `allowAutoCreateTopics` the request creates a missing topic (tests rely on this).
    public func partitionCount(topic: String, timeout: Duration) async throws -> Int? {
        let client = client
        return try await ServiceThread.run(name: "kafka-metadata") {
            Result { try client.partitionCount(topic: topic, timeout: timeout) }
        }.get()
    }
}

/// Calls `body` with the bytes of `bytes`, or with nil when there are none to pass.
private func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let bytes else { return body(nil) }
    return bytes.withUnsafeBytes { body($0) }
}

/// librdkafka's delivery report: resolves the send registered under the message's opaque id.
/// Runs on whichever thread polls (the producer's polling thread or a flush).
private func busDeliveryCallback(
    _ handle: OpaquePointer?, _ message: UnsafePointer<rd_kafka_message_t>?, _ opaque: UnsafeMutableRawPointer?
) {
    guard let message, let context = clientContext(opaque) else { return }
    let opaque = UInt(bitPattern: message.pointee._private)
    let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
    if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
        context.deliveries.complete(
            opaque: opaque, with: .success(DeliveryReport(topic: topic, partition: message.pointee.partition, offset: message.pointee.offset)))
    } else {
        let native = KafkaResponseCode(message.pointee.err)
        let code: KafkaError.Code
        switch native {
        case .purgedFromQueue, .purgedInFlight: code = .closed
        case .fatal: code = .fatal
        default: code = .delivery
        }
        context.deliveries.complete(
            opaque: opaque,
            with: .failure(
                KafkaError(code, "record for topic \(topic) was not acknowledged: \(native.text)", native: native)))
    }
}
