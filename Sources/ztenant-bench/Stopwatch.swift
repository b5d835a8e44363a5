import Foundation

/// Times a block several times and keeps the median, which shared, noisy machines distort least.
enum Stopwatch {
    static func median(runs: Int, _ body: () throws -> Void) rethrows -> Double {
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            try body()
            samples.append(milliseconds(ContinuousClock.now - start))
        }
        samples.sort()
        return samples[samples.count / 2]
    }

    /// One timing of a synchronous block.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        return milliseconds(ContinuousClock.now - start)
    }

    /// The median of samples taken one by one.
    static func median(_ samples: [Double]) -> Double {
        let sorted = samples.sorted()
        return sorted[sorted.count / 2]
    }

    static func once(_ body: () async throws -> Void) async rethrows -> Double {
        let start = ContinuousClock.now
        try await body()
        return milliseconds(ContinuousClock.now - start)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}

/// Prints aligned figures.
enum Report {
    static func line(_ label: String, _ value: String) {
        say(label.padding(toLength: 66, withPad: " ", startingAt: 0) + value)
    }

    /// Writes a line unbuffered, so every figure printed so far reaches a pipe even if a later
    /// section fails.
    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func ms(_ value: Double) -> String { String(format: "%.1f ms", value) }
    static func ratio(_ value: Double) -> String { String(format: "%.2f×", value) }
}
