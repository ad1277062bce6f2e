package dev.remoteuser.core.identity;

import dev.remoteuser.core.config.Option;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UsernameRulesTest {

    @Test
    void theDefaultPatternShortcutAgreesWithTheRegexOnEveryCharacterAndLength() {
        Pattern regex = Pattern.compile(Option.USERNAME_PATTERN.defaultValue().orElseThrow());
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String one = String.valueOf(c);
            String framed = "a" + c + "b";
            assertEquals(regex.matcher(one).matches(), UsernameRules.matchesDefaultPattern(one), "U+" + (int) c);
            assertEquals(regex.matcher(framed).matches(), UsernameRules.matchesDefaultPattern(framed), "U+" + (int) c);
        }
        for (String name : List.of("", "a".repeat(256), "a".repeat(257), "alice@EXAMPLE.COM", "x\uD83D\uDE00y")) {
            assertEquals(regex.matcher(name).matches(), UsernameRules.matchesDefaultPattern(name), name);
        }
    }
}
