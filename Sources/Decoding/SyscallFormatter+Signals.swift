extension SyscallFormatter {
    /// `SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1234, …}` from the raw 128-byte siginfo_t the tracer
    /// got with PTRACE_GETSIGINFO (the tracer adds "--- " and " ---").
    public func signalText(signal: Int32, siginfo: [UInt8]) -> String {
        let name = SignalNames.name(signal)
        guard let info = SignalInfoDecoder.decode(siginfo) else { return name + " " + renderer.render(.address(0)) }
        return name + " " + renderer.render(info)
    }
}
