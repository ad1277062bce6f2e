package dev.remoteuser.core.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The option vocabulary shared by every container: server.xml valve attributes, Jetty setters and init-params, and
 * JAAS module options all use these names and value formats. README.md documents each one; a test keeps the two in
 * step.
 */
public enum Option {
    /** Header that carries the user name. An HTTP token. Default {@code Remote-User}. */
    USER_HEADER("userHeader", Kind.HEADER_NAME, "Remote-User"),
    /**
     * Comma-separated IPv4/IPv6 addresses and CIDR blocks; the connection peer must match one, whether this option is
     * written or left at its default. A bare address means /32 or /128; IPv4-mapped IPv6 peers are compared as IPv4.
     * {@code *}, {@code /0} blocks, blocks shorter than /8 and malformed entries fail startup. {@code any} turns the
     * address check off, and is accepted only with {@link #TRUSTED_PROXY_CERTIFICATES} or signed assertions as the
     * proof. Default loopback only.
     */
    TRUSTED_PROXIES("trustedProxies", Kind.ADDRESSES, "127.0.0.0/8,::1"),
    /**
     * Semicolon-separated exact names the proxy's TLS client certificate must carry: {@code dns:proxy.example.com},
     * {@code uri:spiffe://example.com/proxy}, {@code email:proxy@example.com} (subject alternative names) or
     * {@code dn:CN=proxy,O=Example} (the subject, RFC 2253). The connector must verify the chain. The peer address
     * must match {@link #TRUSTED_PROXIES} too, unless that is {@code any}: then the certificate is the whole trust.
     * Default none.
     */
    TRUSTED_PROXY_CERTIFICATES("trustedProxyCertificates", Kind.CERTIFICATE_NAMES, null),
    /** Header in which the proxy sends a shared secret; always removed before the webapp. Default none. */
    PROXY_SECRET_HEADER("proxySecretHeader", Kind.HEADER_NAME, null),
    /** The shared secret (at least 16 characters); prefer {@link #PROXY_SECRET_FILE}. Default none. */
    PROXY_SECRET("proxySecret", Kind.SECRET, null),
    /** File holding the shared secret (first line), so it stays out of server.xml. Default none. */
    PROXY_SECRET_FILE("proxySecretFile", Kind.FILE, null),
    /**
     * Turns on signed assertions with a preset: {@code iap}, {@code cloudflare}, {@code alb}, {@code pomerium} or
     * {@code generic} (see {@code AssertionProfile}). The token is then the identity: the user header alone is never
     * enough. Needs the {@code remote-user-auth-jwt} jar. Default none.
     */
    ASSERTION_PROFILE("assertionProfile", Kind.CHOICE, null,
            List.of("generic", "iap", "cloudflare", "alb", "pomerium")),
    /** Header carrying the signed assertion (a compact JWS); set alone it means {@code generic}. Default: profile's. */
    ASSERTION_HEADER("assertionHeader", Kind.HEADER_NAME, null),
    /** HTTPS URL of the JWKS (for ALB: the key base URL); http only on a loopback host. Default: the profile's. */
    JWKS_URL("jwksUrl", Kind.URL, null),
    /** Local JWKS file, instead of {@link #JWKS_URL}. Default none. */
    JWKS_FILE("jwksFile", Kind.FILE, null),
    /** The exact {@code iss} a token must carry. Required with assertions except for {@code iap}. */
    ISSUER("issuer", Kind.TEXT, null),
    /** Comma list; the token's {@code aud} must contain one. Required with assertions except for {@code alb}. */
    AUDIENCE("audience", Kind.NAMES, null),
    /** Comma list of accepted {@code alg} values, from RS/PS/ES 256/384/512. Default: the profile's. */
    ALGORITHMS("algorithms", Kind.ALGORITHMS, null),
    /** Claim holding the user name. Default: the profile's ({@code email}; {@code sub} for generic). */
    USER_CLAIM("userClaim", Kind.CLAIM, null),
    /** Claim holding the groups (array of strings). Default: the profile's ({@code groups} for pomerium). */
    GROUPS_CLAIM("groupsClaim", Kind.CLAIM, null),
    /** Seconds of tolerance on {@code exp}, {@code nbf} and {@code iat}. Default 30. */
    CLOCK_SKEW("clockSkew", Kind.SECONDS, "30", 0, 300),
    /** For {@code alb}: the load balancer's ARN, which must equal the token's {@code signer}. Default none. */
    ASSERTION_SIGNER("assertionSigner", Kind.TEXT, null),
    /** {@code strip} (remove identity headers from untrusted peers, treat as anonymous) or {@code reject} (403). */
    UNTRUSTED_HEADERS("untrustedHeaders", Kind.CHOICE, "strip", List.of("strip", "reject")),
    /** Header carrying the user's groups. Default none. */
    GROUPS_HEADER("groupsHeader", Kind.HEADER_NAME, null),
    /** Separator inside the groups header; tokens are trimmed and empty tokens dropped. Default {@code ,}. */
    GROUPS_SEPARATOR("groupsSeparator", Kind.SEPARATOR, ","),
    /** More groups than this in one request is a rejection (400). Default 256. */
    MAX_GROUPS("maxGroups", Kind.NUMBER, "256", 0, 65_536),
    /** {@code name=Header} pairs, comma-separated, exposed as principal attributes. Default none. */
    ATTRIBUTE_HEADERS("attributeHeaders", Kind.HEADER_MAP, null),
    /** Java regex the normalised user name must match in full. Default ASCII letters, digits and {@code ._@+-}. */
    USERNAME_PATTERN("usernamePattern", Kind.REGEX, "[A-Za-z0-9._@+-]{1,256}"),
    /** Comma list of realms: {@code user@REALM} becomes {@code user} only for these; a foreign realm is 403. */
    STRIP_REALM("stripRealm", Kind.NAMES, null),
    /** Comma list of domains: {@code DOMAIN&#92;user} becomes {@code user} only for these; a foreign domain is 403. */
    STRIP_DOMAIN("stripDomain", Kind.NAMES, null),
    /** Lower-case the user name with {@code Locale.ROOT} after stripping. Default {@code false}. */
    LOWERCASE_USERNAME("lowercaseUsername", Kind.BOOLEAN, "false"),
    /** Comma list of roles every remotely authenticated user gets. Default none. */
    DEFAULT_ROLES("defaultRoles", Kind.ROLES, null),
    /** {@code group=role1 role2;group2=role3}; when set, only mapped groups give roles. Default none. */
    ROLE_MAPPING("roleMapping", Kind.ROLE_MAPPING, null),
    /** Comma list of groups ignored entirely. Default none. */
    EXCLUDED_GROUPS("excludedGroups", Kind.NAMES, null),
    /** {@code per-request} or {@code persistent}; see {@code Mode}. Default {@code per-request}. */
    MODE("mode", Kind.CHOICE, "per-request", List.of("per-request", "persistent")),
    /** Comma list of path prefixes on which the identity headers are honoured; elsewhere stripped. Default all. */
    HEADER_PATHS("headerPaths", Kind.PATHS, null),
    /** A trusted peer must send the identity header; a missing one is 401 instead of a fallback. Default false. */
    REQUIRE_HEADER("requireHeader", Kind.BOOLEAN, "false"),
    /**
     * Path answering with a JSON report of the decision for the request (peer trust and why, identity headers seen,
     * user, roles, reason code, mode), for operators; values are shown only for a trusted peer, tokens and secrets
     * never. Default none (off).
     */
    DIAGNOSTICS_PATH("diagnosticsPath", Kind.PATH, null),
    /** Path that logs the user out. Default none. */
    LOGOUT_PATH("logoutPath", Kind.PATH, null),
    /** Where {@link #LOGOUT_PATH} redirects after logout (the proxy's logout URL). Default none. */
    LOGOUT_REDIRECT("logoutRedirect", Kind.URL, null),
    /**
     * File holding the key (at least 32 bytes; surrounding white space ignored) that seals the identity kept in a
     * session, so that every node of a cluster, and a server restarted with persisted sessions, accepts the sessions
     * the others made. Give every node the same file and keep it unreadable to webapps and other users. Default
     * none: a random key per start, so a session's login holds on this node until it restarts and nowhere else.
     */
    SESSION_KEY_FILE("sessionKeyFile", Kind.FILE, null),
    /** With a user store, whether users the store does not know are accepted. Default {@code true}. */
    CREATE_UNKNOWN_USERS("createUnknownUsers", Kind.BOOLEAN, "true"),
    /** {@code none}, {@code realm} (Tomcat), {@code login-service} (Jetty) or {@code jaas}. Default {@code none}. */
    USER_STORE("userStore", Kind.CHOICE, "none", List.of("none", "realm", "login-service", "jaas")),
    /** With {@code userStore=jaas}: the JAAS application (entry) name in the login configuration. Default none. */
    JAAS_APP_NAME("jaasAppName", Kind.TEXT, null),
    /**
     * With {@code userStore=jaas}: comma list of principal class names that mark the user; when set, a login whose
     * Subject has none of them counts as an unknown user. Default none (any successful login).
     */
    JAAS_USER_CLASSES("jaasUserClasses", Kind.CLASS_NAMES, null),
    /** With {@code userStore=jaas}: comma list of principal class names whose names are roles. */
    JAAS_ROLE_CLASSES("jaasRoleClasses", Kind.CLASS_NAMES, "dev.remoteuser.jaas.RolePrincipal"),
    /**
     * Where the user name comes from: {@code header} ({@link #USER_HEADER} from a trusted peer) or {@code connector}
     * (the name an AJP connector with {@code tomcatAuthentication="false"} delivered; its trust is the connector's
     * own secret and bind address). Default {@code header}.
     */
    IDENTITY_SOURCE("identitySource", Kind.CHOICE, "header", List.of("header", "connector")),
    /** Seconds a user-store answer (found or not found) is cached; 0 disables the cache. Default 60. */
    USER_CACHE_TTL("userCacheTtl", Kind.SECONDS, "60", 0, 86_400),
    /** Most user-store answers kept in the cache (least recently used evicted). Default 10000. */
    USER_CACHE_SIZE("userCacheSize", Kind.NUMBER, "10000", 0, 1_000_000),
    /**
     * Seconds a request waits for the user store before the store counts as failed (503); at most 32 look-ups run
     * at once, more fail at once. Default 5.
     */
    USER_STORE_TIMEOUT("userStoreTimeout", Kind.SECONDS, "5", 1, 300);

