package dev.remoteuser.core.trust;

import dev.remoteuser.core.internal.IpLiteral;

import java.util.Arrays;

/**
 * One {@code trustedProxies} entry: an IPv4 or IPv6 network with a prefix length. A bare address is a /32 or /128
 * block. Blocks written as IPv4-mapped IPv6 ({@code ::ffff:10.0.0.0/104}) are stored as their IPv4 block.
 */
public final class AddressBlock {

    private final byte[] network;
    /**
     * Shortest prefix accepted, in either family: {@code 10.0.0.0/8} and {@code fd00::/8} are fine, while {@code
     * 0.0.0.0/1,128.0.0.0/1} (or {@code ::/1,8000::/1}) would trust every address although {@code /0} is refused.
     */
    static final int MIN_PREFIX = 8;

    private final int prefix;
    private final String text;

    private AddressBlock(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /**
     * Parses {@code address} or {@code address/prefix}.
     *
     * @throws IllegalArgumentException with a message fit for an operator when the entry is malformed, has host
     *                                  bits set, covers every address or is wider than {@value #MIN_PREFIX} bits
     */
    static AddressBlock parse(String entry) {
        // MIN_PREFIX applies to the address family the block matches: an IPv4-mapped IPv6 block counts as IPv4
        if (entry.equals("*")) {
            throw new IllegalArgumentException("'*' would trust every address; list the proxy's own addresses");
        }
        int slash = entry.indexOf('/');
        String addressText = slash < 0 ? entry : entry.substring(0, slash);
        if (addressText.indexOf('%') >= 0 || addressText.indexOf('[') >= 0) {
            throw new IllegalArgumentException("'" + entry + "' must be a plain address without brackets or zone");
        }
        byte[] raw = IpLiteral.parse(addressText);
        if (raw == null) {
            throw new IllegalArgumentException("'" + entry + "' is not an IPv4 or IPv6 address or CIDR block"
                    + " (host names, wildcards and octal or shortened IPv4 forms are not accepted)");
        }
        boolean writtenAsIpv6 = addressText.indexOf(':') >= 0;
        int writtenBits = writtenAsIpv6 ? 128 : 32;
        int prefix = writtenBits;
        if (slash >= 0) {
            String prefixText = entry.substring(slash + 1);
            if (!prefixText.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(prefixText) > writtenBits) {
                throw new IllegalArgumentException("'" + entry + "' has an invalid prefix length (0.."
                        + writtenBits + ")");
            }
            prefix = Integer.parseInt(prefixText);
        }
        if (writtenAsIpv6 && raw.length == 4) {
            if (prefix < 96) {
                throw new IllegalArgumentException("'" + entry + "' reaches beyond the IPv4-mapped range; write the"
                        + " IPv4 block instead");
            }
            prefix -= 96;
        }
        if (prefix == 0) {
            throw new IllegalArgumentException("'" + entry + "' would trust every address; list the proxy's own"
                    + " addresses");
        }
        if (prefix < MIN_PREFIX) {
            throw new IllegalArgumentException("'" + entry + "' is wider than /" + MIN_PREFIX + " (a few such blocks"
                    + " add up to every address, as 0.0.0.0/1 and 128.0.0.0/1 do); list the proxy's own addresses or"
                    + " a block of /" + MIN_PREFIX + " or narrower");
        }
        byte[] network = mask(raw, prefix);
        if (!Arrays.equals(network, raw)) {
            throw new IllegalArgumentException("'" + entry + "' has host bits set; did you mean "
                    + format(network) + "/" + prefix + "?");
        }
        return new AddressBlock(network, prefix, entry);
    }

    /** Whether the address (4 or 16 bytes, as {@link IpLiteral} returns) lies in this block. */
    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(address, prefix), network);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - bitsHere));
        }
        return out;
    }

    private static String format(byte[] address) {
        StringBuilder sb = new StringBuilder();
        if (address.length == 4) {
            for (int i = 0; i < 4; i++) {
                sb.append(i == 0 ? "" : ".").append(address[i] & 0xff);
            }
        } else {
            for (int i = 0; i < 16; i += 2) {
                sb.append(i == 0 ? "" : ":").append(Integer.toHexString(((address[i] & 0xff) << 8)
                        | (address[i + 1] & 0xff)));
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
