import LinuxSystem
public import SystemPackage

extension SeccompProgram {
    /// Installs this filter on the calling process, on every thread at once (TSYNC), for good.
    ///
    /// A filter can never be removed and is inherited by children and across execve. To confine another
    /// program, pass `encoded` as `SpawnRequest.seccompFilter` instead (what `syshook run` does).
    /// - Throws: see `SeccompFilterInstaller.install`.
    public func installOnCurrentProcess(synchronizingThreads: Bool = true) throws(Errno) {
        try SeccompFilterInstaller.install(encoded, flags: synchronizingThreads ? [.synchronizeThreads] : [])
    }

    /// Whether the running kernel knows every action this program can return; an unknown one would kill.
    public var kernelSupportsAllActions: Bool {
        instructions.filter { $0.code == ClassicBPF.Opcode.ret | ClassicBPF.Opcode.k }
            .allSatisfy { SeccompFilterInstaller.isActionAvailable($0.k & SeccompAction.actionMask) }
    }
}
