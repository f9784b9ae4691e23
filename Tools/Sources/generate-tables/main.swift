// generate-tables: writes Sources/SyscallTables/Generated/*.swift (and the C header checks in
// Tests/CHeaderChecks/Generated) from the installed kernel UAPI headers, strerror(3) and Tools/Inputs.
//
//   swift run --package-path Tools generate-tables            regenerate in place
//   swift run --package-path Tools generate-tables --check    regenerate into a temporary directory and diff;
//                                                              exit 1 when the checked-in files are stale
import Foundation

let usage = """
    usage: generate-tables [--check] [--output DIR]
      --check       regenerate into a temporary directory and compare with the checked-in files
      --output DIR  write the generated tree (Sources/SyscallTables/Generated, Tests/CHeaderChecks/Generated)
                    under DIR instead of the repository root
    """

var check = false
var outputOverride: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--check": check = true
    case "--output":
        guard let value = arguments.popFirst() else { fail(usage) }
        outputOverride = value
    case "-h", "--help": print(usage); exit(0)
    default: fail("unknown argument \(argument)\n\(usage)")
    }
}

let paths = Paths()
do {
    let files = try generateAll(paths: paths)
    if check {
        let stale = try compare(files, with: paths.repository)
        if stale.isEmpty {
            print("generate-tables: \(files.count) files are up to date")
        } else {
            for line in stale { print(line) }
            print("generate-tables: generated files are stale. Regenerate: swift run --package-path Tools generate-tables")
            exit(1)
        }
    } else {
        let directory = outputOverride.map { URL(fileURLWithPath: $0) } ?? paths.repository
        try write(files, to: directory)
        print("generate-tables: wrote \(files.count) files to \(directory.path)")
    }
} catch {
    fail("generate-tables: \(error)")
}
