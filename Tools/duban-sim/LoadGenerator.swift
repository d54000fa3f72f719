import Foundation
import HJ212
import Net
import Runtime
import Simulation
#if canImport(Glibc)
import Glibc
#endif

/// `duban-sim load`: N simulated devices on N connections, each sending real-time frames
/// (CN=2011, Flag=5) in a closed loop: send, wait for the 9014, send the next. Each device's
/// DataTime moves forward one second per frame from five minutes ago, as a device's data does (so
/// none is a duplicate); QN is the send time. Prints acknowledged frames/s, acknowledgement latency
/// percentiles and the simulator's own CPU time.
///
/// The simulator shares the machine with what it measures, so it is kept cheap: sockets are
/// multiplexed with one epoll set per thread (only ready sockets are visited), and each frame is
/// its device's prepared data segment with the time digits patched and the CRC recomputed.
/// Commands the platform sends besides replies (time setting, intervals) are read and ignored.
struct LoadGenerator {
    let host: String
    let port: UInt16
    let devices: Int
    let seconds: Int
    let threads: Int
    let mnPrefix: String
    /// Connect and stay silent (to measure the server's memory per idle connection).
    var idle = false

    struct Result {
        var acknowledged = 0
        var latenciesMicros: [Int] = []
        var failures = 0
    }

    func run() -> Result {
        let perThread = (devices + threads - 1) / threads
        let results = Locked<[Result]>([])
        let start = Date()
        var workers: [Thread] = []
        let done = DispatchGroup()
        for index in 0..<threads {
            let range = (index * perThread)..<min(devices, (index + 1) * perThread)
            guard !range.isEmpty else { continue }
            done.enter()
            let thread = Thread { [self] in
                let result = runSlice(range, until: start.addingTimeInterval(TimeInterval(seconds)))
                results.withLock { $0.append(result) }
                done.leave()
            }
            thread.stackSize = 1 << 20
            workers.append(thread)
            thread.start()
        }
        done.wait()
        var total = Result()
        for result in results.value {
            total.acknowledged += result.acknowledged
            total.failures += result.failures
            total.latenciesMicros += result.latenciesMicros
        }
        return total
    }

