import Foundation
import HJ212
import Runtime
import Simulation
#if canImport(Glibc)
import Glibc
#endif

/// `duban-sim load`: N simulated devices on N connections, each sending real-time frames
/// (CN=2011, Flag=5, distinct DataTime per frame so none is a duplicate) in a closed loop: send,
/// wait for the 9014, send the next. Prints acknowledged frames/s and acknowledgement latency
/// percentiles. Sockets are non-blocking and multiplexed with poll() on a few threads.
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

    private final class DeviceState {
        let fd: Int32
        let mn: String
        var sequence = 0
        var sentAt: UInt64 = 0
        var pending: [UInt8] = []
        var received: [UInt8] = []
        init(fd: Int32, mn: String) {
            self.fd = fd
            self.mn = mn
        }
    }

    static func nowMicros() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }

    private func frame(for device: DeviceState, base: Int64) -> [UInt8] {
        device.sequence += 1
        let time = HJ212DateTime(unixSeconds: base - Int64(device.sequence))!
        let body = "DataTime=\(time.digits);a21026-Rtd=21.5,a21026-ZsRtd=23.1,a21026-Flag=N;a21002-Rtd=40.2,a21002-ZsRtd=43.0,a21002-Flag=N;"
            + "a34013-Rtd=3.1,a34013-ZsRtd=3.3,a34013-Flag=N;a19001-Rtd=6.9,a19001-Flag=N;a00000-Rtd=312.0,a00000-Flag=N"
        let header = PacketHeader(qn: time.qnDigits, st: "31", cn: "2011", pw: "123456", mn: device.mn, flag: 5)
        return try! PacketEncoder.encode(header, cp: body)
    }

    private func runSlice(_ range: Range<Int>, until deadline: Date) -> Result {
        var result = Result()
        var devicesByFD: [Int32: DeviceState] = [:]
        let base = Int64(Date().timeIntervalSince1970)
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
            devicesByFD[fd] = DeviceState(fd: fd, mn: "\(mnPrefix)\(String(format: "%08d", index))")
        }
        func sendNext(_ device: DeviceState) {
            device.pending = frame(for: device, base: base)
            device.sentAt = Self.nowMicros()
            let written = device.pending.withUnsafeBytes { send(device.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written > 0 { device.pending.removeFirst(written) }
        }
        if idle {
            Thread.sleep(until: deadline)
            result.acknowledged = 0
            for fd in devicesByFD.keys { close(fd) }
            return result
        }
        for device in devicesByFD.values { sendNext(device) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var polls = devicesByFD.keys.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&polls, nfds_t(polls.count), 100) > 0 else { continue }
            for entry in polls where entry.revents & Int16(POLLIN) != 0 {
                guard let device = devicesByFD[entry.fd] else { continue }
                let count = buffer.withUnsafeMutableBytes { recv(entry.fd, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { devicesByFD[entry.fd] = nil; result.failures += 1; continue }
                device.received.append(contentsOf: buffer[0..<count])
                while let end = device.received.firstRange(of: [0x0D, 0x0A]) {
                    device.received.removeSubrange(..<end.upperBound)
                    result.acknowledged += 1
                    result.latenciesMicros.append(Int(Self.nowMicros() - device.sentAt))
                    sendNext(device)
                }
            }
        }
        for fd in devicesByFD.keys { close(fd) }
        return result
    }
}
