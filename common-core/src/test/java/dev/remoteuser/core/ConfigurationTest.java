package dev.remoteuser.core;

import dev.remoteuser.core.config.InvalidConfigurationException;
import dev.remoteuser.core.config.Option;
import dev.remoteuser.core.session.Mode;
import dev.remoteuser.core.store.UserStoreKind;
import dev.remoteuser.core.trust.UntrustedHeaders;

import static dev.remoteuser.core.Policies.config;
import static dev.remoteuser.core.Policies.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigurationTest {

    @Test
    void defaultsMatchTheDocumentedTable() {
        RemoteUserConfig config = RemoteUserConfig.builder().build();

        assertEquals("Remote-User", config.headers().userHeader());
        assertEquals("[127.0.0.0/8, ::1]", config.trust().proxies().toString());
        assertEquals(UntrustedHeaders.STRIP, config.trust().untrustedHeaders());
        assertEquals(Optional.empty(), config.headers().groupsHeader());
        assertEquals(",", config.headers().groupsSeparator());
        assertEquals(256, config.headers().maxGroups());
        assertEquals(Map.of(), config.headers().attributeHeaders());
        assertEquals("[A-Za-z0-9._@+-]{1,256}", config.usernames().pattern().pattern());
        assertTrue(config.usernames().stripRealm().isEmpty() && config.usernames().stripDomain().isEmpty());
        assertEquals(false, config.usernames().lowercase());
        assertTrue(config.roles().defaultRoles().isEmpty() && config.roles().roleMapping().isEmpty());
        assertTrue(config.roles().excludedGroups().isEmpty());
        assertEquals(Mode.PER_REQUEST, config.sessions().mode());
        assertEquals(List.of(), config.headers().headerPaths());
        assertEquals(false, config.headers().requireHeader());
        assertEquals(Optional.empty(), config.sessions().logoutPath());
        assertEquals(Optional.empty(), config.sessions().logoutRedirect());
        assertEquals(true, config.store().createUnknownUsers());
        assertEquals(UserStoreKind.NONE, config.store().kind());
        assertEquals(Duration.ofSeconds(60), config.store().cacheTtl());
        assertEquals(10_000, config.store().cacheSize());
    }

    @Test
    void everyOptionIsReadFromItsStringForm() {
        RemoteUserConfig config = config(
                "userHeader", "X-Auth-User",
                "trustedProxies", "10.0.0.5, 2001:db8::/32",
                "untrustedHeaders", "reject",
                "groupsHeader", "X-Auth-Groups",
                "groupsSeparator", "|",
                "maxGroups", "10",
                "attributeHeaders", "email=X-Auth-Email,name=X-Auth-Name",
                "usernamePattern", "[a-z]{1,32}",
                "stripRealm", "EXAMPLE.COM,CORP.LOCAL",
                "stripDomain", "CORP",
                "lowercaseUsername", "true",
                "defaultRoles", "user,reader",
                "roleMapping", "ops=admin operator;dev=developer",
                "excludedGroups", "Domain Users",
                "mode", "persistent",
                "headerPaths", "/login,/sso/",
                "requireHeader", "true",
                "logoutPath", "/logout",
                "logoutRedirect", "https://sso.example.com/logout",
                "createUnknownUsers", "false",
                "userStore", "login-service",
                "userCacheTtl", "0",
                "userCacheSize", "5");

        assertEquals("X-Auth-User", config.headers().userHeader());
        assertEquals("[10.0.0.5, 2001:db8::/32]", config.trust().proxies().toString());
        assertEquals(UntrustedHeaders.REJECT, config.trust().untrustedHeaders());
        assertEquals(Optional.of("X-Auth-Groups"), config.headers().groupsHeader());
        assertEquals("|", config.headers().groupsSeparator());
        assertEquals(10, config.headers().maxGroups());
        assertEquals(List.of("email", "name"), List.copyOf(config.headers().attributeHeaders().keySet()));
        assertEquals("X-Auth-Name", config.headers().attributeHeaders().get("name"));
        assertEquals("[a-z]{1,32}", config.usernames().pattern().pattern());
        assertEquals(List.of("EXAMPLE.COM", "CORP.LOCAL"), List.copyOf(config.usernames().stripRealm()));
        assertEquals(List.of("CORP"), List.copyOf(config.usernames().stripDomain()));
        assertEquals(true, config.usernames().lowercase());
        assertEquals(List.of("user", "reader"), List.copyOf(config.roles().defaultRoles()));
        assertEquals(List.of("admin", "operator"), List.copyOf(config.roles().roleMapping().get("ops")));
        assertEquals(List.of("developer"), List.copyOf(config.roles().roleMapping().get("dev")));
        assertEquals(List.of("Domain Users"), List.copyOf(config.roles().excludedGroups()));
        assertEquals(Mode.PERSISTENT, config.sessions().mode());
        assertEquals(List.of("/login", "/sso/"), config.headers().headerPaths());
        assertEquals(true, config.headers().requireHeader());
        assertEquals(Optional.of("/logout"), config.sessions().logoutPath());
        assertEquals(Optional.of("https://sso.example.com/logout"), config.sessions().logoutRedirect());
        assertEquals(false, config.store().createUnknownUsers());
        assertEquals(UserStoreKind.LOGIN_SERVICE, config.store().kind());
        assertEquals(Duration.ZERO, config.store().cacheTtl());
        assertEquals(5, config.store().cacheSize());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> config(
                "trustedProxies", "*",
                "mode", "Persistent",
                "maxGroups", "many",
                "trustedProxy", "10.0.0.5"));

        assertEquals(List.of(
                "trustedProxy: unknown option (did you mean 'trustedProxies'?)",
                "trustedProxies: '*' would trust every address; list the proxy's own addresses",
                "maxGroups: 'many' must be a whole number from 0 to 65536",
                "mode: 'Persistent' is not one of per-request, persistent"), e.problems());
        assertTrue(e.getMessage().startsWith("remote-user-auth: invalid configuration (4 problems)"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}={1} fails: {2}")
    @CsvSource(delimiter = '#', value = {
        "userHeader         # 'Remote User'           # not a valid HTTP header name",
        "userHeader         # Remote:User             # not a valid HTTP header name",
        "groupsHeader       # X-Gr\u00fcppe           # not a valid HTTP header name",
        "untrustedHeaders   # drop                    # is not one of strip, reject",
        "groupsSeparator    # a                       # printable ASCII punctuation",
        "groupsSeparator    # \u00a7                  # printable ASCII punctuation",
        "maxGroups          # -1                      # whole number from 0 to 65536",
        "maxGroups          # 65537                   # whole number from 0 to 65536",
        "attributeHeaders   # email                   # must be name=Header-Name",
        "attributeHeaders   # email=Remote Email      # must be name=Header-Name",
        "attributeHeaders   # 1email=X-Email          # must be name=Header-Name",
        "attributeHeaders   # email=X-A,email=X-B     # attribute 'email' is listed twice",
        "usernamePattern    # [a-z                    # not a valid Java regular expression",
        "usernamePattern    # .*                      # must not match the empty name",
        "stripRealm         # EXAMPLE.COM@X           # is not a valid name",
        "stripDomain        # CORP\\X                 # is not a valid name",
        "lowercaseUsername  # yes                     # must be true or false",
        "lowercaseUsername  # TRUE                    # must be true or false",
        "defaultRoles       # *                       # reserved role name",
        "defaultRoles       # **                      # reserved role name",
        "defaultRoles       # a=b                     # not a valid role name",
        "roleMapping        # ops                     # must be group=role1 role2",
        "roleMapping        # ops=                    # must be group=role1 role2",
        "roleMapping        # =admin                  # must be group=role1 role2",
        "roleMapping        # ops=*                   # reserved role name",
        "roleMapping        # ops=a;ops=b             # mapped twice",
        "excludedGroups     # 'a\u200bb'              # is not a valid name",
        "mode               # session                 # is not one of per-request, persistent",
        "headerPaths        # login                   # normalised absolute path",
        "headerPaths        # /a/../admin             # normalised absolute path",
        "headerPaths        # /a//b                   # normalised absolute path",
        "headerPaths        # /a?b                    # normalised absolute path",
        "logoutPath         # /a,/b                   # one path only",
        "requireHeader      # 1                       # must be true or false",
        "createUnknownUsers # no                      # must be true or false",
        "userStore          # ldap                    # is not one of none, realm, login-service, jaas",
        "userCacheTtl       # 1m                      # whole number from 0 to 86400",
        "userCacheSize      # 2000000                 # whole number from 0 to 1000000",
    })
    void invalidValuesFailWithAMessageNamingTheOption(String option, String value, String message) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> config("userStore", option.equals("userStore") ? value : "realm", option, value));

        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith(option + ": "), e.getMessage());
        assertTrue(e.problems().get(0).contains(message), e.getMessage());
    }

    @ParameterizedTest(name = "logoutRedirect={0} fails")
    @CsvSource({"javascript:alert(1)", "//evil.example.com/", "ftp://example.com/", "relative/path",
        "'https://a.example.com/\r\nSet-Cookie: x=y'", "https:///nohost"})
    void logoutRedirectMustBeAnHttpUrlOrALocalPath(String value) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> config("logoutPath", "/logout", "logoutRedirect", value));

        assertTrue(e.problems().get(0).startsWith("logoutRedirect: "), e.getMessage());
        assertTrue(!e.getMessage().contains("\r") && !e.getMessage().contains("\n  Set-Cookie"), e.getMessage());
    }

    @Test
    void crossOptionMistakesAreCaught() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> config(
                "logoutRedirect", "/bye",
                "createUnknownUsers", "false",
                "groupsHeader", "Remote_User"));

        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("logoutRedirect: needs logoutPath"), e.getMessage());
        assertTrue(e.problems().get(1).startsWith("createUnknownUsers: 'false' needs a userStore"), e.getMessage());
        assertTrue(e.problems().get(2).contains("'Remote-User' and 'Remote_User' are the same header or lookalikes"),
                e.getMessage());
    }

    @Test
    void emptyValuesMeanTheDefault() {
        RemoteUserConfig config = RemoteUserConfig.fromOptions(options("mode", "", "groupsHeader", ""));

        assertEquals(Mode.PER_REQUEST, config.sessions().mode());
        assertEquals(Optional.empty(), config.headers().groupsHeader());
    }

    @Test
    void surroundingWhitespaceInValuesIsIgnored() {
        RemoteUserConfig config = config("mode", " persistent ", "maxGroups", " 5 ", "userHeader", " X-User ");

        assertEquals(Mode.PERSISTENT, config.sessions().mode());
        assertEquals(5, config.headers().maxGroups());
        assertEquals("X-User", config.headers().userHeader());
    }

    @Test
    void valuesInMessagesAreEscaped() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> config("mode", "per\u001b[31mrequest"));

        assertEquals("mode: 'per\\x1B[31mrequest' is not one of per-request, persistent", e.problems().get(0));
    }

    @Test
    void optionNamesAreExactAndEveryOptionIsKnownByItsKey() {
        for (Option option : Option.values()) {
            assertEquals(Optional.of(option), Option.byKey(option.key()));
        }
        assertEquals(Optional.empty(), Option.byKey("USERHEADER"));
        assertEquals(List.of("userheader: unknown option (did you mean 'userHeader'?)"),
                assertThrows(InvalidConfigurationException.class, () -> config("userheader", "X")).problems());
    }

    /**
     * The startup line (and JMX's configuration attribute) shows every option's effective value, with and without
     * signed assertions, and never the shared secret or a secret file's contents.
     */
    @Test
    void theDescriptionShowsEveryOptionAndNeverASecret(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path secretFile = dir.resolve("secret");
        java.nio.file.Files.writeString(secretFile, "file-secret-0123456789\n");
        java.nio.file.Path keys = dir.resolve("keys.json");
        java.nio.file.Files.writeString(keys, "{\"keys\":[]}");
        List<RemoteUserConfig> configs = List.of(
                RemoteUserConfig.builder().build(),
                config("proxySecretHeader", "X-Secret", "proxySecret", "inline-secret-0123456789",
                        "roleMapping", "ops=admin", "defaultRoles", "user", "usernamePattern", "[a-z]{1,8}"),
                config("proxySecretHeader", "X-Secret", "proxySecretFile", secretFile.toString(),
                        "assertionHeader", "X-Token", "jwksFile", keys.toString(), "issuer", "https://idp",
                        "audience", "app"));
        for (RemoteUserConfig config : configs) {
            String line = config.toString();
            for (Option option : Option.values()) {
                assertTrue(line.contains(option.key() + "="), option.key() + " missing from: " + line);
            }
            assertTrue(!line.contains("inline-secret") && !line.contains("file-secret"), line);
        }
        assertTrue(configs.get(1).toString().contains("roleMapping={ops=[admin]}"), configs.get(1).toString());
        assertTrue(configs.get(1).toString().contains("usernamePattern=[a-z]{1,8}"), configs.get(1).toString());
        assertTrue(configs.get(2).toString().contains("proxySecretFile=" + secretFile), configs.get(2).toString());
    }
}