    /// CPU time (user + system) this process used so far, in microseconds.
    static func cpuMicros() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000 + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec
    }

    static func nowMicros() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }

    private final class Device {
        let fd: Int32
        /// The data segment with placeholder times, and where its QN and DataTime digits are.
        var segment: [UInt8]
        let qnOffset: Int
        let dataTimeOffset: Int
        var dataTime: Int64
        var sentAt: UInt64 = 0
        var received: [UInt8] = []

        init(fd: Int32, segment: [UInt8], qnOffset: Int, dataTimeOffset: Int, dataTime: Int64) {
            self.fd = fd
            self.segment = segment
            self.qnOffset = qnOffset
            self.dataTimeOffset = dataTimeOffset
            self.dataTime = dataTime
        }
    }

    static let body = "a21026-Rtd=21.5,a21026-ZsRtd=23.1,a21026-Flag=N;a21002-Rtd=40.2,a21002-ZsRtd=43.0,a21002-Flag=N;"
        + "a34013-Rtd=3.1,a34013-ZsRtd=3.3,a34013-Flag=N;a19001-Rtd=6.9,a19001-Flag=N;a00000-Rtd=312.0,a00000-Flag=N"

    private static func prepare(fd: Int32, mn: String, firstDataTime: Int64) -> Device {
        let placeholder = HJ212DateTime(unixSeconds: firstDataTime)!
        let header = PacketHeader(qn: placeholder.qnDigits, st: "31", cn: "2011", pw: "123456", mn: mn, flag: 5)
        let segment = try! PacketEncoder.segment(header, cp: Array("DataTime=\(placeholder.digits);\(body)".utf8))
        let qnOffset = segment.firstRange(of: Array("QN=".utf8))!.upperBound
        let dataTimeOffset = segment.firstRange(of: Array("DataTime=".utf8))!.upperBound
        return Device(fd: fd, segment: segment, qnOffset: qnOffset, dataTimeOffset: dataTimeOffset, dataTime: firstDataTime)
    }

    private static func patch(_ digits: String, into segment: inout [UInt8], at offset: Int) {
        var index = offset
        for byte in digits.utf8 {
            segment[index] = byte
            index += 1
        }
    }

    private func sendNext(_ device: Device) {
        device.dataTime += 1
        let now = Date().timeIntervalSince1970
        let qn = HJ212DateTime(unixSeconds: Int64(now), millisecond: Int(now * 1000) % 1000)!
        Self.patch(qn.qnDigits, into: &device.segment, at: device.qnOffset)
        Self.patch(HJ212DateTime(unixSeconds: device.dataTime)!.digits, into: &device.segment, at: device.dataTimeOffset)
        let frame = try! PacketEncoder.frame(segment: device.segment)
        device.sentAt = Self.nowMicros()
        // A frame of ~300 bytes into an empty socket buffer (one frame in flight per device).
        _ = frame.withUnsafeBytes { send(device.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads the lines in `bytes` (a line may have begun in an earlier read, kept in
    /// `device.received`); true when one of them is a 9014 reply. Setup and time commands are read
    /// past. A plain byte scan: the generic `firstRange(of:)` was the simulator's largest cost.
    private static func takeLines(_ bytes: UnsafeRawBufferPointer, into device: Device) -> Bool {
        var acknowledged = false
        var lineStart = 0
        for index in 0..<bytes.count where bytes[index] == 0x0A {
            let line = UnsafeRawBufferPointer(rebasing: bytes[lineStart...index])
            if device.received.isEmpty {
                if isReply(line) { acknowledged = true }
            } else {
                device.received.append(contentsOf: line)
                if device.received.withUnsafeBytes(isReply) { acknowledged = true }
                device.received.removeAll(keepingCapacity: true)
            }
            lineStart = index + 1
        }
        if lineStart < bytes.count { device.received.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[lineStart...])) }
        return acknowledged
    }

    private static let replyMarker = Array("CN=9014".utf8)

    private static func isReply(_ line: UnsafeRawBufferPointer) -> Bool {
        let marker = replyMarker
        guard line.count >= marker.count else { return false }
        for start in 0...(line.count - marker.count) where line[start] == marker[0] {
            var matched = true
            for offset in 1..<marker.count where line[start + offset] != marker[offset] {
                matched = false
                break
            }
            if matched { return true }
        }
        return false
    }

    private func runSlice(_ range: Range<Int>, until deadline: Date) -> Result {
        var result = Result()
        var slots: [Device?] = []
        guard let readiness = try? ReadinessSet() else {
            result.failures = range.count
            return result
        }
        let firstDataTime = Int64(Date().timeIntervalSince1970) - 300
        for index in range {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            inet_pton(AF_INET, host, &address.sin_addr)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { result.failures += 1; close(fd); continue }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            guard (try? readiness.add(fd, token: UInt64(slots.count))) != nil else { result.failures += 1; close(fd); continue }
            slots.append(Self.prepare(fd: fd, mn: "\(mnPrefix)\(String(format: "%08d", index))", firstDataTime: firstDataTime))
        }
        defer { for device in slots { if let device { close(device.fd) } } }
        if idle {
            Thread.sleep(until: deadline)
            return result
        }
        for device in slots { if let device { sendNext(device) } }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadlineMicros = Self.nowMicros() + UInt64(max(0, deadline.timeIntervalSinceNow) * 1_000_000)
        while Self.nowMicros() < deadlineMicros {
            readiness.wait(timeoutMilliseconds: 100) { token in
                let slot = Int(token)
                guard let device = slots[slot] else { return }
                let received = buffer.withUnsafeMutableBytes { recv(device.fd, $0.baseAddress, $0.count, 0) }
                guard received > 0 else {
                    if received == 0 || (errno != EAGAIN && errno != EINTR) {
                        readiness.remove(device.fd)
                        close(device.fd)
                        slots[slot] = nil
                        result.failures += 1
                    }
                    return
                }
                let acknowledged = buffer.withUnsafeBytes { Self.takeLines(UnsafeRawBufferPointer(rebasing: $0[0..<received]), into: device) }
                if acknowledged {
                    result.acknowledged += 1
                    result.latenciesMicros.append(Int(Self.nowMicros() - device.sentAt))
                    sendNext(device)
                }
            }
        }
        return result
    }
}
