package dev.remoteuser.core;

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

        assertEquals("Remote-User", config.userHeader());
        assertEquals("[127.0.0.0/8, ::1]", config.trustedProxies().toString());
        assertEquals(UntrustedHeaders.STRIP, config.untrustedHeaders());
        assertEquals(Optional.empty(), config.groupsHeader());
        assertEquals(",", config.groupsSeparator());
        assertEquals(256, config.maxGroups());
        assertEquals(Map.of(), config.attributeHeaders());
        assertEquals("[A-Za-z0-9._@+-]{1,256}", config.usernamePattern().pattern());
        assertTrue(config.stripRealm().isEmpty() && config.stripDomain().isEmpty());
        assertEquals(false, config.lowercaseUsername());
        assertTrue(config.defaultRoles().isEmpty() && config.roleMapping().isEmpty());
        assertTrue(config.excludedGroups().isEmpty());
        assertEquals(Mode.PER_REQUEST, config.mode());
        assertEquals(List.of(), config.headerPaths());
        assertEquals(false, config.requireHeader());
        assertEquals(Optional.empty(), config.logoutPath());
        assertEquals(Optional.empty(), config.logoutRedirect());
        assertEquals(true, config.createUnknownUsers());
        assertEquals(UserStoreKind.NONE, config.userStore());
        assertEquals(Duration.ofSeconds(60), config.userCacheTtl());
        assertEquals(10_000, config.userCacheSize());
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

        assertEquals("X-Auth-User", config.userHeader());
        assertEquals("[10.0.0.5, 2001:db8::/32]", config.trustedProxies().toString());
        assertEquals(UntrustedHeaders.REJECT, config.untrustedHeaders());
        assertEquals(Optional.of("X-Auth-Groups"), config.groupsHeader());
        assertEquals("|", config.groupsSeparator());
        assertEquals(10, config.maxGroups());
        assertEquals(List.of("email", "name"), List.copyOf(config.attributeHeaders().keySet()));
        assertEquals("X-Auth-Name", config.attributeHeaders().get("name"));
        assertEquals("[a-z]{1,32}", config.usernamePattern().pattern());
        assertEquals(List.of("EXAMPLE.COM", "CORP.LOCAL"), List.copyOf(config.stripRealm()));
        assertEquals(List.of("CORP"), List.copyOf(config.stripDomain()));
        assertEquals(true, config.lowercaseUsername());
        assertEquals(List.of("user", "reader"), List.copyOf(config.defaultRoles()));
        assertEquals(List.of("admin", "operator"), List.copyOf(config.roleMapping().get("ops")));
        assertEquals(List.of("developer"), List.copyOf(config.roleMapping().get("dev")));
        assertEquals(List.of("Domain Users"), List.copyOf(config.excludedGroups()));
        assertEquals(Mode.PERSISTENT, config.mode());
        assertEquals(List.of("/login", "/sso/"), config.headerPaths());
        assertEquals(true, config.requireHeader());
        assertEquals(Optional.of("/logout"), config.logoutPath());
        assertEquals(Optional.of("https://sso.example.com/logout"), config.logoutRedirect());
        assertEquals(false, config.createUnknownUsers());
        assertEquals(UserStoreKind.LOGIN_SERVICE, config.userStore());
        assertEquals(Duration.ZERO, config.userCacheTtl());
        assertEquals(5, config.userCacheSize());
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

        assertEquals(Mode.PER_REQUEST, config.mode());
        assertEquals(Optional.empty(), config.groupsHeader());
    }

    @Test
    void surroundingWhitespaceInValuesIsIgnored() {
        RemoteUserConfig config = config("mode", " persistent ", "maxGroups", " 5 ", "userHeader", " X-User ");

        assertEquals(Mode.PERSISTENT, config.mode());
        assertEquals(5, config.maxGroups());
        assertEquals("X-User", config.userHeader());
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
}
