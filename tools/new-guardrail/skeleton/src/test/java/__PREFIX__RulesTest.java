package guardrails.__PACKAGE__;

import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** __NUMBER__'s rules, pure. */
class __PREFIX__RulesTest {

    @Test
    void aRegisteredDirectoryIsFine() {
        assertTrue(__PREFIX__Rules.judge(new Directory("d-1234567890", "corp", "REGISTERED")).isEmpty());
    }

    @Test
    void aDirectoryInErrorIsAWarningThatSaysWhatToRun() {
        var finding = __PREFIX__Rules.judge(new Directory("d-1234567890", "corp", "ERROR")).orElseThrow();
        assertEquals(__PREFIX__Rules.NOT_REGISTERED, finding.rule());
        assertEquals("d-1234567890", finding.resourceId());
        assertEquals("aws workspaces describe-workspace-directories --directory-ids d-1234567890",
                finding.commands().get(0));
    }
}
