/// `si_code` names: the generic SI_* codes, then the per-signal ones the kernel uses for kernel-sent signals.
enum SignalCodes {
    static func name(signo: Int32, code: Int32) -> String? {
        let raw = UInt64(bitPattern: Int64(code))
        if code <= 0 || code == 0x80 { return Xlat.siginfoCodes.name(of: raw) }
        let table: XlatTable? =
            switch signo {
            case 17: Xlat.sigchldCodes
            case 11: Xlat.sigsegvCodes
            case 7: Xlat.sigbusCodes
            case 4: Xlat.sigillCodes
            case 8: Xlat.sigfpeCodes
            case 5: Xlat.sigtrapCodes
            case 29: Xlat.sigpollCodes
            case 31: Xlat.sigsysCodes
            default: nil
            }
        return table?.name(of: raw)
    }
}
