package dev.remoteuser.core;

import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.internal.SortedNames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Identities and their name sets compare and hash as the collections contract says, whatever sets they were made
 * from and after a trip through serialization (how a session carries them): the adapters' memos and the sessions
 * rely on it to recognise a returning user and never to confuse two.
 */
class IdentityEqualityTest {

    static List<Set<String>> sameNamesInOtherSets() {
        return List.of(Set.of("staff", "admin", "ops"), new HashSet<>(List.of("ops", "staff", "admin")),
                new TreeSet<>(List.of("admin", "ops", "staff")), SortedNames.of(List.of("staff", "ops", "admin")));
    }

    @ParameterizedTest
    @MethodSource("sameNamesInOtherSets")
    void sortedNamesEqualAnySetOfTheSameNamesBothWaysWithTheSameHash(Set<String> other) {
        SortedNames names = SortedNames.of(List.of("ops", "admin", "staff", "admin"));

        assertEquals(other, names);
        assertEquals(names, other);
        assertEquals(other.hashCode(), names.hashCode());
        assertNotEquals(names, SortedNames.of(List.of("admin", "ops")));
        assertNotEquals(names, Set.of("admin", "ops", "staff", "root"));
        assertNotEquals(SortedNames.of(List.of("admin", "ops", "staffs")), names);
    }

    @Test
    void identitiesFromOtherSetsOfTheSameNamesAreEqualWithTheSameHash() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("email", "bob@example.com");
        Identity one = new Identity("bob", Set.of("staff", "admin"), Set.of("g2", "g1"), attributes);
        Identity two = new Identity("bob", new TreeSet<>(Set.of("admin", "staff")), new HashSet<>(List.of("g1", "g2")),
                Map.of("email", "bob@example.com"));

        assertEquals(one, two);
        assertEquals(one.hashCode(), two.hashCode());
    }

    @Test
    void aDeserializedIdentityIsEqualWithTheSameHash() throws Exception {
        Identity identity = new Identity("bob", Set.of("staff"), Set.of("g1", "g2"), Map.of("email", "b@example.com"));
        int hash = identity.hashCode();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(identity);
        }
        Object back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = in.readObject();
        }

        assertEquals(identity, back);
        assertEquals(hash, back.hashCode());
        assertEquals(identity.groups().hashCode(), ((Identity) back).groups().hashCode());
    }

    @Test
    void identitiesThatDifferInOneComponentAreNotEqual() {
        Identity bob = new Identity("bob", Set.of("staff"), Set.of("g1"), Map.of("email", "b@example.com"));

        assertNotEquals(bob, new Identity("Bob", Set.of("staff"), Set.of("g1"), Map.of("email", "b@example.com")));
        assertNotEquals(bob, new Identity("bob", Set.of("admin"), Set.of("g1"), Map.of("email", "b@example.com")));
        assertNotEquals(bob, new Identity("bob", Set.of("staff"), Set.of("g2"), Map.of("email", "b@example.com")));
        assertNotEquals(bob, new Identity("bob", Set.of("staff"), Set.of("g1"), Map.of("email", "e@example.com")));
        assertNotEquals(bob, new Identity("bob", Set.of("staff"), Set.of("g1"), Map.of()));
    }
}
