import BPF

/// Copying a syscall's string arguments (paths) from user memory into a stash, shared by the program flavours.
struct SyscallStringCopy {
    let stringCapacity: Int

    /// Copies the user string named by string slot `slot` of the spec into its place in the stash at
    /// `stash + stashOffset`, storing the length `probe_read_user_str` returns (negative on fault).
    /// With `onlyIfMissing`, only when the entry copy did not succeed.
    func instructions(slot: Int, stash: Register, stashOffset: Int, onlyIfMissing: Bool) -> [Instruction] {
        typealias S = RecordLayout.Stash
        let done = "string\(slot)_done_\(onlyIfMissing ? "exit" : "enter")"
        let lengthOffset = Int16(stashOffset + S.lengths + 4 * slot)
        var code: [Instruction] = []
        if onlyIfMissing {
            code += [
                .load(.r1, from: stash, offset: lengthOffset, size: .word),
                Jump.sgt.imm32(.r1, 0, done),
            ]
        }
        code += [
            .load(.r1, from: stash, offset: Int16(stashOffset + S.spec), size: .word),
            ALU.rightShift.imm(.r1, Int32(8 + 4 * slot)),
            ALU.and.imm(.r1, 0xF),
            Jump.eq.imm(.r1, 0, done),
        ]
        // r3 = args[index - 1], unrolled so the verifier sees constant offsets.
        let picked = "string\(slot)_picked_\(onlyIfMissing ? "exit" : "enter")"
        for index in 1...6 {
            let next = "string\(slot)_not\(index)_\(onlyIfMissing ? "exit" : "enter")"
            code += [
                Jump.ne.imm(.r1, Int32(index), next),
                .load(.r3, from: stash, offset: Int16(stashOffset + S.arguments + 8 * (index - 1)), size: .doubleWord),
                Jump.always(picked),
                .label(next),
            ]
        }
        code += [
            Jump.always(done),
            .label(picked),
            .move(.r1, stash), ALU.add.imm(.r1, Int32(stashOffset + S.strings + slot * stringCapacity)),
            .move(.r2, Int32(stringCapacity)),
            Helper.probeReadUserStr.call(),
            .store(.r0, to: stash, offset: lengthOffset, size: .word),
            .label(done),
        ]
        return code
    }
}
