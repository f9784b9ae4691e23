import LinuxSystem
import SyscallTables
import Testing
@testable import Tracer

/// The engine's configuration decisions, which need no kernel.
struct TracerConfigurationTests {
    func spawnTarget() -> TracerConfiguration.Target {
        .spawn(SpawnRequest(executable: "/bin/true", arguments: ["true"], environment: []))
    }

    @Test func filterOnlyForAFollowedSpawnWithASelection() {
        var configuration = TracerConfiguration(target: spawnTarget())
        configuration.selection = .only([.x86_64: [39]])
        #expect(!configuration.usesSeccompFilter, "children not followed would inherit a filter with no tracer")
        configuration.followForks = true
        #expect(configuration.usesSeccompFilter)
        configuration.allowSeccompFilter = false
        #expect(!configuration.usesSeccompFilter)
    }

    @Test func attachNeverUsesAFilter() {
        var configuration = TracerConfiguration(target: .attach([ProcessID(1)]))
        configuration.selection = .only([.x86_64: [39]])
        configuration.followForks = true
        #expect(!configuration.usesSeccompFilter)
    }

    @Test func selectionMatchesPerArchitecture() {
        let selection = SyscallSelection.only([.x86_64: [39], .i386: [20]])
        #expect(selection.contains(39, architecture: .x86_64))
        #expect(!selection.contains(20, architecture: .x86_64))
        #expect(selection.contains(20, architecture: .i386))
        // An architecture the user's set says nothing about is shown, as the fail-safe filter traces it.
        #expect(selection.contains(1, architecture: .aarch64))
        #expect(SyscallSelection.all.contains(12345, architecture: .x86_64))
    }
}
