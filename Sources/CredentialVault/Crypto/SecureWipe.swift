import CProcessControl

/// Zeroes memory that held a secret, with a call the optimiser may not drop.
public enum SecureWipe {
    /// Overwrites `count` bytes at `address` with zeros.
    public static func zero(_ address: UnsafeMutableRawPointer, _ count: Int) {
        ztenant_wipe(address, count)
    }

    /// Overwrites every byte of `bytes` with zeros, in place.
    public static func zero(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { ztenant_wipe(base, buffer.count) }
        }
    }
}
