package dev.remoteuser.core.identity;

import dev.remoteuser.core.RemoteUserConfig;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.decision.Refusal;
import dev.remoteuser.core.internal.HeaderValues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fuzz tests (Jazzer) of the identity grammar that sees attacker-controlled text: user names and group lists. Each
 * asserts properties that must hold for every input, not just "does not crash". The normal test run replays the
 * committed corpus in {@code src/test/resources/dev/remoteuser/core/identity/IdentityGrammarFuzzTestInputs/<method>/}
 * (regression mode); a fuzzing run adds what it finds there (see docs/hardening.md).
 */
class IdentityGrammarFuzzTest {

    private static final Pattern DEFAULT_USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1,256}");

    /**
     * A user name either is refused or comes out matching the grammar; it is printable ASCII from start to end (no
     * non-ASCII letter such as the Kelvin sign survives into an ASCII name, also in a Turkish JVM locale);
     * normalising it again changes nothing; and the regex-free check of the default pattern agrees with the regex.
     */
    @FuzzTest
    void usernames(FuzzedDataProvider data) {
        boolean lowercase = data.consumeBoolean();
        boolean strip = data.consumeBoolean();
        String raw = data.consumeRemainingAsString();
        assertEquals(DEFAULT_USERNAME.matcher(raw).matches(), UsernameRules.matchesDefaultPattern(raw), raw);

        Map<String, String> options = new HashMap<>();
        options.put("lowercaseUsername", String.valueOf(lowercase));
        if (strip) {
            options.put("stripRealm", "EXAMPLE.COM");
            options.put("stripDomain", "CORP");
        }
        UsernameRules rules = new UsernameRules(RemoteUserConfig.fromOptions(options).usernames());
        String name;
        try {
            name = rules.normalise(raw);
        } catch (Refusal refused) {
            // a value of the default grammar is refused only as a placeholder, or for its realm or domain
            Set<Reason> allowed = strip ? Set.of(Reason.PLACEHOLDER, Reason.FOREIGN_REALM, Reason.FOREIGN_DOMAIN,
                    Reason.INVALID_USERNAME) : Set.of(Reason.PLACEHOLDER);
            assertTrue(!DEFAULT_USERNAME.matcher(raw).matches() || allowed.contains(refused.reason()),
                    "refused a name of the grammar with " + refused.reason() + ": " + raw);
            return;
        }
        assertTrue(DEFAULT_USERNAME.matcher(name).matches(), name);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            assertTrue(c > 0x20 && c < 0x7f, "accepted a name from a value with char " + (int) c);
        }
        if (lowercase) {
            assertEquals(name.toLowerCase(Locale.ROOT), name);
        }
        if (!strip) {
            assertEquals(lowercase ? raw.toLowerCase(Locale.ROOT) : raw, name,
                    "only lower-casing may change a name without realm or domain stripping");
            try {
                assertEquals(name, rules.normalise(name), "normalising is idempotent");
            } catch (Refusal refused) {
                fail("an accepted name is refused when normalised again: " + refused.reason());
            }
        }
    }

    /**
     * Groups either are refused or each is non-empty, trimmed, at most 256 characters, printable, without the
     * separator or a quote, not a placeholder, not excluded, at most {@code maxGroups} of them; joining and parsing
     * again gives the same set; and no group list produces the reserved roles {@code *} or {@code **}.
     */
    @FuzzTest
    void groups(FuzzedDataProvider data) {
        String separator = data.pickValue(new String[] {",", ";", "|", " ", "::"});
        int maxGroups = data.consumeInt(1, 300);
        String raw = data.consumeRemainingAsString();
        RemoteUserConfig config = RemoteUserConfig.fromOptions(Map.of("groupsHeader", "Remote-Groups",
                "groupsSeparator", separator, "maxGroups", String.valueOf(maxGroups), "excludedGroups", "banned"));
        RoleResolver resolver = new RoleResolver(config.roles(), config.headers().groupsSeparator(),
                config.headers().maxGroups());
        Set<String> groups;
        try {
            groups = resolver.parseGroups(raw);
        } catch (Refusal refused) {
            // too many groups only when there are more fields than maxGroups
            assertTrue(refused.reason() != Reason.TOO_MANY_GROUPS
                    || raw.split(Pattern.quote(separator), -1).length > maxGroups,
                    "TOO_MANY_GROUPS for at most " + maxGroups + " fields");
            return;
        }
        assertTrue(groups.size() <= maxGroups, "more groups than maxGroups");
        for (String group : groups) {
            assertFalse(group.isEmpty());
            assertEquals(group.strip(), group, "untrimmed group");
            assertTrue(group.length() <= RoleResolver.MAX_GROUP_LENGTH);
            assertTrue(HeaderValues.isPrintable(group), group);
            assertFalse(group.contains(separator), "separator inside a group");
            assertFalse(group.contains("\""), "quote inside a group");
            assertFalse(HeaderValues.isPlaceholder(group), group);
            assertFalse(group.equals("banned"), "excluded group kept");
        }
        try {
            assertEquals(groups, resolver.parseGroups(String.join(separator, groups)), "join and parse again");
        } catch (Refusal refused) {
            fail("accepted groups are refused when joined again: " + refused.reason());
        }
        Set<String> roles = resolver.roles(groups, Set.of());
        assertFalse(roles.contains("*") || roles.contains("**"), "reserved role from groups " + groups);
    }
}