    /**
     * The format of an option's value. {@link OptionReader} reads each option only as its kind, so an option's
     * format is stated once, here, and every installation form (server.xml, Jetty, JAAS) checks it the same way.
     */
    public enum Kind {
        /** An HTTP header name (an RFC 9110 token). */
        HEADER_NAME,
        /** Comma list of IPv4/IPv6 addresses and CIDR blocks, or {@code any}. */
        ADDRESSES,
        /** Semicolon list of {@code dns:}, {@code uri:}, {@code email:} or {@code dn:} names. */
        CERTIFICATE_NAMES,
        /** A secret: never shown in a message or log. */
        SECRET,
        /** A file path. */
        FILE,
        /** One of {@link Option#choices()}. */
        CHOICE,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** Whole seconds within {@link Option#minimum()} and {@link Option#maximum()}. */
        SECONDS,
        /** A whole number within {@link Option#minimum()} and {@link Option#maximum()}. */
        NUMBER,
        /** Comma list of names (realms, domains, groups, audiences). */
        NAMES,
        /** Comma list of role names. */
        ROLES,
        /** {@code group=role1 role2;group2=role3}. */
        ROLE_MAPPING,
        /** Comma list of normalised absolute paths. */
        PATHS,
        /** One normalised absolute path. */
        PATH,
        /** A URL (the option says which schemes). */
        URL,
        /** A Java regular expression. */
        REGEX,
        /** Comma list of Java class names. */
        CLASS_NAMES,
        /** Comma list of {@code name=Header-Name} pairs. */
        HEADER_MAP,
        /** Separator characters (printable ASCII punctuation or spaces). */
        SEPARATOR,
        /** A JWT claim name. */
        CLAIM,
        /** Printable text without further grammar. */
        TEXT,
        /** Comma list of JWS algorithm names. */
        ALGORITHMS
    }

