/// Classic BPF, the language seccomp filters are written in: instructions as values, an assembler that resolves
/// labels, a disassembler and a userspace interpreter.
///
/// The types live in this namespace because the eBPF module (`BPF`) has its own `Instruction`, `Assembler` and
/// `Disassembler`, and a program may import both.
public enum ClassicBPF {}

// Inside this module the short names read better.
typealias Instruction = ClassicBPF.Instruction
typealias RawInstruction = ClassicBPF.RawInstruction
typealias Label = ClassicBPF.Label
typealias Opcode = ClassicBPF.Opcode
typealias Assembler = ClassicBPF.Assembler
typealias AssemblerError = ClassicBPF.AssemblerError
typealias Disassembler = ClassicBPF.Disassembler
typealias Interpreter = ClassicBPF.Interpreter
typealias InterpreterError = ClassicBPF.InterpreterError
