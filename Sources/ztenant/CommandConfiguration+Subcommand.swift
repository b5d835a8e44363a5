import ArgumentParser

extension CommandConfiguration {
    /// The configuration of a top-level subcommand of `ztenant` (nested ones are never parsed
    /// on their own), marked so for when it is parsed on its own (`ZTenant.parseCommand`'s fast
    /// path): swift-argument-parser then skips its
    /// check for `--generate-completion-script`, which builds two argument sets by reflection
    /// on every run (about a tenth of `ztenant probe`'s CPU). The fast path never sees that
    /// option (it goes to the whole tree), and help is always generated from the whole tree,
    /// where the root's configuration, not this, is read.
    func subcommandOfZtenant() -> CommandConfiguration {
        var marked = self
        marked._superCommandName = "ztenant"
        return marked
    }
}
