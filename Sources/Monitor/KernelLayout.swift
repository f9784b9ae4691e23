import BTF

/// Kernel struct offsets the generated programs need, read from the running kernel's BTF at load time
/// (design decision 6: no CO-RE relocations; the offsets are baked into the instructions).
struct KernelLayout: Sendable {
    /// `task_struct.real_parent`, `.tgid`, `.pid`, `.mm`, `.exit_code`.
    var taskRealParent: Int
    var taskTGID: Int
    var taskPID: Int
    var taskMM: Int
    var taskExitCode: Int
    /// `task_struct.comm` and `.cred`; `cred.uid` and `.gid` (kuid_t/kgid_t: one u32 each).
    var taskComm: Int
    var taskCred: Int
    var credUID: Int
    var credGID: Int
    /// `task_struct.cgroups` → `css_set.dfl_cgrp` → `cgroup.kn` → `kernfs_node.id`: the cgroup v2 id
    /// `bpf_get_current_cgroup_id` returns, reached by typed loads (15 ns less per event than the helper).
    var taskCgroups: Int
    var cssSetDefaultCgroup: Int
    var cgroupKernfsNode: Int
    var kernfsNodeID: Int
    /// `pt_regs.orig_ax` (x86-64) / `.syscallno` (arm64): the syscall number as the kernel saw it at entry.
    var registersSyscallNumber: Int
    /// `mm_struct.arg_start` and `.arg_end`: where exec put argv in the new image.
    var mmArgStart: Int
    var mmArgEnd: Int
    /// `linux_binprm.filename`.
    var binprmFilename: Int
    /// Offsets in `struct pt_regs` of the six syscall arguments, in ABI order.
    var syscallArgumentRegisters: [Int]
    /// `sizeof(struct pt_regs)`.
    var registersSize: Int
    /// x86-64: offset of the saved code segment selector in `pt_regs` (`cs`, inside an anonymous union on
    /// FRED-aware kernels). 64-bit code runs with `__USER_CS` = 0x33; ia32 compat syscalls come with 0x23 and carry
    /// i386 numbers, which the native table would misname.
    var registersCodeSegment: Int?
    /// The `btf_trace_<tp>` ids tp_btf programs load against; nil when one of them is missing.
    var tracepointTypeIDs: (sysEnter: UInt32, sysExit: UInt32, schedSwitch: UInt32)?

    init(btf: BTF) throws(BTFError) {
        taskRealParent = try btf.offset(of: "real_parent", in: "task_struct")
        taskTGID = try btf.offset(of: "tgid", in: "task_struct")
        taskPID = try btf.offset(of: "pid", in: "task_struct")
        taskMM = try btf.offset(of: "mm", in: "task_struct")
        taskExitCode = try btf.offset(of: "exit_code", in: "task_struct")
        taskComm = try btf.offset(of: "comm", in: "task_struct")
        taskCred = try btf.offset(of: "cred", in: "task_struct")
        credUID = try btf.offset(of: "uid", in: "cred")
        credGID = try btf.offset(of: "gid", in: "cred")
        taskCgroups = try btf.offset(of: "cgroups", in: "task_struct")
        cssSetDefaultCgroup = try btf.offset(of: "dfl_cgrp", in: "css_set")
        cgroupKernfsNode = try btf.offset(of: "kn", in: "cgroup")
        kernfsNodeID = try btf.offset(of: "id", in: "kernfs_node")
        mmArgStart = try btf.offset(of: "arg_start", in: "mm_struct")
        mmArgEnd = try btf.offset(of: "arg_end", in: "mm_struct")
        binprmFilename = try btf.offset(of: "filename", in: "linux_binprm")
        #if arch(x86_64)
        // The x86-64 syscall ABI passes the fourth argument in r10, not rcx (syscall(2)).
        let names = ["di", "si", "dx", "r10", "r8", "r9"]
        syscallArgumentRegisters = try names.map { (name) throws(BTFError) in try btf.offset(of: name, in: "pt_regs") }
        registersCodeSegment = try btf.offset(of: "cs", in: "pt_regs")
        registersSyscallNumber = try btf.offset(of: "orig_ax", in: "pt_regs")
        #else
        let base = try btf.offset(of: "regs", in: "user_pt_regs")
        syscallArgumentRegisters = (0..<6).map { base + 8 * $0 }
        registersCodeSegment = nil
        registersSyscallNumber = try btf.offset(of: "syscallno", in: "pt_regs")
        #endif
        registersSize = btf.size(of: btf.type(named: "pt_regs", kind: .struct) ?? .void)
        if let enter = btf.tracepointTypeID("sys_enter"), let exit = btf.tracepointTypeID("sys_exit"),
            let switched = btf.tracepointTypeID("sched_switch")
        {
            tracepointTypeIDs = (enter.rawValue, exit.rawValue, switched.rawValue)
        }
    }
}
