// crm — a terminal-first CRM. Licensed under the MIT License.

import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

@Suite struct TUITests {
    @Test func theLoopPollsFastRightAfterActivityAndSlowlyWhenIdle() {
        #expect(TUI.pollMilliseconds(sinceActivity: 0) == 5)
        #expect(TUI.pollMilliseconds(sinceActivity: 0.49) == 5)
        #expect(TUI.pollMilliseconds(sinceActivity: 0.5) == 50)
        #expect(TUI.pollMilliseconds(sinceActivity: 3600) == 50)
    }
}
