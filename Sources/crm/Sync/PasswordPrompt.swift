// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Reads a password without echo from the terminal, or a line from stdin when piped.
enum PasswordPrompt {
    static func read(prompt: String) throws -> String {
        let password: String?
        if isatty(STDIN_FILENO) != 0 {
            FileHandle.standardError.write(Data(prompt.utf8))
            var settings = termios()
            tcgetattr(STDIN_FILENO, &settings)
            var silent = settings
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &silent)
            defer {
                tcsetattr(STDIN_FILENO, TCSANOW, &settings)
                FileHandle.standardError.write(Data("\n".utf8))
            }
            password = readLine(strippingNewline: true)
        } else {
            password = readLine(strippingNewline: true)
        }
        guard let password, !password.isEmpty else {
            throw Failure.usage("no password given (type it, or pipe it on stdin)")
        }
        return password
    }
}
