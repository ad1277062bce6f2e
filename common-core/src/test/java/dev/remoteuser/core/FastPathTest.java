package dev.remoteuser.core;

import dev.remoteuser.core.config.Option;
import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.internal.HeaderNames;
import dev.remoteuser.core.internal.SortedNames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The allocation-free shortcuts of the per-request path must decide exactly like the general code they
 * replace: the default user-name pattern without a regex, header-name matching without building strings, and the
 * sorted name sets behind {@link Identity}.
 */
class FastPathTest {

    @Test
    void headerNameMatchingAgreesWithTheCanonicalForm() {
        List<String> names = List.of("Remote-User", "remote_user", "REMOTE.USER", "RemoteUser", "Remote--User",
                "Remote-Users", "Remote-Use", "X-Remote-User", "-", "", "Rémote-User", "Remote\u212AUser");
        for (String identity : List.of("Remote-User", "X-Remote-User", "Remote-Groups")) {
            String canonical = HeaderNames.canonical(identity);
            for (String name : names) {
                assertEquals(HeaderNames.canonical(name).equals(canonical), HeaderNames.hasCanonical(name, canonical),
                        name + " vs " + identity);
            }
        }
    }

    /** HTTP's case-insensitive equality, ASCII letters only: no locale and no Unicode case rule can make a match. */
    @Test
    void headerNameSpellingIgnoresAsciiCaseOnly() {
        String[][] cases = {
            {"Remote-User", "Remote-User", "true"},
            {"remote-user", "Remote-User", "true"},
            {"REMOTE-USER", "Remote-User", "true"},
            {"rEmOtE-uSeR", "Remote-User", "true"},
            {"remote_user", "Remote-User", "false"},
            {"Remote-Users", "Remote-User", "false"},
            {"Remote-Use", "Remote-User", "false"},
            {"", "Remote-User", "false"},
            {"R\u00c9mote-User", "Remote-User", "false"},
            {"X-Auth-\u212Aey", "X-Auth-Key", "false"},
            {"X-\u0130d", "X-Id", "false"},
            {"X-\u0131d", "X-Id", "false"},
        };
        for (String[] c : cases) {
            String name = c[0];
            assertEquals(Boolean.parseBoolean(c[2]),
                    HeaderNames.sameNameAsLower(name, HeaderNames.asciiLowerCase(c[1])), name + " vs " + c[1]);
        }
    }

    @Test
    void identitySetsAreSortedWithoutRepeatsImmutableAndSerializable() throws Exception {
        assertEquals(List.of("a", "b"), List.copyOf(SortedNames.of(List.of("b", "a", "b"))), "mapped roles repeat");
        Identity identity = new Identity("alice", Set.of("b", "a"), Set.of("ops", "dev"),
                Map.of("email", "a@example.com"));
        assertEquals(List.of("a", "b"), List.copyOf(identity.roles()));
        assertEquals(List.of("dev", "ops"), List.copyOf(identity.groups()));
        assertTrue(identity.roles().contains("a"));
        assertFalse(identity.roles().contains("c"));
        assertThrows(UnsupportedOperationException.class, () -> identity.roles().add("admin"));
        assertThrows(UnsupportedOperationException.class, () -> identity.groups().remove("ops"));
        assertEquals(Set.of("a", "b"), identity.roles(), "equal to any set with the same names");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(identity);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(identity, in.readObject(), "a session that is persisted or replicated keeps the identity");
        }
    }

    @Test
    void aGivenArrayIsNeverSharedWithTheCaller() {
        java.util.List<String> roles = new java.util.ArrayList<>(List.of("b", "a"));
        Identity identity = new Identity("alice", new java.util.HashSet<>(roles), Set.of(), Map.of());
        Object[] array = identity.roles().toArray();
        array[0] = "admin";
        assertEquals(List.of("a", "b"), List.copyOf(identity.roles()));
    }
}
