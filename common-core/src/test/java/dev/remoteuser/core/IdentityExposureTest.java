package dev.remoteuser.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.remoteuser.core.decision.Identity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What both adapters put beside the principal: the webapp reads the groups and the header attributes by name. */
class IdentityExposureTest {

    @Test
    void theGroupsComeFirstThenEachAttributeUnderThePrefixInConfigurationOrder() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("email", "bob@example.com");
        attributes.put("display", "Bob");
        Identity identity = new Identity("bob", Set.of("staff"), Set.of("ops", "dev"), attributes);
        List<String> names = new ArrayList<>();
        Map<String, Object> set = new LinkedHashMap<>();
        IdentityExposure.requestAttributes(identity).setOn((name, value) -> {
            names.add(name);
            set.put(name, value);
        });
        assertEquals(List.of("dev.remoteuser.groups", "dev.remoteuser.attribute.email",
                "dev.remoteuser.attribute.display"), names);
        assertEquals(Set.of("dev", "ops"), set.get(IdentityExposure.GROUPS_ATTRIBUTE));
        assertEquals("bob@example.com", set.get("dev.remoteuser.attribute.email"));
        assertEquals("Bob", set.get("dev.remoteuser.attribute.display"));
    }

    @Test
    void withoutHeaderAttributesOnlyTheGroupsAreSet() {
        Identity identity = new Identity("alice", Set.of(), Set.of(), Map.of());
        Map<String, Object> set = new LinkedHashMap<>();
        IdentityExposure.requestAttributes(identity).setOn(set::put);
        assertEquals(Map.of(IdentityExposure.GROUPS_ATTRIBUTE, Set.of()), set);
    }
}
