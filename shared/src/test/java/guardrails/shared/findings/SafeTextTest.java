package guardrails.shared.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What the alerts keep of a text from the account: every letter, no break and nothing invisible. */
class SafeTextTest {

    @Test
    void formatCharactersAreRemovedAndBreaksBecomeSpaces() {
        String tag = new String(Character.toChars(0xE0041)) + new String(Character.toChars(0xE007F));
        assertEquals("adminuser", SafeText.line("ad\u200Bmin\u2060us\uFEFFer" + tag, 100),
                "zero-width space, word joiner, BOM and tag characters hide nothing");
        assertEquals("a b c d e", SafeText.line("a\rb\nc\u2028d\u0000e", 100));
        assertEquals("exe.gnp", SafeText.line("\u202Eexe.gnp", 100), "no bidirectional override");
        assertEquals("\u5c71\u7530 \u592a\u90ce", SafeText.line("\u5c71\u7530 \u592a\u90ce", 100),
                "a Japanese name stays");
    }
}
