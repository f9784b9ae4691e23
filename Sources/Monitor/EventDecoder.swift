import BPF
import SyscallTables

/// Turns ring buffer records (see `RecordLayout`) into events.
struct EventDecoder: Sendable {
    let table: SyscallTable
    let stringCapacity: Int

    func decode(_ record: [UInt8]) -> MonitorEvent? {
        typealias L = RecordLayout
        guard record.count >= L.headerSize, let kind = L.Kind(rawValue: u32(record, L.kind)) else { return nil }
        let process = MonitoredProcess(
            pid: Int32(bitPattern: u32(record, L.pid)), tid: Int32(bitPattern: u32(record, L.tid)),
            ppid: Int32(bitPattern: u32(record, L.ppid)), uid: u32(record, L.uid), gid: u32(record, L.gid),
            command: cString(record[L.comm..<(L.comm + 16)]), cgroupID: UInt64(littleEndianBytes: record, at: L.cgroup))
        let time = UInt64(littleEndianBytes: record, at: L.timestamp)
        switch kind {
        case .syscall:
            typealias S = L.Stash
            let stash = L.stash
            guard record.count >= L.syscallRecordSize(stringCapacity: 0) else { return nil }
            let spec = u32(record, stash + S.spec)
            // Records of syscalls without string arguments stop before the string area.
            if spec & 0xFF00 != 0 && record.count < L.syscallRecordSize(stringCapacity: stringCapacity) { return nil }
            let number = Int(u32(record, stash + S.number))
            var strings: [Int: CapturedString] = [:]
            for slot in 0..<2 {
                let index = Int((spec >> (8 + 4 * UInt32(slot))) & 0xF)
                guard index > 0 else { continue }
                let length = Int(Int32(bitPattern: u32(record, stash + S.lengths + 4 * slot)))
                guard length > 0 else { continue }
                let start = stash + S.strings + slot * stringCapacity
                let bytes = Array(record[start..<(start + min(length, stringCapacity))].prefix { $0 != 0 })
                strings[index - 1] = CapturedString(bytes: bytes, truncated: length >= stringCapacity)
            }
            let entry = UInt64(littleEndianBytes: record, at: stash + S.enterTime)
            return .syscall(SyscallEvent(
                process: process, number: number, name: table.entry(number: number)?.name,
                arguments: (0..<6).map { UInt64(littleEndianBytes: record, at: stash + S.arguments + 8 * $0) },
                strings: strings, returnValue: Int64(littleEndianBytes: record, at: L.returnValue),
                entryTime: entry, duration: time >= entry ? time - entry : 0))
        case .compactSyscall:
            guard record.count >= L.compactArguments else { return nil }
            let number = Int(u32(record, L.compactNumber))
            let count = min(Int(u32(record, L.compactArgumentCount)), 6, (record.count - L.compactArguments) / 8)
            let entry = UInt64(littleEndianBytes: record, at: L.compactEntryTime)
            return .syscall(SyscallEvent(
                process: process, number: number, name: table.entry(number: number)?.name,
                arguments: (0..<6).map {
                    $0 < count ? UInt64(littleEndianBytes: record, at: L.compactArguments + 8 * $0) : 0
                },
                strings: [:], returnValue: Int64(littleEndianBytes: record, at: L.returnValue),
                entryTime: entry, duration: time >= entry ? time - entry : 0))
        case .exec:
            guard record.count >= L.execRecordSize else { return nil }
            let nameLength = max(0, Int(Int32(bitPattern: u32(record, L.execFilenameLength))))
            let filename = cString(record[L.execFilename..<(L.execFilename + min(nameLength, L.execFilenameCapacity))])
            let argumentsLength = min(
                max(0, Int(Int32(bitPattern: u32(record, L.execArgumentsLength)))), L.execArgumentsCapacity)
            var arguments = record[L.execArguments..<(L.execArguments + argumentsLength)]
                .split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            if arguments.last == "" { arguments.removeLast() }
            return .exec(ExecEvent(
                process: process, time: time, filename: filename, arguments: arguments,
                oldPID: Int32(bitPattern: u32(record, L.execOldPID))))
        case .fork:
            return .fork(ForkEvent(
                process: process, time: time, childPID: Int32(bitPattern: u32(record, L.forkChildPID)),
                childTID: Int32(bitPattern: u32(record, L.forkChildTID))))
        case .exit:
            return .exit(ExitEvent(process: process, time: time, status: u32(record, L.exitCode)))
        }
    }

    private func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 { UInt32(littleEndianBytes: bytes, at: offset) }

    private func cString(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
}
