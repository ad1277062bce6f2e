package dev.remoteuser.core.trust;

import dev.remoteuser.core.config.Option;
import dev.remoteuser.core.config.OptionReader;
import dev.remoteuser.core.internal.HeaderValues;
import dev.remoteuser.core.internal.LogSafe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whom the plugin trusts: the proofs a connection must bring before its identity headers count, and where the user
 * name comes from.
 *
 * @param checkPeerAddress whether the peer address must lie in {@code proxies}: false only with {@code
 *                         trustedProxies=any}
 * @param proxies          the blocks a checked peer address must lie in (empty with {@code any})
 * @param certificates     exact names the proxy's verified client certificate must carry one of ({@code dns:},
 *                         {@code uri:}, {@code email:}, {@code dn:}); empty: no certificate needed
 * @param secretHeader     the header carrying the shared secret, if one is configured
 * @param untrustedHeaders what happens to identity headers from a peer that is not trusted
 * @param identitySource   the user header of a trusted peer, or the name an AJP connector delivered
 */
public record TrustSettings(boolean checkPeerAddress, List<AddressBlock> proxies, Set<String> certificates,
                            Optional<String> secretHeader, Secret secret, UntrustedHeaders untrustedHeaders, IdentitySource identitySource) {

    /** Characters of a regular expression that no address or CIDR block contains ({@code *} has its own message). */
    private static final Pattern REGEX_SIGNS = Pattern.compile("[\\\\|^$(){}+?]");

    /** The {@code trustedProxies} value that turns the peer address check off (beside another proof only). */
    public static final String ANY_ADDRESS = "any";

    /**
     * The shared secret's bytes, present exactly when {@code secretHeader} is. Its {@code toString} never shows it.
     *
     * @param bytes the secret, UTF-8
     * @param file  the file it was read from ({@code proxySecretFile}); empty when written inline or absent
     */
    public record Secret(byte[] bytes, Optional<String> file) {
        /** No secret. */
        public static final Secret NONE = new Secret(new byte[0], Optional.empty());

        @Override
        public String toString() {
            return bytes.length == 0 ? "(none)" : "(secret set)";
        }
    }

    /** Whether any proof of the peer's identity besides a signed assertion is configured. */
    public boolean provesPeer() {
        return checkPeerAddress() || !certificates.isEmpty() || secretHeader.isPresent();
    }

    /** Reads the trust options, reporting problems to {@code options}. */
    public static TrustSettings read(OptionReader options) {
        Set<String> certificates = certificateNames(options);
        boolean any = options.items(Option.TRUSTED_PROXIES).equals(List.of(ANY_ADDRESS));
        List<AddressBlock> proxies = any ? List.of() : proxies(options);
        Optional<String> secretHeader = options.header(Option.PROXY_SECRET_HEADER);
        Secret secret = secret(options, options.isSet(Option.PROXY_SECRET_HEADER));
        UntrustedHeaders untrusted = options.choice(Option.UNTRUSTED_HEADERS, UntrustedHeaders.values(),
                UntrustedHeaders::key);
        IdentitySource source = options.choice(Option.IDENTITY_SOURCE, IdentitySource.values(), IdentitySource::key);
        return new TrustSettings(!any, proxies, certificates, secretHeader, secret, untrusted, source);
    }

    /** Every trust option's effective value, for the startup log; never the secret, only whether there is one. */
    public String describe() {
        boolean inline = secret.bytes().length > 0 && secret.file().isEmpty();
        return "trustedProxies=" + (checkPeerAddress ? proxies : ANY_ADDRESS)
                + ", trustedProxyCertificates=" + (certificates.isEmpty() ? "none" : certificates)
                + ", proxySecretHeader=" + secretHeader.map(h -> h + " (secret set)").orElse("none")
                + ", proxySecret=" + (inline ? "(set, not shown)" : "none")
                + ", proxySecretFile=" + secret.file().orElse("none")
                + ", untrustedHeaders=" + untrustedHeaders.key() + ", identitySource=" + identitySource.key();
    }

    private static List<AddressBlock> proxies(OptionReader options) {
        List<String> entries = options.items(Option.TRUSTED_PROXIES);
        if (entries.isEmpty()) {
            options.problem("trustedProxies: list at least one proxy address");
        }
        for (String entry : entries) {
            if (REGEX_SIGNS.matcher(entry).find()) {
                // the same attribute name on Tomcat's RemoteIpValve takes a regular expression
                options.problem("trustedProxies: '" + LogSafe.escape(String.join(",", entries), 200) + "' looks like"
                        + " a regular expression (RemoteIpValve's style); this option takes comma-separated IP"
                        + " addresses and CIDR blocks, such as 127.0.0.1,10.0.0.0/24");
                return List.of();
            }
        }
        List<AddressBlock> blocks = new ArrayList<>();
        for (String entry : entries) {
            try {
                blocks.add(AddressBlock.parse(entry));
            } catch (IllegalArgumentException e) {
                options.problem("trustedProxies: " + LogSafe.escape(e.getMessage(), 300));
            }
        }
        return List.copyOf(blocks);
    }

    private static Set<String> certificateNames(OptionReader options) {
        Set<String> result = new LinkedHashSet<>();
        for (String name : options.items(Option.TRUSTED_PROXY_CERTIFICATES)) {
            if (!name.matches("(dns|uri|email|dn):\\S.*") || !HeaderValues.isPrintable(name)) {
                options.problem("trustedProxyCertificates: '" + LogSafe.escape(name) + "' must be dns:, uri:, email:"
                        + " or dn: followed by the exact name");
            } else {
                result.add(name);
            }
        }
        return Collections.unmodifiableSet(result);
    }

    /** The secret from proxySecret or the first line of proxySecretFile; never in a message. */
    private static Secret secret(OptionReader options, boolean wanted) {
        Optional<String> inline = options.secret(Option.PROXY_SECRET);
        Optional<String> file = options.text(Option.PROXY_SECRET_FILE);
        if (inline.isPresent() && file.isPresent()) {
            options.problem("proxySecret: set proxySecret or proxySecretFile, not both");
            return Secret.NONE;
        }
        String secret = inline.orElse(null);
        if (file.isPresent()) {
            try {
                List<String> lines = Files.readAllLines(Path.of(file.get()));
                secret = lines.isEmpty() ? "" : lines.get(0).strip();
            } catch (IOException | RuntimeException e) {
                options.problem("proxySecretFile: cannot read '" + LogSafe.escape(file.get()) + "'");
                return Secret.NONE;
            }
        }
        if (wanted != (secret != null)) {
            options.problem(wanted ? "proxySecretHeader: needs proxySecret or proxySecretFile"
                    : "proxySecret: needs proxySecretHeader (the header the proxy sends it in)");
            return Secret.NONE;
        }
        if (secret != null && (secret.length() < 16 || !HeaderValues.isPrintable(secret))) {
            options.problem("proxySecret: must be at least 16 printable characters (the value is not shown)");
            return Secret.NONE;
        }
        return secret == null ? Secret.NONE : new Secret(secret.getBytes(StandardCharsets.UTF_8), file);
    }
}
