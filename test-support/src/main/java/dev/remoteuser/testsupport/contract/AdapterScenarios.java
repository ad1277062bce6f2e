package dev.remoteuser.testsupport.contract;

import dev.remoteuser.testsupport.client.BackToBack;
import dev.remoteuser.testsupport.client.HttpProbe;
import dev.remoteuser.testsupport.client.Reply;
import dev.remoteuser.testsupport.fixture.TestPki;
import dev.remoteuser.testsupport.fixture.TestTokens;
import dev.remoteuser.testsupport.webapp.ReportServlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scenario table both adapters must pass, against an embedded container: trust, header visibility, roles and
 * constraints, refusals, sessions in both modes, proxy certificates and the shared secret. Each adapter's test class
 * extends it and says how to start its container with the test webapp ({@code /app/public/*}, {@code /app/secure/*}
 * for staff, {@code /app/admin/*} for admin, no login-config) and the plugin configured by option pairs.
 */
public abstract class AdapterScenarios {

    private static final String SECRET = "s3cret-0123456789abcdef";

    /** A running container with the plugin. */
    public interface Running extends AutoCloseable {
        /** A GET over plain HTTP from loopback (alternating header names and values; repeat a name to duplicate). */
        Reply get(String pathAndQuery, String... headers) throws Exception;

        /** A client of the HTTPS connector (present when started with a PKI) presenting this key pair or none. */
        HttpProbe https(String keyPair) throws Exception;

        /** The plain HTTP port on 127.0.0.1. */
        int port();

        /** How many sessions the webapp's session manager has created since it started. */
        long sessionsCreated();
    }

    /**
     * Starts the container with the plugin configured by these option pairs; with a PKI, also an HTTPS connector
     * that requires client certificates trusted by its server truststore.
     */
    protected abstract Running start(TestPki pki, String... options) throws Exception;

    /**
     * Starts the container with the plugin configured by these option pairs and the webapp given a {@code
     * <login-config>} with this method (BASIC or FORM), installed the way an operator installs it beside one.
     */
    protected abstract Running startWithLogin(String loginMethod, String... options) throws Exception;

    protected Running server;

    private void start(String... options) throws Exception {
        server = start(null, options);
    }

    private void startTls(TestPki pki, String... options) throws Exception {
        server = start(pki, options);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void trustedProxyHeaderLogsTheUserInWithRolesAttributesAndAuthType() throws Exception {
        start("trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups",
                "attributeHeaders", "email=Remote-Email", "roleMapping", "ops=staff manager", "defaultRoles", "user");

        Reply reply = server.get("/app/public/x", "Remote-User", "bob", "Remote-Groups", "ops,unmapped",
                "Remote-Email", "bob@example.com");

        assertEquals(200, reply.status());
        assertEquals("bob", reply.principal());
        assertEquals("bob", reply.get("remoteUser"));
        assertEquals("REMOTE_USER", reply.get("authType"));
        assertTrue(reply.inRole("staff") && reply.inRole("manager") && reply.inRole("user"));
        assertFalse(reply.inRole("admin"));
        assertEquals("bob@example.com", reply.get("principalAttribute.email"));
        assertEquals("bob@example.com", reply.get("requestAttribute.email"));
        assertEquals("[ops, unmapped]", reply.get("groups"));
    }

    @Test
    void rolesDriveWebXmlSecurityConstraints() throws Exception {
        start("trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups");

        assertEquals(200, server.get("/app/secure/x", "Remote-User", "bob", "Remote-Groups", "staff").status());
        assertEquals(403, server.get("/app/secure/x", "Remote-User", "bob", "Remote-Groups", "other").status());
        assertEquals(403, server.get("/app/secure/x").status(), "no identity, no login-config: forbidden");
        assertEquals(403, server.get("/app/admin/x", "Remote-User", "bob", "Remote-Groups", "staff").status());
        assertEquals(200, server.get("/app/admin/x", "Remote-User", "bob", "Remote-Groups", "admin").status());
    }

    /**
     * The container's principal is remembered per identity (a returning user costs no new objects), so identities
     * that differ in anything must never share one: the same user with other groups has other roles and attributes
     * at once, and users taken in turn each get their own, request after request.
     */
    @Test
    void rememberedPrincipalsNeverMixUsersGroupsOrAttributes() throws Exception {
        start("trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups", "attributeHeaders",
                "email=Remote-Email");
        String[][] identities = {
            {"bob", "staff", "bob@example.com"}, {"bob", "admin", "bob@example.com"}, {"alice", "staff", "a@x.org"},
            {"bob", "staff", "other@example.com"}, {"Bob", "staff", "bob@example.com"}};
        for (int round = 0; round < 3; round++) {
            for (String[] identity : identities) {
                Reply reply = server.get("/app/public/x", "Remote-User", identity[0], "Remote-Groups", identity[1],
                        "Remote-Email", identity[2]);
                String what = String.join("/", identity) + " in round " + round;
                assertEquals(identity[0], reply.principal(), what);
                assertEquals(identity[1].equals("staff"), reply.inRole("staff"), what);
                assertEquals(identity[1].equals("admin"), reply.inRole("admin"), what);
                assertEquals(identity[2], reply.get("principalAttribute.email"), what);
                assertEquals(identity[2], reply.get("requestAttribute.email"), what);
                assertEquals("[" + identity[1] + "]", reply.get("groups"), what);
            }
        }
    }

    /**
     * Header values reach the identity exactly as the container decodes them for the webapp, bytes beyond ASCII
     * included (the adapters read the connector's bytes directly where they can): the attribute equals what {@code
     * getHeader} answers.
     */
    @Test
    void aValueBeyondAsciiReachesTheIdentityAsTheWebappSeesIt() throws Exception {
        start("trustedProxies", "127.0.0.1", "attributeHeaders", "email=Remote-Email");

        Reply reply = dev.remoteuser.testsupport.client.RawHttp.exchange("127.0.0.1", server.port(),
                dev.remoteuser.testsupport.client.RawHttp.bytes("GET /app/public/x HTTP/1.1\r\nHost: localhost\r\n"
                        + "Remote-User: bob\r\nRemote-Email: zo\u00eb@exampl\u00e9.org\r\nConnection: close\r\n\r\n"),
                10_000).get(0);

        assertEquals("bob", reply.principal());
        assertEquals(reply.get("header.Remote-Email"), reply.get("requestAttribute.email") + "/1");
        assertEquals(reply.get("header.Remote-Email"), reply.get("principalAttribute.email") + "/1");
        assertTrue(reply.get("requestAttribute.email").startsWith("zo"), reply.get("requestAttribute.email"));
    }

    @Test
    void wildcardGroupsGrantNothing() throws Exception {
        start("trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups");

        assertEquals(403, server.get("/app/secure/x", "Remote-User", "bob", "Remote-Groups", "*,**").status());
    }

    @Test
    void untrustedPeerHeadersAndLookalikesAreInvisibleToTheWebapp() throws Exception {
        start("trustedProxies", "10.0.0.5", "groupsHeader", "Remote-Groups",
                "attributeHeaders", "email=Remote-Email");

        Reply reply = server.get("/app/public/x", "remote-user", "admin", "Remote_User", "admin",
                "Remote.User", "admin", "Remote-Groups", "admin", "Remote-Email", "admin@example.com");

        assertEquals(200, reply.status());
        assertEquals("none", reply.principal());
        for (String header : ReportServlet.HEADERS) {
            assertEquals("null/0", reply.get("header." + header), header);
        }
        assertFalse(reply.get("headerNames").toLowerCase(java.util.Locale.ROOT).contains("remote"),
                reply.get("headerNames"));
    }

    /**
     * In strip mode a forgery succeeds as an anonymous request, so the counters are its only trace besides the log:
     * the plugin's JMX bean counts it per identity header, and counts nothing as refused.
     */
    @Test
    void strippedForgeriesAreCountedPerHeaderOnJmx() throws Exception {
        start("trustedProxies", "10.0.0.5", "groupsHeader", "Remote-Groups");

        server.get("/app/public/x", "Remote-User", "admin", "Remote-Groups", "admins");
        server.get("/app/public/x", "Remote_User", "admin");
        server.get("/app/public/x");

        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = mbeans.queryNames(new ObjectName("dev.remoteuser:type=RemoteUserAuth,*"), null);
        assertEquals(1, names.size(), names.toString());
        ObjectName name = names.iterator().next();
        assertEquals(3L, mbeans.getAttribute(name, "notAttempted"));
        assertEquals(1L, mbeans.getAttribute(name, "strippedUntrusted"));
        assertEquals(1L, mbeans.getAttribute(name, "strippedUntrusted.Remote-User"));
        assertEquals(1L, mbeans.getAttribute(name, "strippedUntrusted.Remote-Groups"));
        assertEquals(1L, mbeans.getAttribute(name, "strippedLookalike"));
        assertEquals(1L, mbeans.getAttribute(name, "strippedLookalike.Remote-User"));
        assertEquals(0L, mbeans.getAttribute(name, "rejected"));
        server.close();
        server = null;
        assertEquals(Set.of(), mbeans.queryNames(new ObjectName("dev.remoteuser:type=RemoteUserAuth,*"), null),
                "the bean goes when the webapp stops");
    }

    @Test
    void untrustedPeerIsRefusedWithoutASessionInRejectMode() throws Exception {
        start("trustedProxies", "10.0.0.5", "untrustedHeaders", "reject");

        Reply reply = server.get("/app/public/x?session=create", "Remote-User", "admin");

        assertEquals(403, reply.status());
        assertEquals(Optional.empty(), reply.setCookie());
    }

    @Test
    void trustedLookalikeIsStrippedAndTheRealHeaderStaysVisible() throws Exception {
        start("trustedProxies", "127.0.0.1");

        Reply reply = server.get("/app/public/x", "Remote-User", "bob", "Remote_User", "bob");

        assertEquals("bob", reply.principal());
        assertEquals("bob/1", reply.get("header.Remote-User"));
        assertEquals("null/0", reply.get("header.Remote_User"));
    }

    @Test
    void disagreeingLookalikeAndDuplicatesAre400WithoutSession() throws Exception {
        start("trustedProxies", "127.0.0.1");

        Reply lookalike = server.get("/app/public/x?session=create", "Remote-User", "bob", "Remote_User", "admin");
        Reply duplicate = server.get("/app/public/x?session=create", "Remote-User", "bob", "remote-user", "admin");
        Reply placeholder = server.get("/app/public/x?session=create", "Remote-User", "$remote_user");
        Reply constrained = server.get("/app/secure/x?session=create", "Remote-User", "bob", "Remote_User", "admin");
        Reply apacheUnset = server.get("/app/public/x?session=create", "Remote-User", "%{REMOTE_USER}e");

        for (Reply reply : new Reply[] {lookalike, duplicate, placeholder, constrained, apacheUnset}) {
            assertEquals(400, reply.status());
            assertEquals(Optional.empty(), reply.setCookie());
            assertEquals("no-store", reply.header("Cache-Control").orElse(""));
        }
        assertTrue(duplicate.body().contains("DUPLICATE_HEADER"));
    }

    @Test
    void requireHeaderAnswers401WithAChallenge() throws Exception {
        start("trustedProxies", "127.0.0.1", "requireHeader", "true");

        Reply reply = server.get("/app/public/x");

        assertEquals(401, reply.status());
        assertEquals("RemoteUser", reply.header("WWW-Authenticate").orElse(""));
    }

    @Test
    void headerPathsLimitWhereTheHeaderCounts() throws Exception {
        start("trustedProxies", "127.0.0.1", "headerPaths", "/app/login");

        assertEquals("bob", server.get("/app/login/x", "Remote-User", "bob").principal());
        Reply elsewhere = server.get("/app/public/x", "Remote-User", "bob");
        assertEquals("none", elsewhere.principal());
        assertEquals("null/0", elsewhere.get("header.Remote-User"));
    }

    @Test
    void perRequestLogsOutWhenTheHeaderDisappearsEvenWhereTheContainerCachedThePrincipal() throws Exception {
        // /secure/* has a constraint and no login-config (Tomcat's NonLoginAuthenticator caches the principal there)
        start("trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups");
        Reply login = server.get("/app/secure/x?session=create", "Remote-User", "bob", "Remote-Groups", "staff");
        assertEquals("bob", login.principal());

        Reply withoutHeader = server.get("/app/secure/x", "Cookie", login.cookie());
        Reply publicPage = server.get("/app/public/x", "Cookie", login.cookie());

        assertEquals(403, withoutHeader.status());
        assertEquals("none", publicPage.principal());
        assertEquals("none", publicPage.session(), "the session of the logged-out user is gone");
    }

    @Test
    void perRequestKeepsTheSessionWhileTheHeaderNamesTheSameUser() throws Exception {
        start("trustedProxies", "127.0.0.1");
        Reply first = server.get("/app/public/x?session=create", "Remote-User", "bob");

        Reply second = server.get("/app/public/x", "Remote-User", "bob", "Cookie", first.cookie());

        assertEquals("bob", second.principal());
        assertEquals(first.session(), second.session());
    }

    @Test
    void aDifferentUserInvalidatesTheOldSession() throws Exception {
        start("trustedProxies", "127.0.0.1");
        Reply bob = server.get("/app/public/x?session=create", "Remote-User", "bob");

        Reply carol = server.get("/app/public/x?session=create", "Remote-User", "carol", "Cookie", bob.cookie());
        Reply bobAgain = server.get("/app/public/x", "Remote-User", "bob", "Cookie", bob.cookie());

        assertEquals("carol", carol.principal());
        assertNotEquals(bob.session(), carol.session());
        assertEquals("none", bobAgain.session(), "bob's old session was invalidated, not handed back");
    }

    @Test
    void loginIntoAnExistingAnonymousSessionChangesItsId() throws Exception {
        start("trustedProxies", "127.0.0.1");
        Reply anonymous = server.get("/app/public/x?session=create");

        Reply login = server.get("/app/public/x", "Remote-User", "bob", "Cookie", anonymous.cookie());

        assertEquals("bob", login.principal());
        assertNotEquals("none", login.session());
        assertNotEquals(anonymous.session(), login.session());
        // the response carries a cookie for the new session (Jetty appends its worker name: "<id>.node0")
        assertTrue(login.setCookie().orElse("").startsWith(login.session()), login.setCookie().toString());
    }

    @Test
    void persistentModeKeepsTheUserWithoutTheHeaderUntilLogout() throws Exception {
        start("trustedProxies", "127.0.0.1", "mode", "persistent",
                "groupsHeader", "Remote-Groups", "logoutPath", "/app/logout",
                "logoutRedirect", "https://sso.example.com/logout");
        Reply login = server.get("/app/public/x", "Remote-User", "bob", "Remote-Groups", "staff");
        assertEquals("bob", login.principal());

        Reply later = server.get("/app/secure/x", "Cookie", login.cookie());
        Reply logout = server.get("/app/logout", "Cookie", login.cookie());
        Reply afterLogout = server.get("/app/public/x", "Cookie", login.cookie());

        assertEquals(200, later.status());
        assertEquals("bob", later.principal());
        assertTrue(later.inRole("staff"));
        assertEquals(302, logout.status());
        assertEquals("https://sso.example.com/logout", logout.header("Location").orElse(""));
        assertEquals("none", afterLogout.principal());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"identity", "name", "forged-mac"})
    void nothingAWebappPutsInTheSessionLogsAnyoneIn(String forgery) throws Exception {
        start("trustedProxies", "127.0.0.1", "mode", "persistent", "groupsHeader", "Remote-Groups");
        Reply anonymous = server.get("/app/public/x?plant=" + forgery);
        Reply bob = server.get("/app/public/x", "Remote-User", "bob", "Remote-Groups", "staff");
        Reply overwritten = server.get("/app/public/x?plant=" + forgery, "Cookie", bob.cookie());

        Reply planted = server.get("/app/admin/x", "Cookie", anonymous.cookie());
        Reply plantedPublic = server.get("/app/public/x", "Cookie", anonymous.cookie());
        Reply bobAfter = server.get("/app/public/x", "Cookie", bob.cookie());
        Reply bobAdmin = server.get("/app/admin/x", "Cookie", bob.cookie());

        assertEquals(200, anonymous.status(), anonymous.body());
        assertEquals("bob", overwritten.principal(), "the request that planted it was still bob's");
        assertNotEquals(200, planted.status(), planted.body());
        assertEquals("none", plantedPublic.principal());
        // the forgery over bob's login counts for nobody: bob stays himself (the plugin marks the session again for
        // the user of that request) or is logged out, never admin
        assertTrue(Set.of("bob", "none").contains(bobAfter.principal()), bobAfter.body());
        assertNotEquals(200, bobAdmin.status(), bobAdmin.body());
        // and the operator sees it: the two requests on the planted session are counted by what was planted
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = mbeans.queryNames(new ObjectName("dev.remoteuser:type=RemoteUserAuth,*"), null).iterator()
                .next();
        String counter = forgery.equals("forged-mac") ? "sessionOtherKey" : "sessionNotSealed";
        long ignored = (Long) mbeans.getAttribute(name, counter);
        assertTrue(ignored >= 2, counter + "=" + ignored);
    }

    @Test
    void persistentLoginAlwaysStartsANewSessionId() throws Exception {
        start("trustedProxies", "127.0.0.1", "mode", "persistent");
        Reply anonymous = server.get("/app/public/x?session=create");

        Reply login = server.get("/app/public/x", "Remote-User", "bob", "Cookie", anonymous.cookie());

        assertNotEquals(anonymous.session(), login.session());
        assertEquals("bob", server.get("/app/public/x", "Cookie", login.cookie()).principal());
        assertEquals("none", server.get("/app/public/x", "Cookie", anonymous.cookie()).principal());
    }

    @Test
    void persistentModeSwitchesUsersWhenTheHeaderNamesSomeoneElse() throws Exception {
        start("trustedProxies", "127.0.0.1", "mode", "persistent");
        Reply bob = server.get("/app/public/x", "Remote-User", "bob");

        Reply carol = server.get("/app/public/x", "Remote-User", "carol", "Cookie", bob.cookie());

        assertEquals("carol", carol.principal());
        assertNotEquals(bob.session(), carol.session());
        assertEquals("none", server.get("/app/public/x", "Cookie", bob.cookie()).principal());
    }

    @Test
    void webappLogoutEndsAPersistentLogin() throws Exception {
        start("trustedProxies", "127.0.0.1", "mode", "persistent");
        Reply login = server.get("/app/public/x", "Remote-User", "bob");

        Reply logout = server.get("/app/public/x?logout=1", "Cookie", login.cookie());
        Reply after = server.get("/app/public/x", "Cookie", login.cookie());

        assertEquals("none", logout.principal());
        assertEquals("none", after.principal());
    }

    @Test
    void onlyThePinnedProxyCertificateMayAssertAnIdentity(@TempDir Path dir) throws Exception {
        startTls(TestPki.create(dir), "trustedProxyCertificates", "dns:proxy.test");

        Reply proxy = server.https("proxy").get("/app/public/x", "Remote-User", "alice");
        Reply stranger = server.https("stranger").get("/app/public/x", "Remote-User", "alice");
        Reply plain = server.get("/app/public/x", "Remote-User", "alice");

        assertEquals("alice", proxy.principal());
        assertEquals("none", stranger.principal(), "verified by the connector, but not the pinned name");
        assertEquals("null/0", stranger.get("header.Remote-User"));
        assertEquals("none", plain.principal(), "no certificate at all");
    }

    @Test
    void theSharedSecretIsCheckedAndNeverReachesTheWebapp() throws Exception {
        start("trustedProxies", "127.0.0.1", "proxySecretHeader", "X-Proxy-Secret", "proxySecret", SECRET);

        Reply good = server.get("/app/public/x", "X-Proxy-Secret", SECRET, "Remote-User", "alice");
        Reply wrong = server.get("/app/public/x", "X-Proxy-Secret", "wrong-secret-0123456", "Remote-User", "alice");

        assertEquals("alice", good.principal());
        assertFalse(good.get("headerNames").toLowerCase(Locale.ROOT).contains("secret"), good.get("headerNames"));
        assertEquals("none", wrong.principal());
        assertFalse(wrong.get("headerNames").toLowerCase(Locale.ROOT).contains("secret"));
    }

    /**
     * The signed assertion is the identity, from any peer (no {@code trustedProxies}): its user and groups claim
     * drive roles and constraints; a plain user header alone is stripped; a disagreeing one, a forged or expired
     * token, or two tokens are refused without a session. Needs the JWT jar on the test class path.
     */
    @Test
    void aSignedAssertionIsTheIdentityAndForgeriesAreRefused(@TempDir Path dir) throws Exception {
        TestTokens.SigningKey key = TestTokens.ec("k1");
        Path jwks = java.nio.file.Files.writeString(dir.resolve("jwks.json"), TestTokens.jwks(key));
        start("assertionHeader", "X-Assertion", "jwksFile", jwks.toString(), "issuer", "https://proxy.test",
                "audience", "app", "groupsClaim", "groups");
        java.util.Map<String, Object> claims = new java.util.LinkedHashMap<>(
                TestTokens.claims("https://proxy.test", "app", "alice", 300));
        claims.put("groups", java.util.List.of("staff"));
        String token = key.sign(claims);

        Reply signed = server.get("/app/secure/x", "X-Assertion", token);
        assertEquals(200, signed.status());
        assertEquals("alice", signed.principal());
        assertTrue(signed.inRole("staff"));
        assertEquals("alice", server.get("/app/public/x", "X-Assertion", token, "Remote-User", "alice").principal(),
                "a plain header that agrees is fine");

        Reply plainOnly = server.get("/app/public/x", "Remote-User", "admin");
        assertEquals("none", plainOnly.principal());
        assertEquals("null/0", plainOnly.get("header.Remote-User"), "the unsigned header is stripped");

        assertEquals(400, server.get("/app/public/x", "X-Assertion", token, "Remote-User", "admin").status());
        assertEquals(400, server.get("/app/public/x", "X-Assertion", token, "X-Assertion", token).status());
        Reply forged = server.get("/app/public/x?session=create", "X-Assertion",
                TestTokens.ec("k1").sign(claims));
        assertEquals(401, forged.status());
        assertEquals(Optional.empty(), forged.setCookie());
        claims.put("exp", java.time.Instant.now().getEpochSecond() - 3600);
        assertEquals(401, server.get("/app/public/x", "X-Assertion", key.sign(claims)).status());
    }

    /** The token and the pinned proxy certificate together: a valid token over any other connection is not enough. */
    @Test
    void aSignedAssertionCanBeRequiredTogetherWithTheProxyCertificate(@TempDir Path dir) throws Exception {
        TestTokens.SigningKey key = TestTokens.rsa("r1");
        Path jwks = java.nio.file.Files.writeString(dir.resolve("jwks.json"), TestTokens.jwks(key));
        startTls(TestPki.create(dir), "trustedProxyCertificates", "dns:proxy.test", "assertionProfile",
                "cloudflare", "issuer", "https://team.cloudflareaccess.com", "audience", "tag", "jwksFile",
                jwks.toString());
        String token = key.sign(TestTokens.claims("https://team.cloudflareaccess.com", "tag", "bob@example.com",
                300));

        assertEquals("bob@example.com", server.https("proxy").get("/app/public/x", "Cf-Access-Jwt-Assertion", token)
                .principal());
        assertEquals("none", server.https("stranger").get("/app/public/x", "Cf-Access-Jwt-Assertion", token)
                .principal());
        assertEquals("none", server.get("/app/public/x", "Cf-Access-Jwt-Assertion", token).principal());
    }

    /**
     * What the second of two back-to-back requests on new connections must see, after bob's request stored {@code
     * bob-data} in a session the webapp created ({@code /app/public/x?store=bob-data}); the integration tests run the
     * same table against the distributions.
     */
    public enum SessionRace {
        /** Carol in the header with bob's cookie: a new session, none of bob's data. */
        USER_SWITCH("Remote-User", "carol") {
            @Override
            public String failure(Reply first, Reply second) {
                return !"carol".equals(second.principal()) ? "principal " + second.principal()
                        : "bob-data".equals(second.get("data")) ? "carol got bob's session data"
                        : first.session().equals(second.session()) ? "carol kept bob's session id" : null;
            }
        },
        /** No header with bob's cookie (per-request mode): bob is logged out and his session is gone. */
        HEADER_GONE() {
            @Override
            public String failure(Reply first, Reply second) {
                return !"none".equals(second.principal()) ? "principal " + second.principal()
                        : !"none".equals(second.session()) ? "bob's session survived: data " + second.get("data")
                        : null;
            }
        },
        /** Bob again with his cookie: the same session and data, no new cookie. */
        SAME_USER("Remote-User", "bob") {
            @Override
            public String failure(Reply first, Reply second) {
                return !"bob".equals(second.principal()) ? "principal " + second.principal()
                        : !first.session().equals(second.session()) ? "a needless new session id"
                        : !"bob-data".equals(second.get("data")) ? "data " + second.get("data")
                        : second.setCookie().isPresent() ? "a needless new cookie" : null;
            }
        };

        private final String[] headers;

        SessionRace(String... headers) {
            this.headers = headers;
        }

        /** Why the second reply is wrong, or null when it is right. */
        public abstract String failure(Reply first, Reply second);

        /**
         * Runs {@code trials} back-to-back pairs ({@link BackToBack}) against {@code host:port}: bob's request stores
         * {@code bob-data} in a new session, the second request carries his cookie and this scenario's headers.
         * Fails naming how many trials went wrong and the first way one did.
         */
        public void assertNoFailureIn(int trials, String host, int port) throws java.io.IOException {
            int failures = 0;
            String firstFailure = null;
            for (int i = 0; i < trials; i++) {
                BackToBack.Trial trial = BackToBack.exchange(host, port,
                        new String[] {"/app/public/x?store=bob-data", "Remote-User", "bob"},
                        first -> {
                            java.util.List<String> second = new java.util.ArrayList<>(
                                    java.util.List.of("/app/public/x", "Cookie", first.cookie()));
                            second.addAll(java.util.List.of(headers));
                            return second.toArray(String[]::new);
                        });
                assertEquals("bob", trial.first().principal());
                String failure = failure(trial.first(), trial.second());
                if (failure != null) {
                    failures++;
                    firstFailure = firstFailure == null ? failure : firstFailure;
                }
            }
            assertEquals(0, failures, failures + " of " + trials + " trials failed, first: " + firstFailure);
        }
    }

    /**
     * A session the webapp creates is marked for its user before the response leaves: a second request on another
     * connection, sent the moment the first response's last byte arrives, already meets the marked session.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(SessionRace.class)
    void aSessionTheWebappCreatesIsMarkedBeforeTheResponseLeaves(SessionRace race) throws Exception {
        start("trustedProxies", "127.0.0.1");

        race.assertNoFailureIn(200, "127.0.0.1", server.port());
    }

    /**
     * Per-request mode never creates a session the webapp did not ask for: not on 200s or 403s of constrained
     * paths, with no login-config (Tomcat's caching NonLoginAuthenticator), BASIC or FORM beside the plugin.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"none", "BASIC", "FORM"})
    void perRequestModeCreatesNoSessionTheWebappDidNotAskFor(String loginMethod) throws Exception {
        String[] options = {"trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups"};
        server = loginMethod.equals("none") ? start(null, options) : startWithLogin(loginMethod, options);
        String[] paths = {"/app/secure/x", "/app/admin/x", "/app/public/x"};
        int[] statuses = {200, 403, 200};
        long before = server.sessionsCreated();
        for (int i = 0; i < 1_000; i++) {
            Reply reply = server.get(paths[i % 3], "Remote-User", "bob", "Remote-Groups", "staff");
            assertEquals(statuses[i % 3], reply.status(), paths[i % 3]);
            if (reply.status() == 200) {
                assertEquals("bob", reply.principal(), paths[i % 3]);
            }
            assertEquals(Optional.empty(), reply.setCookie(), paths[i % 3]);
        }
        assertEquals(0, server.sessionsCreated() - before, "sessions created by 1,000 requests");
    }

    /**
     * A session the container's FORM login made for admin is replaced, not renamed, when the header names alice:
     * outside {@code headerPaths} the container must not bring admin back with the cookie alice's login set.
     */
    @Test
    void aHeaderNamingSomeoneElseReplacesASessionAnotherLoginMade() throws Exception {
        server = startWithLogin("FORM", "trustedProxies", "127.0.0.1", "headerPaths", "/app/login");
        HttpProbe client = new HttpProbe("127.0.0.1", server.port());
        Reply challenge = server.get("/app/admin/x");
        Reply formLogin = client.postForm("/app/j_security_check", "j_username=admin&j_password=secret",
                "Cookie", challenge.cookie());
        String adminCookie = formLogin.setCookie().isPresent() ? formLogin.cookie() : challenge.cookie();
        assertEquals("admin", server.get("/app/admin/x", "Cookie", adminCookie).principal(), "the FORM login works");

        Reply alice = server.get("/app/login/x?session=create", "Remote-User", "alice", "Cookie", adminCookie);
        Reply afterwards = server.get("/app/admin/x", "Cookie", alice.cookie());

        assertEquals("alice", alice.principal());
        assertTrue(alice.setCookie().isPresent(), "a new session for alice");
        // the FORM login page may answer (200 on Tomcat, which serves it from the report servlet): never as admin
        assertNotEquals("admin", afterwards.principal(), "admin came back: " + afterwards.body());
        assertFalse(afterwards.inRole("admin"));
        assertNotEquals("admin", server.get("/app/admin/x", "Cookie", adminCookie).principal(),
                "admin's session is gone");
    }

    /** The diagnostics path answers JSON itself (the webapp never runs, no session), and only when configured. */
    @Test
    void theDiagnosticsPathReportsTheDecisionWithoutASession() throws Exception {
        start("trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups", "diagnosticsPath", "/app/.remote-user");

        Reply trusted = server.get("/app/.remote-user?session=create", "Remote-User", "alice", "Remote-Groups",
                "staff", "Remote_User", "alice");
        Reply refused = server.get("/app/.remote-user", "Remote-User", "alice", "Remote-User", "bob");

        assertEquals(200, trusted.status());
        assertTrue(trusted.header("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(trusted.body().contains("\"trustedPeer\":true"), trusted.body());
        assertTrue(trusted.body().contains("\"user\":\"alice\",\"roles\":[\"staff\"]"), trusted.body());
        assertTrue(trusted.body().toLowerCase(Locale.ROOT).contains("\"lookalikeheaders\":[\"remote_user\"]"),
                trusted.body());
        assertEquals(Optional.empty(), trusted.setCookie(), "the report never creates a session");
        assertTrue(refused.body().contains("\"reason\":\"DUPLICATE_HEADER\""), refused.body());
        assertEquals("alice", server.get("/app/public/x", "Remote-User", "alice").principal(),
                "other paths as usual");
    }
}