    private final String key;
    private final Kind kind;
    private final String defaultValue;
    private final List<String> choices;
    private final int minimum;
    private final int maximum;

    Option(String key, Kind kind, String defaultValue) {
        this(key, kind, defaultValue, List.of(), 0, 0);
    }

    Option(String key, Kind kind, String defaultValue, List<String> choices) {
        this(key, kind, defaultValue, choices, 0, 0);
    }

    Option(String key, Kind kind, String defaultValue, int minimum, int maximum) {
        this(key, kind, defaultValue, List.of(), minimum, maximum);
    }

    Option(String key, Kind kind, String defaultValue, List<String> choices, int minimum, int maximum) {
        this.key = key;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.choices = choices;
        this.minimum = minimum;
        this.maximum = maximum;
    }

    /** The option's name as written in server.xml, Jetty configuration and JAAS options. */
    public String key() {
        return key;
    }

    /** The format of the option's value. */
    public Kind kind() {
        return kind;
    }

    /** The default value in the option's own string format, or empty when the option is off by default. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** For a {@link Kind#CHOICE}: the accepted values, in documentation order; otherwise empty. */
    public List<String> choices() {
        return choices;
    }

    /** For {@link Kind#NUMBER} and {@link Kind#SECONDS}: the smallest accepted value. */
    public int minimum() {
        return minimum;
    }

