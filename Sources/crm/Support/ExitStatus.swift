// crm — a terminal-first CRM. Licensed under the MIT License.

/// The sysexits codes of the CLI contract (SPEC section 4).
enum ExitStatus: Int32 {
    case ok = 0
    case failure = 1
    case usage = 64
    case dataError = 65
    case noInput = 66
    case unavailable = 69
    case cannotCreate = 73
    case ioError = 74
    case tempFail = 75
    case noPermission = 77
}
