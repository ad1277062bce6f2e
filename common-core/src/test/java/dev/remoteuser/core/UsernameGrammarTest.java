package dev.remoteuser.core;

import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Reason;

import static dev.remoteuser.core.Policies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class UsernameGrammarTest {

    static Stream<Arguments> refusedValues() {
        return Stream.of(
            Arguments.of("NUL", "ali\u0000ce", Reason.INVALID_CHARACTER),
            Arguments.of("TAB", "ali\tce", Reason.INVALID_CHARACTER),
            Arguments.of("CR", "alice\r", Reason.INVALID_CHARACTER),
            Arguments.of("LF", "alice\nadmin", Reason.INVALID_CHARACTER),
            Arguments.of("DEL", "alice\u007f", Reason.INVALID_CHARACTER),
            Arguments.of("C1 NEL", "alice\u0085", Reason.INVALID_CHARACTER),
            Arguments.of("C1 CSI", "\u009balice", Reason.INVALID_CHARACTER),
            Arguments.of("no-break space", "alice\u00a0", Reason.INVALID_CHARACTER),
            Arguments.of("zero-width space", "ad\u200bmin", Reason.INVALID_CHARACTER),
            Arguments.of("zero-width joiner", "ad\u200dmin", Reason.INVALID_CHARACTER),
            Arguments.of("BOM", "\ufeffadmin", Reason.INVALID_CHARACTER),
            Arguments.of("right-to-left override", "admin\u202e", Reason.INVALID_CHARACTER),
            Arguments.of("ideographic space", "ad\u3000min", Reason.INVALID_CHARACTER),
            Arguments.of("line separator", "ad\u2028min", Reason.INVALID_CHARACTER),
            Arguments.of("Hangul filler", "admin\u3164", Reason.INVALID_CHARACTER),
            Arguments.of("replacement character", "adm\ufffdn", Reason.INVALID_CHARACTER),
            Arguments.of("lone surrogate", "adm\ud800n", Reason.INVALID_CHARACTER),
            Arguments.of("leading space", " alice", Reason.INVALID_CHARACTER),
            Arguments.of("trailing space", "alice ", Reason.INVALID_CHARACTER),
            Arguments.of("inner space", "alice smith", Reason.INVALID_USERNAME),
            Arguments.of("Apache unexpanded", "%{REMOTE_USER}e", Reason.PLACEHOLDER),
            Arguments.of("Apache unexpanded inside", "x%{REMOTE_USER}", Reason.PLACEHOLDER),
            Arguments.of("Caddy placeholder", "{http.auth.user.id}", Reason.PLACEHOLDER),
            Arguments.of("nginx variable", "$remote_user", Reason.PLACEHOLDER),
            Arguments.of("shell variable", "${USER}", Reason.PLACEHOLDER),
            Arguments.of("Apache null", "(null)", Reason.PLACEHOLDER),
            Arguments.of("dash", "-", Reason.PLACEHOLDER),
            Arguments.of("null", "null", Reason.PLACEHOLDER),
            Arguments.of("undefined", "undefined", Reason.PLACEHOLDER),
            Arguments.of("Go nil", "<nil>", Reason.PLACEHOLDER),
            Arguments.of("comma-joined", "alice,admin", Reason.LIST_SYNTAX),
            Arguments.of("comma and space", "alice, admin", Reason.LIST_SYNTAX),
            Arguments.of("quoted", "\"alice\"", Reason.LIST_SYNTAX),
            Arguments.of("semicolon", "alice;admin", Reason.LIST_SYNTAX),
            Arguments.of("non-ASCII under the default pattern", "jos\u00e9", Reason.INVALID_USERNAME),
            Arguments.of("ISO-8859-1 decoded UTF-8", "jos\u00c3\u00a9", Reason.INVALID_USERNAME),
            Arguments.of("fullwidth letters", "\uff41dmin", Reason.INVALID_USERNAME),
            Arguments.of("slash", "alice/admin", Reason.INVALID_USERNAME),
            Arguments.of("backslash without stripDomain", "CORP\\alice", Reason.INVALID_USERNAME),
            Arguments.of("257 characters", "a".repeat(257), Reason.INVALID_USERNAME),
            Arguments.of("over the hard limit", "a".repeat(1025) /* over the 1024 limit */, Reason.VALUE_TOO_LONG));
    }

    @ParameterizedTest(name = "{0} is refused as {2}")
    @MethodSource("refusedValues")
    void refusesValuesOutsideTheGrammarWith400(String label, String value, Reason reason) {
        Decision decision = policy().decide(FakeRequest.fromProxy().header("Remote-User", value));

        Decision.Rejected rejected = assertInstanceOf(Decision.Rejected.class, decision, label);
        assertEquals(reason, rejected.reason(), label);
        assertEquals(400, rejected.status(), label);
    }

    @ParameterizedTest(name = "{0} is accepted as is")
    @CsvSource({"alice", "Alice", "a", "alice.smith", "alice_smith", "alice-smith", "alice+tag", "alice@example.com",
        "0123456789", "A.B_C-D+E@F"})
    void acceptsTheDefaultGrammarByteForByte(String value) {
        Decision decision = policy().decide(FakeRequest.fromProxy().header("Remote-User", value));

        assertEquals(value, ((Decision.Authenticated) decision).identity().name());
    }

    @Test
    void acceptsExactly256Characters() {
        String name = "a".repeat(256);

        Decision decision = policy().decide(FakeRequest.fromProxy().header("Remote-User", name));

        assertEquals(name, ((Decision.Authenticated) decision).identity().name());
    }

    @Test
    void customPatternMayAllowUnicodeLettersButNotInvisibleCharacters() {
        RemoteUserPolicy policy = policy("usernamePattern", "[\\p{L}\\p{N}._-]{1,64}");

        assertEquals("jos\u00e9", ((Decision.Authenticated) policy.decide(
                FakeRequest.fromProxy().header("Remote-User", "jos\u00e9"))).identity().name());
        assertEquals(Reason.INVALID_CHARACTER, ((Decision.Rejected) policy.decide(
                FakeRequest.fromProxy().header("Remote-User", "jos\u00e9\u200b"))).reason());
    }

    @Test
    void customPatternMustMatchInFullNotJustFind() {
        RemoteUserPolicy policy = policy("usernamePattern", "[a-z]+");

        assertEquals(Reason.INVALID_USERNAME, ((Decision.Rejected) policy.decide(
                FakeRequest.fromProxy().header("Remote-User", "alice1"))).reason());
    }

    @ParameterizedTest(name = "stripRealm={0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "EXAMPLE.COM            | alice@EXAMPLE.COM         | alice",
        "EXAMPLE.COM            | alice                     | alice",
        "EXAMPLE.COM,CORP.LOCAL | alice@CORP.LOCAL          | alice",
        "EXAMPLE.COM            | alice@example.com         | FOREIGN_REALM",
        "EXAMPLE.COM            | alice@EXAMPLE.COM.EVIL    | FOREIGN_REALM",
        "EXAMPLE.COM            | alice@EVIL.COM            | FOREIGN_REALM",
        "EXAMPLE.COM            | alice@evil@EXAMPLE.COM    | FOREIGN_REALM",
        "EXAMPLE.COM            | @EXAMPLE.COM              | INVALID_USERNAME",
        "EXAMPLE.COM            | alice@                    | FOREIGN_REALM",
    })
    void stripRealmRemovesOnlyListedRealmsExactly(String realms, String value, String expected) {
        Decision decision = policy("stripRealm", realms).decide(FakeRequest.fromProxy().header("Remote-User", value));

        assertEquals(expected, outcome(decision));
    }

    @ParameterizedTest(name = "stripDomain={0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "CORP       | CORP\\alice        | alice",
        "CORP       | alice              | alice",
        "CORP,LAB   | LAB\\alice         | alice",
        "CORP       | corp\\alice        | FOREIGN_DOMAIN",
        "CORP       | EVIL\\alice        | FOREIGN_DOMAIN",
        "CORP       | \\alice            | FOREIGN_DOMAIN",
        "CORP       | CORP\\EVIL\\alice  | INVALID_USERNAME",
    })
    void stripDomainRemovesOnlyListedDomainsExactly(String domains, String value, String expected) {
        Decision decision = policy("stripDomain", domains).decide(FakeRequest.fromProxy().header("Remote-User", value));

        assertEquals(expected, outcome(decision));
    }

    @Test
    void domainAndRealmAreBothStrippedBeforeLowerCasing() {
        RemoteUserPolicy policy = policy("stripDomain", "CORP", "stripRealm", "CORP.LOCAL",
                "lowercaseUsername", "true");

        Decision decision = policy.decide(FakeRequest.fromProxy().header("Remote-User", "CORP\\Alice@CORP.LOCAL"));

        assertEquals("alice", outcome(decision));
    }

    @ParameterizedTest(name = "lowercaseUsername: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "ALICE        | alice",
        "TITLE        | title",
        "IRMA         | irma",
        "Ivan.Ivanov  | ivan.ivanov",
        "\u212aelvin  | INVALID_USERNAME",
        "\u0130rma    | INVALID_USERNAME",
        "\u017fam     | \u017fam",
    })
    void lowercaseUsesRootLocaleAndRefusesUnicodeThatFoldsToAscii(String value, String expected) {
        RemoteUserPolicy policy = policy("lowercaseUsername", "true",
                "usernamePattern", "[\\p{L}\\p{M}\\p{N}._@+-]{1,256}");

        assertEquals(expected, outcome(policy.decide(FakeRequest.fromProxy().header("Remote-User", value))));
    }

    @Test
    void lowercaseIsTheSameInATurkishDefaultLocale() {
        Locale original = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            RemoteUserPolicy policy = policy("lowercaseUsername", "true");

            assertEquals("admin", outcome(policy.decide(FakeRequest.fromProxy().header("Remote-User", "ADMIN"))));
            assertEquals("irma", outcome(policy.decide(FakeRequest.fromProxy().header("Remote-User", "IRMA"))));
        } finally {
            Locale.setDefault(original);
        }
    }

    @Test
    void withoutLowercaseNamesDifferingInCaseAreDifferentUsers() {
        RemoteUserPolicy policy = policy();

        assertEquals("Admin", outcome(policy.decide(FakeRequest.fromProxy().header("Remote-User", "Admin"))));
        assertEquals("ADMIN", outcome(policy.decide(FakeRequest.fromProxy().header("Remote-User", "ADMIN"))));
    }

    /** The user name, or the refusal reason's name. */
    private static String outcome(Decision decision) {
        if (decision instanceof Decision.Authenticated a) {
            return a.identity().name();
        }
        return ((Decision.Rejected) decision).reason().name();
    }
}
