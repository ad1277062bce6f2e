package dev.remoteuser.jaas;

import dev.remoteuser.core.FakeRequest;
import dev.remoteuser.core.RemoteUserConfig;
import dev.remoteuser.core.RemoteUserPolicy;
import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.request.RequestView;

import static dev.remoteuser.jaas.JaasConfigurations.OPTIONAL;
import static dev.remoteuser.jaas.JaasConfigurations.REQUIRED;
import static dev.remoteuser.jaas.JaasConfigurations.REQUISITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.security.auth.login.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code userStore="jaas"} through the core: stacking, disabled and unknown users, failures. */
class JaasUserStoreTest {

    @TempDir
    Path dir;
    private Path rolesFile;
    private Configuration previous;

    @BeforeEach
    void rolesFile() throws IOException {
        rolesFile = dir.resolve("roles.properties");
        Files.writeString(rolesFile, "alice=auditor,manager\ncarol=!disabled\n");
    }

    @AfterEach
    void restore() {
        Configuration.setConfiguration(previous);
    }

    /** A trusted request for this user with groups. */
    private static RequestView request(String user, String groups) {
        return FakeRequest.fromProxy().header("Remote-User", user).header("Remote-Groups", groups);
    }

    private RemoteUserPolicy policy(String... extra) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("userStore", "jaas", "jaasAppName", "app",
                "groupsHeader", "Remote-Groups", "userCacheTtl", "0"));
        for (int i = 0; i < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        RemoteUserConfig config = RemoteUserConfig.fromOptions(options);
        return new RemoteUserPolicy(config, new JaasUserStore(config.store()));
    }

    private void stack(Object... modules) {
        previous = new JaasConfigurations().entry("app", modules).install();
    }

    @Test
    void stackedModulesAddRolesForTheUser() {
        stack(RemoteUserLoginModule.class, REQUIRED, Map.of(),
                PropertiesRolesLoginModule.class, OPTIONAL, Map.of("file", rolesFile.toString()));

        Decision decision = policy().decide(request("alice", "staff"));

        assertEquals(Set.of("staff", "auditor", "manager"),
                assertInstanceOf(Decision.Authenticated.class, decision).identity().roles());
    }

    @Test
    void usersTheStackDoesNotKnowAreRefusedWhenTheStoreMustKnowThem() {
        stack(RemoteUserLoginModule.class, REQUIRED, Map.of(),
                PropertiesRolesLoginModule.class, REQUISITE, Map.of("file", rolesFile.toString(), "requireUser", "true"));

        Decision unknown = policy("createUnknownUsers", "false").decide(request("mallory", "staff"));
        Decision accepted = policy().decide(request("mallory", "staff"));

        assertEquals(Reason.UNKNOWN_USER, ((Decision.Rejected) unknown).reason());
        assertEquals(Set.of("staff"), ((Decision.Authenticated) accepted).identity().roles());
    }

    @Test
    void aLockedAccountIsRefusedWith403() {
        // REQUIRED: JAAS ignores the failure of an OPTIONAL module; users missing from the file are still ignored
        stack(RemoteUserLoginModule.class, REQUIRED, Map.of(),
                PropertiesRolesLoginModule.class, REQUIRED, Map.of("file", rolesFile.toString()));

        Decision decision = policy().decide(request("carol", "staff"));

        assertEquals(Reason.ACCOUNT_DISABLED, ((Decision.Rejected) decision).reason());
        assertEquals(403, ((Decision.Rejected) decision).status());
    }

    @Test
    void expiredAccountsAndCredentialsAreRefusedWith403() {
        stack(RemoteUserLoginModule.class, REQUIRED, Map.of(),
                ScriptedLoginModule.class, REQUIRED, Map.of("expired", "dave", "password", "erin"));

        assertEquals(Reason.ACCOUNT_DISABLED, ((Decision.Rejected) policy().decide(request("dave", "x"))).reason());
        assertEquals(Reason.ACCOUNT_DISABLED, ((Decision.Rejected) policy().decide(request("erin", "x"))).reason());
        assertInstanceOf(Decision.Authenticated.class, policy().decide(request("frank", "x")));
    }

    @Test
    void answersAreCachedLikeTheOtherStores() {
        stack(RemoteUserLoginModule.class, REQUIRED, Map.of(), ScriptedLoginModule.class, REQUIRED, Map.of());
        RemoteUserPolicy cached = policy("userCacheTtl", "60");
        int before = ScriptedLoginModule.LOGINS.get();

        cached.decide(request("alice", "staff"));
        cached.decide(request("alice", "staff"));
        cached.decide(request("bob", "staff"));

        assertEquals(2, ScriptedLoginModule.LOGINS.get() - before, "alice once, then from the cache; bob once");
    }

    @Test
    void aModuleThatThrowsFailsClosedWith503() {
        stack(RemoteUserLoginModule.class, REQUIRED, Map.of(),
                ScriptedLoginModule.class, REQUIRED, Map.of("broken", "true"));

        Decision decision = policy().decide(request("alice", "staff"));

        assertEquals(Reason.STORE_UNAVAILABLE, ((Decision.Rejected) decision).reason());
    }

    @Test
    void aMissingEntryOrUnreadableRolesFileFailsClosed() {
        stack(RemoteUserLoginModule.class, REQUIRED, Map.of(),
                PropertiesRolesLoginModule.class, REQUIRED, Map.of("file", dir.resolve("missing").toString()));

        assertEquals(Reason.STORE_UNAVAILABLE,
                ((Decision.Rejected) policy().decide(request("alice", "staff"))).reason());
        assertEquals(Reason.STORE_UNAVAILABLE, ((Decision.Rejected) policy("jaasAppName", "nope")
                .decide(request("alice", "staff"))).reason());
    }

    @Test
    void jaasUserClassesDecideWhoCountsAsKnown() {
        stack(PropertiesRolesLoginModule.class, OPTIONAL, Map.of("file", rolesFile.toString()),
                RemoteUserLoginModule.class, OPTIONAL, Map.of());

        Decision withOurs = policy("createUnknownUsers", "false",
                "jaasUserClasses", UserPrincipal.class.getName()).decide(request("bob", "staff"));
        Decision withForeign = policy("createUnknownUsers", "false",
                "jaasUserClasses", "com.example.LdapUserPrincipal").decide(request("bob", "staff"));

        assertInstanceOf(Decision.Authenticated.class, withOurs);
        assertEquals(Reason.UNKNOWN_USER, ((Decision.Rejected) withForeign).reason());
    }

    @Test
    void jaasRoleClassesPickTheRolePrincipals() {
        stack(RemoteUserLoginModule.class, REQUIRED, Map.of(),
                PropertiesRolesLoginModule.class, OPTIONAL, Map.of("file", rolesFile.toString()));

        Decision decision = policy("jaasRoleClasses", UserPrincipal.class.getName()).decide(request("alice", "staff"));

        assertEquals(Set.of("staff", "alice"), ((Decision.Authenticated) decision).identity().roles());
    }

    @Test
    void jaasNeedsAnAppNameAndValidClassNames() {
        assertThrows(IllegalArgumentException.class, () -> RemoteUserConfig.fromOptions(Map.of("userStore", "jaas")));
        assertThrows(IllegalArgumentException.class, () -> RemoteUserConfig.fromOptions(Map.of("userStore", "jaas",
                "jaasAppName", "x", "jaasRoleClasses", "not a class")));
        assertThrows(IllegalArgumentException.class,
                () -> RemoteUserConfig.fromOptions(Map.of("jaasAppName", "x")));
    }
}
