import Runtime

/// Gathers requests that arrive while a batch is running into the next batch: under load each
/// round trip carries many requests; when idle a request goes out alone, at once.
final class Batcher<Request: Sendable, Answer: Sendable>: Sendable {
    typealias Work = @Sendable ([Request]) async throws -> [Answer]

    private struct State: Sendable {
        var waiting: [(Request, CheckedContinuation<Answer, any Error>)] = []
        var running = 0
    }

    private let state = Locked(State())
    private let maxBatch: Int
    private let maxConcurrent: Int
    private let work: Work

    init(maxBatch: Int, maxConcurrent: Int = 4, work: @escaping Work) {
        self.maxBatch = maxBatch
        self.maxConcurrent = maxConcurrent
        self.work = work
    }

    func submit(_ request: Request) async throws -> Answer {
        try await withCheckedThrowingContinuation { continuation in
            let start = state.withLock { state -> Bool in
                state.waiting.append((request, continuation))
                guard state.running < maxConcurrent else { return false }
                state.running += 1
                return true
            }
            if start { Task { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            let batch = state.withLock { state -> [(Request, CheckedContinuation<Answer, any Error>)] in
                let taken = Array(state.waiting.prefix(maxBatch))
                state.waiting.removeFirst(taken.count)
                if taken.isEmpty { state.running -= 1 }
                return taken
            }
            guard !batch.isEmpty else { return }
            do {
                let answers = try await work(batch.map(\.0))
                for (entry, answer) in zip(batch, answers) { entry.1.resume(returning: answer) }
            } catch {
                for entry in batch { entry.1.resume(throwing: error) }
            }
        }
    }
}
