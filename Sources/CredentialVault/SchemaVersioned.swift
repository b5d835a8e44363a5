import Foundation

/// A payload that knows which schema wrote it.
///
/// A build may read a payload written by a newer build (fields and kinds it does not know are
/// skipped while decoding), but it must never write one back: the encoding would drop what the
/// newer build stored. ``Vault`` refuses every write of a payload whose ``writeRefusal`` is set.
public protocol SchemaVersioned {
    /// Why this build must not write the payload back (shown to the user), or nil when it may.
    var writeRefusal: String? { get }

    /// When a format 1 plaintext that authenticates does not decode: why, if a newer build
    /// wrote it (it is then not damage, and the backup must not be restored over it); nil
    /// otherwise.
    static func refusal(forUndecodable plaintext: Data) -> String?
}
