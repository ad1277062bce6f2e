package dev.remoteuser.core;

import dev.remoteuser.core.config.InvalidConfigurationException;
import dev.remoteuser.core.decision.Decision;

import static dev.remoteuser.core.Policies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {

    @ParameterizedTest(name = "trustedProxies={0}, peer {1} -> trusted={2}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.5          | 10.0.0.5                  | true",
        "10.0.0.5          | 10.0.0.50                 | false",
        "10.0.0.5          | 110.0.0.5                 | false",
        "10.0.0.5          | 10.0.0.4                  | false",
        "10.0.0.50         | 10.0.0.5                  | false",
        "10.0.0.5/32       | 10.0.0.5                  | true",
        "10.0.0.0/24       | 10.0.0.255                | true",
        "10.0.0.0/24       | 10.0.1.0                  | false",
        "10.0.0.0/8        | 10.255.255.255            | true",
        "10.0.0.0/8        | 11.0.0.0                  | false",
        "192.168.1.128/25  | 192.168.1.127             | false",
        "192.168.1.128/25  | 192.168.1.200             | true",
        "10.0.0.5          | ::ffff:10.0.0.5           | true",
        "10.0.0.5          | ::ffff:a00:5              | true",
        "10.0.0.5          | [::ffff:10.0.0.5]         | true",
        "10.0.0.5          | ::10.0.0.5                | false",
        "10.0.0.5          | 64:ff9b::a00:5            | false",
        "::ffff:10.0.0.0/104 | 10.1.2.3                | true",
        "::ffff:10.0.0.5   | 10.0.0.5                  | true",
        "::1               | ::1                       | true",
        "::1               | 0:0:0:0:0:0:0:1           | true",
        "::1               | 0:0:0:0:0:0:0:1%0         | true",
        "::1               | [::1]                     | true",
        "::1               | ::2                       | false",
        "::1               | 127.0.0.1                 | false",
        "127.0.0.0/8       | ::1                       | false",
        "2001:db8::/32     | 2001:db8:ffff::1          | true",
        "2001:db8::/32     | 2001:db9::1               | false",
        "2001:db8::1       | 2001:DB8:0:0:0:0:0:1      | true",
        "fe80::/10         | fe80::1%eth0              | true",
        "10.0.0.5          | 010.0.0.5                 | false",
        "10.0.0.5          | 10.0.5                    | false",
        "10.0.0.5          | 167772165                 | false",
        "10.0.0.5          | 0x0a.0.0.5                | false",
        "10.0.0.5          | 10.0.0.5.                 | false",
        "10.0.0.5          | ' 10.0.0.5'               | false",
        "10.0.0.5          | localhost                 | false",
        "10.0.0.5          | ''                        | false",
        "10.0.0.5          | 10.0.0.256                | false",
        "::1               | 1::2::3                   | false",
        "::1               | :::1                      | false",
        "::1               | 1:2:3:4:5:6:7:8:9         | false",
        "10.0.0.5,::1      | ::1                       | true",
        "10.0.0.5,::1      | 10.0.0.5                  | true",
    })
    void trustsOnlyPeersInsideTheConfiguredBlocks(String trusted, String peer, boolean expected) {
        RemoteUserPolicy policy = policy("trustedProxies", trusted);

        Decision decision = policy.decide(FakeRequest.from(peer).header("Remote-User", "alice"));

        assertEquals(expected, decision instanceof Decision.Authenticated, decision.toString());
    }

    @ParameterizedTest(name = "peer {0} is untrusted")
    @ValueSource(strings = {"", "unknown", "1.2.3.4:8080", "[10.0.0.5]:443", "::ffff:1.2.3.4.5", "1:2:3:4:5:6:7:8::"})
    void treatsUnparsablePeersAsUntrusted(String peer) {
        Decision decision = policy("trustedProxies", "10.0.0.5,1.2.3.4,::1")
                .decide(FakeRequest.from(peer).header("Remote-User", "alice"));

        assertInstanceOf(Decision.NotAttempted.class, decision);
        assertTrue(decision.headersToRemove().contains("Remote-User"));
    }

    @org.junit.jupiter.api.Test
    void treatsAMissingPeerAsUntrusted() {
        Decision decision = policy().decide(FakeRequest.from(null).header("Remote-User", "alice"));

        assertInstanceOf(Decision.NotAttempted.class, decision);
    }

    @ParameterizedTest(name = "trustedProxies={0} fails startup")
    @CsvSource(delimiter = '|', value = {
        "*                  | every address",
        "0.0.0.0/0          | every address",
        "::/0               | every address",
        "::ffff:0:0/96      | every address",
        "::ffff:0.0.0.0/96  | every address",
        "0.0.0.0/1          | wider than /8",
        "128.0.0.0/1        | wider than /8",
        "8.0.0.0/7          | wider than /8",
        "::/1               | wider than /8",
        "8000::/1           | wider than /8",
        "fc00::/7           | wider than /8",
        "::ffff:0.0.0.0/97  | wider than /8",
        "10.0.0.5/24        | host bits set; did you mean 10.0.0.0/24",
        "2001:db8::1/32     | host bits set; did you mean 2001:db8:0:0:0:0:0:0/32",
        "10.0.0.0/33        | invalid prefix length",
        "::1/129            | invalid prefix length",
        "10.0.0.0/-1        | invalid prefix length",
        "10.0.0.0/08        | invalid prefix length",
        "10.0.0.0/          | invalid prefix length",
        "::ffff:10.0.0.0/64 | beyond the IPv4-mapped range",
        "proxy.example.com  | not an IPv4 or IPv6 address",
        "10.0.0.*           | not an IPv4 or IPv6 address",
        "010.0.0.5          | not an IPv4 or IPv6 address",
        "10.1               | not an IPv4 or IPv6 address",
        "fe80::1%eth0       | without brackets or zone",
        "[::1]              | without brackets or zone",
    })
    void rejectsWildcardsAndMalformedEntriesAtStartup(String entry, String message) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> policy("trustedProxies", "127.0.0.1," + entry));

        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("trustedProxies: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void defaultTrustsLoopbackOnly() {
        RemoteUserPolicy policy = policy();

        assertInstanceOf(Decision.Authenticated.class,
                policy.decide(FakeRequest.from("127.0.0.1").header("Remote-User", "alice")));
        assertInstanceOf(Decision.Authenticated.class,
                policy.decide(FakeRequest.from("127.10.20.30").header("Remote-User", "alice")));
        assertInstanceOf(Decision.Authenticated.class,
                policy.decide(FakeRequest.from("::1").header("Remote-User", "alice")));
        assertInstanceOf(Decision.NotAttempted.class,
                policy.decide(FakeRequest.from("10.0.0.5").header("Remote-User", "alice")));
    }

    /** Two halves add up to every address; refused like {@code /0}, while {@code /8} blocks stay allowed. */
    @org.junit.jupiter.api.Test
    void blocksThatTogetherCoverEveryAddressFailStartupAndSlashEightStaysAllowed() {
        InvalidConfigurationException halves = assertThrows(InvalidConfigurationException.class,
                () -> policy("trustedProxies", "0.0.0.0/1,128.0.0.0/1,::/1,8000::/1"));

        assertEquals(4, halves.problems().size(), halves.getMessage());
        RemoteUserPolicy policy = policy("trustedProxies", "10.0.0.0/8,fd00::/8");
        assertInstanceOf(Decision.Authenticated.class,
                policy.decide(FakeRequest.from("10.200.3.4").header("Remote-User", "alice")));
        assertInstanceOf(Decision.Authenticated.class,
                policy.decide(FakeRequest.from("fd12::5").header("Remote-User", "alice")));
        assertInstanceOf(Decision.NotAttempted.class,
                policy.decide(FakeRequest.from("11.0.0.1").header("Remote-User", "alice")));
    }

    @org.junit.jupiter.api.Test
    void anEmptyListFailsStartup() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> policy("trustedProxies", " , "));

        assertTrue(e.getMessage().contains("trustedProxies: list at least one proxy address"), e.getMessage());
    }

    /** The same attribute name on Tomcat's RemoteIpValve takes a regex: say what this one takes instead. */
    @ParameterizedTest
    @ValueSource(strings = {"127\\.0\\.0\\.1|10\\.0\\.0\\.\\d+", "10\\.0\\.0\\..*", "^192\\.168\\.1\\.5$"})
    void aRegularExpressionGetsOneProblemSayingWhatTheOptionTakes(String regex) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> policy("trustedProxies", regex));

        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).contains("looks like a regular expression"), e.getMessage());
        assertTrue(e.problems().get(0).contains("CIDR blocks"), e.getMessage());
    }
}
