public import Decoding
public import LinuxSystem

/// Serves decoders the memory of a stopped tracee (process_vm_readv, one syscall per read).
public struct LiveTraceeMemory: TraceeMemory {
    let memory: ProcessMemory

    public init(pid: ProcessID) { memory = ProcessMemory(pid: pid) }

    public func read(_ address: UInt64, count: Int) -> [UInt8]? {
        memory.read(address, count: count)
    }

    public func readCString(_ address: UInt64, limit: Int) -> (bytes: [UInt8], truncated: Bool)? {
        memory.readCString(address, limit: limit)
    }
}
