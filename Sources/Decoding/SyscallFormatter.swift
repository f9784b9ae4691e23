import SyscallTables

/// Turns syscall stops into strace-format text (the contract the tracer codes against).
///
/// The tracer calls `enter` at the entry stop, prints `entryText`, and at the exit stop prints `exitText`; when
/// another process's line came in between, it prints `entryText + " <unfinished ...>"` and later
/// `"<... NAME resumed>" + exitText`.
public struct SyscallFormatter: Sendable {
    public let options: StraceFormatOptions
    public let renderer: StraceRenderer

    public init(options: StraceFormatOptions) {
        self.options = options
        self.renderer = StraceRenderer(options: options)
    }

    /// Decodes what is known at entry. Keeps whatever the exit half needs.
    public func enter(_ call: SyscallInvocation, memory: any TraceeMemory) -> PendingSyscall {
        let table = SyscallTable.forArchitecture(call.architecture)
        let entry = table.entry(number: call.number)
        let name = entry?.name ?? Self.unknownName(call.number)
        let decoder =
            options.minimalDecoding
            ? FallbackDecoder.decoder(for: entry)
            : DecoderRegistry.decoder(number: call.number, architecture: call.architecture)
        var context = DecodeContext(invocation: call, memory: memory, options: options)
        let arguments = decoder.entry(&context)
        return PendingSyscall(
            invocation: call,
            name: name,
            entryArguments: arguments,
            decoder: decoder,
            saved: context.saved
        )
    }

    /// Decodes the exit half: the arguments the call filled in and the return value.
    public func complete(
        _ pending: PendingSyscall,
        outcome: SyscallOutcome,
        injected: Bool,
        memory: any TraceeMemory
    ) -> CompletedSyscall {
        var context = DecodeContext(invocation: pending.invocation, memory: memory, options: options)
        context.saved = pending.saved
        let exitArguments = pending.decoder.exit?(context, outcome) ?? []
        return CompletedSyscall(
            invocation: pending.invocation,
            name: pending.name,
            arguments: exitArguments.isEmpty ? pending.entryArguments : pending.entryArguments + exitArguments,
            entryArgumentCount: pending.entryArguments.count,
            outcome: outcome,
            result: ResultDecoding.decode(outcome, decoder: pending.decoder, context: context),
            injected: injected
        )
    }

    /// strace text at entry: name, "(", and the arguments decoded at entry, without a trailing ", " or ")".
    public func entryText(_ pending: PendingSyscall) -> String {
        pending.name + "(" + renderer.render(pending.entryArguments)
    }

    /// The rest of the line after the entry text: remaining arguments (each preceded by ", "), ")", padding to the
    /// `-a` column, and "= RESULT".
    ///
    /// - Parameter column: how many characters are already on the line (pid prefix, timestamps, entry text or
    ///   `<... NAME resumed>`); nil means the line holds just `entryText(pending)`.
    public func exitText(
        _ pending: PendingSyscall,
        outcome: SyscallOutcome,
        injected: Bool,
        memory: any TraceeMemory,
        column: Int? = nil
    ) -> String {
        let completed = complete(pending, outcome: outcome, injected: injected, memory: memory)
        return exitText(completed, column: column ?? entryText(pending).utf8.count)
    }

    /// The exit text of an already completed syscall (see `exitText(_:outcome:injected:memory:column:)`).
    public func exitText(_ completed: CompletedSyscall, column: Int) -> String {
        var out = ""
        let exitArguments = completed.arguments.dropFirst(completed.entryArgumentCount)
        for (index, argument) in exitArguments.enumerated() {
            if argument.isUpdate { out += " => " } else if completed.entryArgumentCount > 0 || index > 0 { out += ", " }
            renderer.write(argument.value, to: &out)
        }
        out += ") "
        let used = column + out.utf8.count
        if used < options.alignmentColumn { out += String(repeating: " ", count: options.alignmentColumn - used) }
        out += "= " + renderer.renderResult(completed.result)
        if completed.injected { out += " (INJECTED)" }
        return out
    }

    /// The whole line for a syscall that was not interrupted.
    public func line(_ completed: CompletedSyscall, prefix: String = "") -> String {
        let head =
            prefix + completed.name + "("
            + renderer.render(Array(completed.arguments.prefix(completed.entryArgumentCount)))
        return head + exitText(completed, column: head.utf8.count)
    }

    /// The syscall name as strace prints it (`syscall_0x1c5` for unknown numbers).
    public func name(of call: SyscallInvocation) -> String {
        SyscallTable.forArchitecture(call.architecture).entry(number: call.number)?.name
            ?? Self.unknownName(call.number)
    }

    static func unknownName(_ number: Int) -> String {
        "syscall_0x" + String(UInt(bitPattern: number), radix: 16)
    }
}
