package dev.remoteuser.core.internal;

/**
 * Strict parsing of IP address literals into bytes, without DNS: {@code InetAddress.getByName} would resolve a host
 * name, and lenient parsers accept octal or shortened IPv4 forms ({@code 010.1}, {@code 127.1}) that mean different
 * addresses to different programs. IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) come back as 4 IPv4 bytes, so
 * they compare as the IPv4 address they carry.
 */
public final class IpLiteral {

    private IpLiteral() {
    }

    /**
     * Parses a connection peer address: an IPv4 dotted quad or an IPv6 literal, optionally in brackets and with a
     * {@code %zone}, which is ignored.
     *
     * @return 4 or 16 bytes, or {@code null} when the text is not an IP literal
     */
    public static byte[] parsePeer(String text) {
        if (text == null) {
            return null;
        }
        String s = text;
        if (s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0 && s.indexOf(':') >= 0) {
            s = s.substring(0, zone);
        }
        return parse(s);
    }

    /**
     * Parses an IPv4 dotted quad (four decimal parts 0-255, no leading zeros) or an IPv6 literal (optionally with
     * {@code ::} and a trailing dotted quad), with no brackets and no zone.
     *
     * @return 4 or 16 bytes, or {@code null} when the text is not such a literal
     */
    public static byte[] parse(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return null;
        }
        byte[] bytes = s.indexOf(':') >= 0 ? parseIpv6(s) : parseIpv4(s);
        return bytes == null ? null : unmapIpv4(bytes);
    }

    private static byte[] unmapIpv4(byte[] bytes) {
        if (bytes.length != 16) {
            return bytes;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return bytes;
            }
        }
        if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return bytes;
        }
        return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }

    private static byte[] parseIpv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int i = 0;
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) value;
            if (part < 4) {
                if (i >= s.length() || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == s.length() ? out : null;
    }

    private static byte[] parseIpv6(String s) {
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == s.length()) {
                return new byte[16];
            }
        } else if (s.charAt(0) == ':') {
            return null;
        }
        while (i < s.length()) {
            if (count == 8) {
                return null;
            }
            int dot = s.indexOf('.', i);
            int colon = s.indexOf(':', i);
            if (dot >= 0 && (colon < 0 || dot < colon)) {
                byte[] v4 = parseIpv4(s.substring(i));
                if (v4 == null || count > 6) {
                    return null;
                }
                groups[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                groups[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                i = s.length();
                break;
            }
            int end = colon < 0 ? s.length() : colon;
            int len = end - i;
            if (len < 1 || len > 4) {
                return null;
            }
            int value = 0;
            for (int k = i; k < end; k++) {
                int d = Character.digit(s.charAt(k), 16);
                if (d < 0 || s.charAt(k) > 'f') {
                    return null;
                }
                value = (value << 4) | d;
            }
            groups[count++] = value;
            if (colon < 0) {
                i = s.length();
            } else if (colon + 1 < s.length() && s.charAt(colon + 1) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i = colon + 2;
            } else {
                i = colon + 1;
                if (i == s.length()) {
                    return null;
                }
            }
        }
        if (gap < 0 ? count != 8 : count >= 8) {
            return null;
        }
        byte[] out = new byte[16];
        int fill = gap < 0 ? 0 : 8 - count;
        for (int g = 0, slot = 0; g < count; g++, slot++) {
            if (g == gap) {
                slot += fill;
            }
            out[slot * 2] = (byte) (groups[g] >>> 8);
            out[slot * 2 + 1] = (byte) groups[g];
        }
        return out;
    }
}
