package dev.remoteuser.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fuzz tests (Jazzer) of the parsers that see attacker-controlled or operator-written text: the user name grammar,
 * group parsing, CIDR blocks and peer literals, and option parsing. Each asserts properties that must hold for every
 * input, not just "does not crash".
 *
 * <p>The normal test run replays the committed corpus in {@code src/test/resources/dev/remoteuser/core/
 * GrammarFuzzTestInputs/<method>/} (regression mode). A fuzzing run, which adds what it finds to that corpus:
 * {@code JAZZER_FUZZ=1 mvn test -pl common-core -Dtest=GrammarFuzzTest#usernames -Djazzer.max_duration=10m}
 * (one method per run); see docs/operations.md.
 */
class GrammarFuzzTest {

    private static final Pattern DEFAULT_USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1,256}");
    private static final Pattern STRICT_IPV4 =
            Pattern.compile("(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");

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
        UsernameRules rules = new UsernameRules(RemoteUserConfig.fromOptions(options));
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
        RoleResolver resolver = new RoleResolver(config);
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

    /**
     * A {@code trustedProxies} entry is either refused or a block that never covers everything and whose membership
     * agrees with a reference computed from the JDK's own parse of the literal, for any address. A peer literal the
     * core accepts is exactly what the JDK reads from it, and an IPv4 one is a strict dotted quad.
     */
    @FuzzTest
    void cidrBlocks(FuzzedDataProvider data) throws UnknownHostException {
        byte[] address = data.consumeBytes(data.consumeBoolean() ? 4 : 16);
        String entry = data.consumeString(64);
        String peer = data.consumeRemainingAsString();

        byte[] peerBytes = IpLiteral.parsePeer(peer);
        if (peerBytes != null) {
            String bare = peer.startsWith("[") ? peer.substring(1, peer.length() - 1) : peer;
            bare = bare.contains(":") && bare.indexOf('%') >= 0 ? bare.substring(0, bare.indexOf('%')) : bare;
            assertTrue(bare.contains(":") || STRICT_IPV4.matcher(bare).matches(), "lenient IPv4 form " + peer);
            // a literal (checked just above), so the JDK parses it without a name lookup
            assertArrayEquals(unmapped(InetAddress.getByName(bare).getAddress()), peerBytes, peer);
        }

        AddressBlock block;
        try {
            block = AddressBlock.parse(entry);
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage().startsWith("'" + entry + "'"),
                    "the refusal names the entry: " + refused.getMessage());
            return;
        }
        int slash = entry.indexOf('/');
        String literal = slash < 0 ? entry : entry.substring(0, slash);
        assertTrue(literal.contains(":") || STRICT_IPV4.matcher(literal).matches(), "lenient IPv4 form " + entry);
        byte[] network = unmapped(InetAddress.getByName(literal).getAddress());
        int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(entry.substring(slash + 1))
                - (literal.contains(":") && network.length == 4 ? 96 : 0);
        assertTrue(prefix > 0, "a block covering every address: " + entry);
        if (address.length != 4 && address.length != 16) {
            return;
        }
        boolean expected = address.length == network.length
                && new BigInteger(1, address).shiftRight(address.length * 8 - prefix)
                        .equals(new BigInteger(1, network).shiftRight(network.length * 8 - prefix));
        assertEquals(expected, block.contains(address), entry);
    }

    /**
     * Any set of options either builds a configuration or fails with {@link InvalidConfigurationException} (never
     * another exception, never silently), and the configuration's description never shows the shared secret.
     */
    @FuzzTest
    void options(FuzzedDataProvider data) {
        Option[] known = Option.values();
        Map<String, String> options = new HashMap<>();
        int count = data.consumeInt(0, 8);
        for (int i = 0; i < count; i++) {
            String name = data.consumeBoolean() ? data.pickValue(known).key() : data.consumeString(20);
            if (name.equals(Option.USERNAME_PATTERN.key())) {
                // the operator's regex is compiled as written (a bad one is a configuration problem, tested in
                // ConfigurationTest); fuzzing it only trips Jazzer's regex-injection detector
                continue;
            }
            String value = data.consumeString(80);
            if (name.equals(Option.JWKS_FILE.key()) || name.equals(Option.PROXY_SECRET_FILE.key())) {
                // the operator's own file, read as named: the fuzzer picks a name inside one missing folder (no
                // separator, no dot), which still reaches bad paths (a NUL) but never trips Jazzer's path-traversal
                // detector on a file the configuration is meant to read
                value = "/nonexistent-fuzz-folder/" + value.replace("/", "").replace(".", "");
            }
            options.put(name, value);
        }
        RemoteUserConfig config;
        try {
            config = RemoteUserConfig.fromOptions(options);
        } catch (InvalidConfigurationException invalid) {
            assertFalse(invalid.getMessage().isEmpty());
            return;
        }
        String secret = options.get("proxySecret");
        if (secret != null && secret.strip().length() >= 4) {
            assertFalse(config.toString().contains(secret.strip()), "the secret appears in the description");
        }
    }

    private static byte[] unmapped(byte[] address) {
        if (address.length == 16) {
            boolean mapped = address[10] == (byte) 0xff && address[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = address[i] == 0;
            }
            if (mapped) {
                return new byte[] {address[12], address[13], address[14], address[15]};
            }
        }
        return address;
    }
}