    /** For {@link Kind#NUMBER} and {@link Kind#SECONDS}: the largest accepted value. */
    public int maximum() {
        return maximum;
    }

    /**
     * The options that decide whom and what we trust: the peer addresses, the proxy certificate and secret, every
     * signed-assertion setting, the identity source, what happens to untrusted headers, and the names of the headers
     * the proxy sets (a header it does not set or strip is one its clients can send through it). Where an operator set
     * them server-wide, a webapp's own settings must not change them.
     */
    private static final java.util.Set<Option> TRUST = java.util.EnumSet.of(USER_HEADER, TRUSTED_PROXIES,
            TRUSTED_PROXY_CERTIFICATES, PROXY_SECRET_HEADER, PROXY_SECRET, PROXY_SECRET_FILE, ASSERTION_PROFILE,
            ASSERTION_HEADER, JWKS_URL, JWKS_FILE, ISSUER, AUDIENCE, ALGORITHMS, USER_CLAIM, GROUPS_CLAIM, CLOCK_SKEW,
            ASSERTION_SIGNER, UNTRUSTED_HEADERS, GROUPS_HEADER, ATTRIBUTE_HEADERS, IDENTITY_SOURCE, SESSION_KEY_FILE);

    /** Whether this option decides trust, so that only a server-wide configuration may set it (see README). */
    public boolean isTrustOption() {
        return TRUST.contains(this);
    }

    /**
     * Refuses a webapp's own settings that would change a trust option of a server-wide configuration.
     *
     * @param names  the option names the webapp's settings carry
     * @param source how the operator finds them, for the message (for example the init-param prefix)
     * @throws InvalidConfigurationException naming every such option
     */
    public static void requireNoTrustOptions(java.util.Collection<String> names, String source) {
        List<String> problems = new java.util.ArrayList<>();
        for (String name : names) {
            byKey(name).filter(Option::isTrustOption).ifPresent(option -> problems.add(source + option.key()
                    + ": a trust option is set server-wide and a webapp may not change it; set it in the server-wide"
                    + " configuration instead"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    /** The option with this exact (case-sensitive) name. */
    public static Optional<Option> byKey(String key) {
        return Arrays.stream(values()).filter(o -> o.key.equals(key)).findFirst();
    }

    /**
     * The option whose name is closest to {@code name} within three edits, ignoring case: the hint for a typo.
     * Empty when no name is that close.
     */
    public static Optional<Option> closest(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        Option best = null;
        int bestDistance = 4;
        for (Option o : values()) {
            int distance = editDistance(lower, o.key().toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = o;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
