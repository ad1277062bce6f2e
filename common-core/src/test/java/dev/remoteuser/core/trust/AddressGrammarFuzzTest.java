package dev.remoteuser.core.trust;

import dev.remoteuser.core.internal.IpLiteral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Fuzz test (Jazzer) of the address grammar an operator writes and a connection reports: {@code trustedProxies}
 * blocks and peer literals. The normal test run replays the committed corpus in {@code
 * src/test/resources/dev/remoteuser/core/trust/AddressGrammarFuzzTestInputs/cidrBlocks/}.
 */
class AddressGrammarFuzzTest {

    private static final Pattern STRICT_IPV4 =
            Pattern.compile("(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");

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
