package dev.remoteuser.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The validated, immutable configuration of the plugin. Built from the string options of {@link Option} (the names
 * and formats shared by server.xml, Jetty and JAAS) through {@link #builder()}, which reports every error at once.
 */
public final class RemoteUserConfig {

    /** The {@code trustedProxies} value that turns the peer address check off (beside another proof only). */
    static final String ANY_ADDRESS = "any";

    private static final Pattern HTTP_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,=:@/-]*");

    private final String userHeader;
    private final List<AddressBlock> trustedProxies;
    private final Set<String> trustedProxyCertificates;
    private final Optional<String> proxySecretHeader;
    private final byte[] proxySecret;
    private final Optional<AssertionSettings> assertion;
    private final UntrustedHeaders untrustedHeaders;
    private final Optional<String> groupsHeader;
    private final String groupsSeparator;
    private final int maxGroups;
    private final Map<String, String> attributeHeaders;
    private final Pattern usernamePattern;
    private final Set<String> stripRealm;
    private final Set<String> stripDomain;
    private final boolean lowercaseUsername;
    private final Set<String> defaultRoles;
    private final Map<String, Set<String>> roleMapping;
    private final Set<String> excludedGroups;
    private final Mode mode;
    private final List<String> headerPaths;
    private final boolean requireHeader;
    private final Optional<String> logoutPath;
    private final Optional<String> diagnosticsPath;
    private final Optional<String> logoutRedirect;
    private final boolean createUnknownUsers;
    private final UserStoreKind userStore;
    private final IdentitySource identitySource;
    private final Optional<String> jaasAppName;
    private final Set<String> jaasUserClasses;
    private final Set<String> jaasRoleClasses;
    private final Duration userCacheTtl;
    private final int userCacheSize;
    private final Duration userStoreTimeout;

    private RemoteUserConfig(Parser p) {
        userHeader = p.userHeader;
        trustedProxies = p.trustedProxies;
        trustedProxyCertificates = p.trustedProxyCertificates;
        proxySecretHeader = p.proxySecretHeader;
        proxySecret = p.proxySecret;
        assertion = p.assertion;
        untrustedHeaders = p.untrustedHeaders;
        groupsHeader = p.groupsHeader;
        groupsSeparator = p.groupsSeparator;
        maxGroups = p.maxGroups;
        attributeHeaders = p.attributeHeaders;
        usernamePattern = p.usernamePattern;
        stripRealm = p.stripRealm;
        stripDomain = p.stripDomain;
        lowercaseUsername = p.lowercaseUsername;
        defaultRoles = p.defaultRoles;
        roleMapping = p.roleMapping;
        excludedGroups = p.excludedGroups;
        mode = p.mode;
        headerPaths = p.headerPaths;
        requireHeader = p.requireHeader;
        logoutPath = p.logoutPath;
        diagnosticsPath = p.diagnosticsPath;
        logoutRedirect = p.logoutRedirect;
        createUnknownUsers = p.createUnknownUsers;
        userStore = p.userStore;
        identitySource = p.identitySource;
        jaasAppName = p.jaasAppName;
        jaasUserClasses = p.jaasUserClasses;
        jaasRoleClasses = p.jaasRoleClasses;
        userCacheTtl = p.userCacheTtl;
        userCacheSize = p.userCacheSize;
        userStoreTimeout = p.userStoreTimeout;
    }

    /** A builder with every option at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a configuration from option names and string values, as an adapter reads them from its container.
     *
     * @throws InvalidConfigurationException listing every unknown option name and every invalid value
     */
    public static RemoteUserConfig fromOptions(Map<String, String> options) {
        Builder builder = builder();
        options.forEach(builder::set);
        return builder.build();
    }

    /** Header that carries the user name. */
    public String userHeader() {
        return userHeader;
    }

    /** Header carrying the groups, if configured. */
    public Optional<String> groupsHeader() {
        return groupsHeader;
    }

    /** The signed-assertion settings, when {@code assertionProfile} or {@code assertionHeader} is set. */
    public Optional<AssertionSettings> assertion() {
        return assertion;
    }

    /** Principal attribute name to header name, in configuration order. */
    public Map<String, String> attributeHeaders() {
        return attributeHeaders;
    }

    /** The session life of an identity. */
    public Mode mode() {
        return mode;
    }

    /** Which user store the adapter must provide. */
    public UserStoreKind userStore() {
        return userStore;
    }

    /** Whether users unknown to the store are accepted. */
    public boolean createUnknownUsers() {
        return createUnknownUsers;
    }

    /** Where the user name comes from. */
    public IdentitySource identitySource() {
        return identitySource;
    }

    /** The JAAS login configuration entry, with {@code userStore=jaas}. */
    public Optional<String> jaasAppName() {
        return jaasAppName;
    }

    /** Principal classes that mark the user in a JAAS Subject; empty means any successful login. */
    public Set<String> jaasUserClasses() {
        return jaasUserClasses;
    }

    /** Principal classes whose names are roles in a JAAS Subject. */
    public Set<String> jaasRoleClasses() {
        return jaasRoleClasses;
    }

    /**
     * The roles these options give for a set of groups: {@code excludedGroups} removed, {@code roleMapping} (or the
     * groups as they are), {@code defaultRoles}; never {@code *} or {@code **}. The JAAS module uses it to apply
     * its own options the way the adapters do.
     */
    public Set<String> rolesForGroups(Set<String> groups) {
        Set<String> kept = new LinkedHashSet<>(groups);
        kept.removeAll(excludedGroups);
        return new RoleResolver(this).roles(kept, Set.of());
    }

    /** How long store answers are cached; zero disables the cache. */
    public Duration userCacheTtl() {
        return userCacheTtl;
    }

    /** Most store answers kept in the cache. */
    public int userCacheSize() {
        return userCacheSize;
    }

    /** How long a request waits for the user store before it counts as failed. */
    public Duration userStoreTimeout() {
        return userStoreTimeout;
    }

    /** What happens to identity headers from untrusted peers. */
    public UntrustedHeaders untrustedHeaders() {
        return untrustedHeaders;
    }

    /** The path that answers with a diagnostics report, if configured. */
    public Optional<String> diagnosticsPath() {
        return diagnosticsPath;
    }

    /** The path that logs out, if configured. */
    public Optional<String> logoutPath() {
        return logoutPath;
    }

    /**
     * The effective settings in one line, for the startup log and JMX: which peers are trusted, which headers carry
     * identity, mode and store. It never contains a secret.
     */
    @Override
    public String toString() {
        return "userHeader=" + userHeader + ", trustedProxies=" + (trustedProxies.isEmpty() ? "any" : trustedProxies)
                + (trustedProxyCertificates.isEmpty() ? "" : ", trustedProxyCertificates=" + trustedProxyCertificates)
                + proxySecretHeader.map(h -> ", proxySecretHeader=" + h + " (secret set)").orElse("")
                + assertion.map(a -> ", assertionProfile=" + a.profile().key() + ", assertionHeader=" + a.header()
                        + ", issuer=" + a.issuer() + ", keys=" + a.jwksUrl().map(URI::toString)
                        .orElseGet(() -> a.jwksFile().map(Object::toString).orElse("none"))).orElse("")
                + ", untrustedHeaders="
                + untrustedHeaders.key() + ", groupsHeader=" + groupsHeader.orElse("none") + ", attributeHeaders="
                + attributeHeaders + ", mode=" + mode.key() + ", identitySource=" + identitySource.key()
                + ", userStore=" + userStore.key() + ", headerPaths=" + (headerPaths.isEmpty() ? "all" : headerPaths)
                + ", logoutPath=" + logoutPath.orElse("none")
                + diagnosticsPath.map(p -> ", diagnosticsPath=" + p).orElse("");
    }

    List<AddressBlock> trustedProxies() {
        return trustedProxies;
    }

    String groupsSeparator() {
        return groupsSeparator;
    }

    int maxGroups() {
        return maxGroups;
    }

    /** Whether the peer address must match {@link #trustedProxies()} (false only with {@code trustedProxies=any}). */
    boolean checkPeerAddress() {
        return !trustedProxies.isEmpty();
    }

    Set<String> trustedProxyCertificates() {
        return trustedProxyCertificates;
    }

    Optional<String> proxySecretHeader() {
        return proxySecretHeader;
    }

    /** The shared secret's bytes; never logged. */
    byte[] proxySecret() {
        return proxySecret;
    }

    Pattern usernamePattern() {
        return usernamePattern;
    }

    Set<String> stripRealm() {
        return stripRealm;
    }

    Set<String> stripDomain() {
        return stripDomain;
    }

    boolean lowercaseUsername() {
        return lowercaseUsername;
    }

    Set<String> defaultRoles() {
        return defaultRoles;
    }

    Map<String, Set<String>> roleMapping() {
        return roleMapping;
    }

    Set<String> excludedGroups() {
        return excludedGroups;
    }

    List<String> headerPaths() {
        return headerPaths;
    }

    boolean requireHeader() {
        return requireHeader;
    }

    Optional<String> logoutRedirect() {
        return logoutRedirect;
    }

    /**
     * Collects option values as strings. Nothing is checked until {@link #build()}, which reports every problem at
     * once. A {@code null} or empty value means "use the default".
     */
    public static final class Builder {
        private final Map<Option, String> values = new EnumMap<>(Option.class);
        private final List<String> unknown = new ArrayList<>();

        private Builder() {
        }

        /** Sets an option by its name (exact, case-sensitive); an unknown name is reported by {@link #build()}. */
        public Builder set(String name, String value) {
            Optional<Option> option = Option.byKey(name);
            if (option.isPresent()) {
                return set(option.get(), value);
            }
            unknown.add(name);
            return this;
        }

        /** Sets an option; {@code null} or empty restores its default. */
        public Builder set(Option option, String value) {
            if (value == null || value.isEmpty()) {
                values.remove(option);
            } else {
                values.put(option, value);
            }
            return this;
        }

        /** The value set for an option, or its default. */
        public Optional<String> get(Option option) {
            String value = values.get(option);
            return value != null ? Optional.of(value) : option.defaultValue();
        }

        /**
         * Validates every option.
         *
         * @throws InvalidConfigurationException listing all problems found
         */
        public RemoteUserConfig build() {
            Parser parser = new Parser(this);
            for (String name : unknown) {
                parser.problems.add(name + ": unknown option" + suggestion(name));
            }
            parser.parseAll();
            if (!parser.problems.isEmpty()) {
                throw new InvalidConfigurationException(parser.problems);
            }
            return new RemoteUserConfig(parser);
        }

        /** The closest option name within three edits, ignoring case, as a hint for a typo. */
        private static String suggestion(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            Option best = null;
            int bestDistance = 4;
            for (Option o : Option.values()) {
                int distance = editDistance(lower, o.key().toLowerCase(Locale.ROOT));
                if (distance < bestDistance) {
                    best = o;
                    bestDistance = distance;
                }
            }
            return best == null ? "" : " (did you mean '" + best.key() + "'?)";
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

    /** Turns the builder's strings into typed values, collecting a message per problem. */
    private static final class Parser {
        final List<String> problems = new ArrayList<>();
        private final Builder source;

        String userHeader;
        List<AddressBlock> trustedProxies;
        boolean checkPeerAddress;
        Set<String> trustedProxyCertificates;
        Optional<String> proxySecretHeader;
        byte[] proxySecret;
        Optional<AssertionSettings> assertion;
        UntrustedHeaders untrustedHeaders;
        Optional<String> groupsHeader;
        String groupsSeparator;
        int maxGroups;
        Map<String, String> attributeHeaders;
        Pattern usernamePattern;
        Set<String> stripRealm;
        Set<String> stripDomain;
        boolean lowercaseUsername;
        Set<String> defaultRoles;
        Map<String, Set<String>> roleMapping;
        Set<String> excludedGroups;
        Mode mode;
        List<String> headerPaths;
        boolean requireHeader;
        Optional<String> logoutPath;
        Optional<String> diagnosticsPath;
        Optional<String> logoutRedirect;
        boolean createUnknownUsers;
        UserStoreKind userStore;
        IdentitySource identitySource;
        Optional<String> jaasAppName;
        Set<String> jaasUserClasses;
        Set<String> jaasRoleClasses;
        Duration userCacheTtl;
        int userCacheSize;
        Duration userStoreTimeout;

        Parser(Builder source) {
            this.source = source;
        }

        void parseAll() {
            userHeader = header(Option.USER_HEADER).orElse(Option.USER_HEADER.defaultValue().orElseThrow());
            trustedProxyCertificates = certificateNames();
            boolean assertions = source.values.containsKey(Option.ASSERTION_PROFILE)
                    || source.values.containsKey(Option.ASSERTION_HEADER);
            // one rule, whether the option is written or left at its default: the peer address is checked unless
            // trustedProxies says 'any', which only another proof of the proxy's identity may stand for
            checkPeerAddress = !ANY_ADDRESS.equals(trimmed(Option.TRUSTED_PROXIES));
            if (!checkPeerAddress && trustedProxyCertificates.isEmpty() && !assertions) {
                problems.add("trustedProxies: 'any' turns the peer address check off, so another proof must take"
                        + " its place: set trustedProxyCertificates or a signed assertion (assertionProfile or"
                        + " assertionHeader)");
            }
            trustedProxies = trustedProxies();
            proxySecretHeader = header(Option.PROXY_SECRET_HEADER);
            proxySecret = proxySecret();
            assertion = assertions ? Optional.ofNullable(new AssertionParser(this).parse()) : Optional.empty();
            if (!assertions) {
                AssertionParser.reportUnused(this);
            }
            untrustedHeaders = choice(Option.UNTRUSTED_HEADERS, UntrustedHeaders.values(), UntrustedHeaders::key);
            groupsHeader = header(Option.GROUPS_HEADER);
            groupsSeparator = groupsSeparator();
            maxGroups = integer(Option.MAX_GROUPS, 0, 65_536);
            attributeHeaders = attributeHeaders();
            usernamePattern = usernamePattern();
            stripRealm = nameList(Option.STRIP_REALM, "@");
            stripDomain = nameList(Option.STRIP_DOMAIN, "\\");
            lowercaseUsername = bool(Option.LOWERCASE_USERNAME);
            defaultRoles = roles(Option.DEFAULT_ROLES, split(raw(Option.DEFAULT_ROLES), ","));
            roleMapping = roleMapping();
            excludedGroups = nameList(Option.EXCLUDED_GROUPS, "");
            mode = choice(Option.MODE, Mode.values(), Mode::key);
            headerPaths = paths(Option.HEADER_PATHS);
            requireHeader = bool(Option.REQUIRE_HEADER);
            List<String> logout = paths(Option.LOGOUT_PATH);
            if (logout.size() > 1) {
                problems.add("logoutPath: one path only");
            }
            logoutPath = logout.stream().findFirst();
            List<String> diagnostics = paths(Option.DIAGNOSTICS_PATH);
            if (diagnostics.size() > 1) {
                problems.add("diagnosticsPath: one path only");
            }
            diagnosticsPath = diagnostics.stream().findFirst();
            if (diagnosticsPath.isPresent() && diagnosticsPath.equals(logoutPath)) {
                problems.add("diagnosticsPath: must differ from logoutPath");
            }
            logoutRedirect = logoutRedirect();
            createUnknownUsers = bool(Option.CREATE_UNKNOWN_USERS);
            userStore = choice(Option.USER_STORE, UserStoreKind.values(), UserStoreKind::key);
            identitySource = choice(Option.IDENTITY_SOURCE, IdentitySource.values(), IdentitySource::key);
            jaasAppName = Optional.ofNullable(trimmed(Option.JAAS_APP_NAME));
            jaasUserClasses = classNames(Option.JAAS_USER_CLASSES);
            jaasRoleClasses = classNames(Option.JAAS_ROLE_CLASSES);
            userCacheTtl = Duration.ofSeconds(integer(Option.USER_CACHE_TTL, 0, 86_400));
            userCacheSize = integer(Option.USER_CACHE_SIZE, 0, 1_000_000);
            userStoreTimeout = Duration.ofSeconds(integer(Option.USER_STORE_TIMEOUT, 1, 300));
            crossChecks();
        }

        private void crossChecks() {
            if (logoutRedirect.isPresent() && logoutPath.isEmpty()) {
                problems.add("logoutRedirect: needs logoutPath (the path that triggers the logout)");
            }
            if (userStore == UserStoreKind.JAAS && jaasAppName.isEmpty()) {
                problems.add("jaasAppName: userStore=jaas needs the name of the JAAS login configuration entry");
            }
            if (userStore != UserStoreKind.JAAS && (jaasAppName.isPresent() || !jaasUserClasses.isEmpty())) {
                problems.add("jaasAppName: only used with userStore=jaas");
            }
            if (!createUnknownUsers && userStore == UserStoreKind.NONE) {
                problems.add("createUnknownUsers: 'false' needs a userStore that knows the users; with"
                        + " userStore=none every user would be refused");
            }
            assertionCrossChecks();
            Map<String, String> canonicalOwners = new LinkedHashMap<>();
            List<String> identityHeaders = new ArrayList<>();
            identityHeaders.add(userHeader);
            proxySecretHeader.ifPresent(identityHeaders::add);
            assertion.map(AssertionSettings::header).ifPresent(identityHeaders::add);
            groupsHeader.ifPresent(identityHeaders::add);
            identityHeaders.addAll(attributeHeaders.values());
            for (String header : identityHeaders) {
                String previous = canonicalOwners.putIfAbsent(HeaderNames.canonical(header), header);
                if (previous != null) {
                    problems.add("identity headers '" + previous + "' and '" + header + "' are the same header or"
                            + " lookalikes of each other; each identity header needs its own name");
                }
            }
        }

        private void assertionCrossChecks() {
            if (assertion.isEmpty()) {
                return;
            }
            if (identitySource == IdentitySource.CONNECTOR) {
                problems.add("identitySource: 'connector' cannot be combined with signed assertions");
            }
            boolean peerProof = checkPeerAddress || !trustedProxyCertificates.isEmpty() || proxySecretHeader.isPresent();
            if (!peerProof && (groupsHeader.isPresent() || !attributeHeaders.isEmpty())) {
                problems.add((groupsHeader.isPresent() ? "groupsHeader" : "attributeHeaders") + ": with the signed"
                        + " assertion as the only proof, unsigned headers could come from anyone; use groupsClaim,"
                        + " or also set trustedProxies (or trustedProxyCertificates or proxySecretHeader)");
            }
            if (groupsHeader.isPresent() && assertion.get().groupsClaim().isPresent()) {
                problems.add("groupsHeader: set groupsHeader or groupsClaim, not both");
            }
        }

        private String raw(Option option) {
            return source.get(option).orElse(null);
        }

        private String trimmed(Option option) {
            String value = raw(option);
            return value == null ? null : value.trim();
        }

        private Optional<String> header(Option option) {
            String value = trimmed(option);
            if (value == null || value.isEmpty()) {
                return Optional.empty();
            }
            if (!HTTP_TOKEN.matcher(value).matches()) {
                problems.add(option.key() + ": '" + LogSafe.escape(value) + "' is not a valid HTTP header name");
                return Optional.empty();
            }
            return Optional.of(value);
        }

        private Set<String> certificateNames() {
            Set<String> result = new LinkedHashSet<>();
            for (String name : split(raw(Option.TRUSTED_PROXY_CERTIFICATES), ";")) {
                if (!name.matches("(dns|uri|email|dn):\\S.*") || !HeaderValues.isPrintable(name)) {
                    problems.add("trustedProxyCertificates: '" + LogSafe.escape(name) + "' must be dns:, uri:, email:"
                            + " or dn: followed by the exact name");
                } else {
                    result.add(name);
                }
            }
            return Collections.unmodifiableSet(result);
        }

        /** The secret's bytes, from proxySecret or the first line of proxySecretFile; never in a message. */
        private byte[] proxySecret() {
            String inline = raw(Option.PROXY_SECRET);
            String file = trimmed(Option.PROXY_SECRET_FILE);
            boolean wanted = source.values.containsKey(Option.PROXY_SECRET_HEADER);
            if (inline != null && file != null) {
                problems.add("proxySecret: set proxySecret or proxySecretFile, not both");
                return null;
            }
            String secret = inline;
            if (file != null) {
                try {
                    List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(file));
                    secret = lines.isEmpty() ? "" : lines.get(0).strip();
                } catch (java.io.IOException | RuntimeException e) {
                    problems.add("proxySecretFile: cannot read '" + LogSafe.escape(file) + "'");
                    return null;
                }
            }
            if (wanted != (secret != null)) {
                problems.add(wanted ? "proxySecretHeader: needs proxySecret or proxySecretFile"
                        : "proxySecret: needs proxySecretHeader (the header the proxy sends it in)");
                return null;
            }
            if (secret != null && (secret.length() < 16 || !HeaderValues.isPrintable(secret))) {
                problems.add("proxySecret: must be at least 16 printable characters (the value is not shown)");
                return null;
            }
            return secret == null ? null : secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        private List<AddressBlock> trustedProxies() {
            if (!checkPeerAddress) {
                return List.of();
            }
            List<String> entries = split(raw(Option.TRUSTED_PROXIES), ",");
            if (entries.isEmpty()) {
                problems.add("trustedProxies: list at least one proxy address");
            }
            List<AddressBlock> blocks = new ArrayList<>();
            for (String entry : entries) {
                try {
                    blocks.add(AddressBlock.parse(entry));
                } catch (IllegalArgumentException e) {
                    problems.add("trustedProxies: " + LogSafe.escape(e.getMessage(), 300));
                }
            }
            return List.copyOf(blocks);
        }

        private <T> T choice(Option option, T[] choices, Function<T, String> key) {
            String value = trimmed(option);
            for (T choice : choices) {
                if (key.apply(choice).equals(value)) {
                    return choice;
                }
            }
            List<String> names = new ArrayList<>();
            for (T choice : choices) {
                names.add(key.apply(choice));
            }
            problems.add(option.key() + ": '" + LogSafe.escape(value) + "' is not one of " + String.join(", ", names));
            return choices[0];
        }

        private boolean bool(Option option) {
            String value = trimmed(option);
            if ("true".equals(value)) {
                return true;
            }
            if (!"false".equals(value)) {
                problems.add(option.key() + ": '" + LogSafe.escape(value) + "' must be true or false");
            }
            return false;
        }

        private int integer(Option option, int min, int max) {
            String value = trimmed(option);
            if (value.matches("[0-9]{1,9}")) {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            }
            problems.add(option.key() + ": '" + LogSafe.escape(value) + "' must be a whole number from " + min
                    + " to " + max);
            return min;
        }

        private String groupsSeparator() {
            String value = raw(Option.GROUPS_SEPARATOR);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isLetterOrDigit(c) || c < 0x20 || c > 0x7e) {
                    problems.add("groupsSeparator: '" + LogSafe.escape(value) + "' must be printable ASCII"
                            + " punctuation or spaces");
                    return ",";
                }
            }
            return value;
        }

        private Set<String> classNames(Option option) {
            Set<String> result = new LinkedHashSet<>();
            for (String name : split(raw(option), ",")) {
                if (!name.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*")) {
                    problems.add(option.key() + ": '" + LogSafe.escape(name) + "' is not a Java class name");
                } else {
                    result.add(name);
                }
            }
            return Collections.unmodifiableSet(result);
        }

        private Map<String, String> attributeHeaders() {
            Map<String, String> result = new LinkedHashMap<>();
            for (String pair : split(raw(Option.ATTRIBUTE_HEADERS), ",")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq).trim();
                String header = eq < 0 ? "" : pair.substring(eq + 1).trim();
                if (!ATTRIBUTE_NAME.matcher(name).matches() || !HTTP_TOKEN.matcher(header).matches()) {
                    problems.add("attributeHeaders: '" + LogSafe.escape(pair) + "' must be name=Header-Name");
                } else if (result.putIfAbsent(name, header) != null) {
                    problems.add("attributeHeaders: attribute '" + name + "' is listed twice");
                }
            }
            return Collections.unmodifiableMap(result);
        }

        private Pattern usernamePattern() {
            String value = raw(Option.USERNAME_PATTERN);
            try {
                Pattern pattern = Pattern.compile(value);
                if (pattern.matcher("").matches()) {
                    problems.add("usernamePattern: must not match the empty name");
                }
                return pattern;
            } catch (PatternSyntaxException e) {
                problems.add("usernamePattern: not a valid Java regular expression: "
                        + LogSafe.escape(e.getDescription()));
                return Pattern.compile(Option.USERNAME_PATTERN.defaultValue().orElseThrow());
            }
        }

        /** A comma list of names (realms, domains, groups); {@code forbidden} characters make an entry invalid. */
        private Set<String> nameList(Option option, String forbidden) {
            Set<String> result = new LinkedHashSet<>();
            for (String name : split(raw(option), ",")) {
                if (!forbidden.isEmpty() && name.contains(forbidden) || !HeaderValues.isPrintable(name)) {
                    problems.add(option.key() + ": '" + LogSafe.escape(name) + "' is not a valid name");
                } else {
                    result.add(name);
                }
            }
            return Collections.unmodifiableSet(result);
        }

        private Set<String> roles(Option option, List<String> names) {
            Set<String> result = new LinkedHashSet<>();
            for (String role : names) {
                if (RoleResolver.RESERVED_ROLES.contains(role)) {
                    problems.add(option.key() + ": '" + role + "' is a reserved role name and is never granted");
                } else if (!HeaderValues.isPrintable(role) || role.chars().anyMatch(c -> c == ' ' || c == ';'
                        || c == '=' || c == ',')) {
                    problems.add(option.key() + ": '" + LogSafe.escape(role) + "' is not a valid role name");
                } else {
                    result.add(role);
                }
            }
            return Collections.unmodifiableSet(result);
        }

        private Map<String, Set<String>> roleMapping() {
            Map<String, Set<String>> result = new LinkedHashMap<>();
            for (String rule : split(raw(Option.ROLE_MAPPING), ";")) {
                int eq = rule.indexOf('=');
                String group = eq < 0 ? "" : rule.substring(0, eq).trim();
                List<String> roleNames = eq < 0 ? List.of() : split(rule.substring(eq + 1), " ");
                if (group.isEmpty() || roleNames.isEmpty() || !HeaderValues.isPrintable(group)) {
                    problems.add("roleMapping: '" + LogSafe.escape(rule) + "' must be group=role1 role2");
                } else if (result.containsKey(group)) {
                    problems.add("roleMapping: group '" + LogSafe.escape(group) + "' is mapped twice");
                } else {
                    result.put(group, roles(Option.ROLE_MAPPING, roleNames));
                }
            }
            return Collections.unmodifiableMap(result);
        }

        private List<String> paths(Option option) {
            List<String> result = new ArrayList<>();
            for (String path : split(raw(option), ",")) {
                if (!PATH.matcher(path).matches() || path.contains("//") || path.contains("/./")
                        || path.contains("/../") || path.endsWith("/..") || path.endsWith("/.")) {
                    problems.add(option.key() + ": '" + LogSafe.escape(path) + "' must be a normalised absolute"
                            + " path such as /app/login");
                } else {
                    result.add(path);
                }
            }
            return List.copyOf(result);
        }

        private Optional<String> logoutRedirect() {
            String value = trimmed(Option.LOGOUT_REDIRECT);
            if (value == null) {
                return Optional.empty();
            }
            try {
                URI uri = new URI(value);
                boolean absoluteHttp = uri.isAbsolute() && uri.getHost() != null
                        && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()));
                boolean localPath = !uri.isAbsolute() && value.startsWith("/") && !value.startsWith("//");
                if ((absoluteHttp || localPath) && HeaderValues.isPrintable(value) && !value.contains(" ")) {
                    return Optional.of(value);
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            problems.add("logoutRedirect: '" + LogSafe.escape(value) + "' must be an http(s) URL or a path starting"
                    + " with a single /");
            return Optional.empty();
        }

        /** Reads the signed-assertion options, applying the profile's defaults. */
        private static final class AssertionParser {
            private static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384",
                    "PS512", "ES256", "ES384", "ES512");
            private static final List<Option> OPTIONS = List.of(Option.JWKS_URL, Option.JWKS_FILE, Option.ISSUER,
                    Option.AUDIENCE, Option.ALGORITHMS, Option.USER_CLAIM, Option.GROUPS_CLAIM, Option.CLOCK_SKEW,
                    Option.ASSERTION_SIGNER);
            private static final Pattern CLAIM = Pattern.compile("[A-Za-z0-9_.:/-]{1,128}");
            private static final Pattern ALB_ARN =
                    Pattern.compile("arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):[0-9]{12}:loadbalancer/\\S+");

            private final Parser parser;

            AssertionParser(Parser parser) {
                this.parser = parser;
            }

            static void reportUnused(Parser parser) {
                for (Option option : OPTIONS) {
                    if (parser.source.values.containsKey(option)) {
                        parser.problems.add(option.key() + ": only used with assertionProfile or assertionHeader");
                    }
                }
            }

            AssertionSettings parse() {
                AssertionProfile profile = parser.source.values.containsKey(Option.ASSERTION_PROFILE)
                        ? parser.choice(Option.ASSERTION_PROFILE, AssertionProfile.values(), AssertionProfile::key)
                        : AssertionProfile.GENERIC;
                Optional<String> header = parser.header(Option.ASSERTION_HEADER).or(profile::header);
                if (header.isEmpty()) {
                    parser.problems.add("assertionHeader: the generic profile needs the header that carries the token");
                }
                String issuer = parser.trimmed(Option.ISSUER);
                if (issuer == null && profile == AssertionProfile.IAP) {
                    issuer = "https://cloud.google.com/iap";
                }
                if (issuer == null) {
                    parser.problems.add("issuer: required with assertionProfile=" + profile.key()
                            + " (the exact iss of the proxy's tokens)");
                } else if (!HeaderValues.isPrintable(issuer) || issuer.contains(" ")) {
                    parser.problems.add("issuer: '" + LogSafe.escape(issuer) + "' must be printable, without spaces");
                }
                Set<String> audience = new LinkedHashSet<>(split(parser.raw(Option.AUDIENCE), ","));
                if (audience.isEmpty() && profile != AssertionProfile.ALB) {
                    parser.problems.add("audience: required with assertionProfile=" + profile.key()
                            + (profile == AssertionProfile.IAP ? " (/projects/NUMBER/global/backendServices/ID)"
                            : profile == AssertionProfile.CLOUDFLARE ? " (the application's AUD tag)" : ""));
                }
                Set<String> algorithms = algorithms(profile);
                String userClaim = claim(Option.USER_CLAIM).orElse(profile.userClaim());
                Optional<String> groupsClaim = claim(Option.GROUPS_CLAIM).or(profile::groupsClaim);
                Duration skew = Duration.ofSeconds(parser.integer(Option.CLOCK_SKEW, 0, 300));
                Optional<String> signer = Optional.ofNullable(parser.trimmed(Option.ASSERTION_SIGNER));
                String region = null;
                if (profile == AssertionProfile.ALB) {
                    java.util.regex.Matcher arn = ALB_ARN.matcher(signer.orElse(""));
                    if (arn.matches()) {
                        region = arn.group(1);
                    } else {
                        parser.problems.add("assertionSigner: assertionProfile=alb needs the load balancer's ARN"
                                + " (arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/app/NAME/ID)");
                    }
                } else if (signer.isPresent()) {
                    parser.problems.add("assertionSigner: only used with assertionProfile=alb");
                }
                String fileName = parser.trimmed(Option.JWKS_FILE);
                Optional<Path> file = Optional.empty();
                if (fileName != null) {
                    try {
                        file = Optional.of(Path.of(fileName));
                    } catch (java.nio.file.InvalidPathException e) {
                        parser.problems.add("jwksFile: '" + LogSafe.escape(fileName) + "' is not a file path");
                    }
                }
                String url = parser.trimmed(Option.JWKS_URL);
                if (file.isPresent() && url != null) {
                    parser.problems.add("jwksUrl: set jwksUrl or jwksFile, not both");
                }
                if (file.isPresent() && !Files.isReadable(file.get())) {
                    parser.problems.add("jwksFile: cannot read '" + LogSafe.escape(file.get().toString()) + "'");
                }
                if (url == null && file.isEmpty()) {
                    url = profile == AssertionProfile.ALB
                            ? (region == null ? null : "https://public-keys.auth.elb." + region + ".amazonaws.com")
                            : profile.jwksUrl(issuer).orElse(null);
                    if (url == null && region == null && profile != AssertionProfile.ALB) {
                        parser.problems.add("jwksUrl: set jwksUrl or jwksFile (where the proxy's public keys are)");
                    }
                }
                Optional<URI> jwksUrl = file.isPresent() || url == null ? Optional.empty() : keyUrl(url);
                return new AssertionSettings(profile, header.orElse(""), jwksUrl, file, issuer == null ? "" : issuer,
                        Collections.unmodifiableSet(audience), algorithms, userClaim, groupsClaim, skew, signer);
            }

            private Set<String> algorithms(AssertionProfile profile) {
                List<String> names = split(parser.raw(Option.ALGORITHMS), ",");
                if (names.isEmpty()) {
                    return profile.algorithms();
                }
                Set<String> result = new LinkedHashSet<>();
                for (String name : names) {
                    if (ALGORITHMS.contains(name)) {
                        result.add(name);
                    } else {
                        parser.problems.add("algorithms: '" + LogSafe.escape(name) + "' is not allowed; only the"
                                + " asymmetric " + new java.util.TreeSet<>(ALGORITHMS) + " prove that the proxy"
                                + " signed the token (never none or HMAC)");
                    }
                }
                return Collections.unmodifiableSet(result);
            }

            private Optional<String> claim(Option option) {
                String value = parser.trimmed(option);
                if (value != null && !CLAIM.matcher(value).matches()) {
                    parser.problems.add(option.key() + ": '" + LogSafe.escape(value) + "' is not a claim name");
                    return Optional.empty();
                }
                return Optional.ofNullable(value);
            }

            /**
             * Whether an {@code http} key URL's host is this machine: {@code localhost}, an IPv4 literal in
             * 127.0.0.0/8 or {@code [::1]}. The host is parsed, never matched by prefix: {@code 127.attacker.example}
             * is a DNS name anyone can point anywhere.
             */
            private static boolean isLoopbackHost(String host) {
                if (host.equals("localhost")) {
                    return true;
                }
                String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1)
                        : host;
                if (host.startsWith("[") != literal.contains(":")) {
                    return false;
                }
                byte[] address = IpLiteral.parse(literal);
                return address != null && (address.length == 4 ? address[0] == 127
                        : java.util.Arrays.equals(address, LOOPBACK_IPV6));
            }

            private static final byte[] LOOPBACK_IPV6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

            /** https anywhere; http only to a loopback host (a local key server); never credentials or a fragment. */
            private Optional<URI> keyUrl(String value) {
                try {
                    URI uri = new URI(value);
                    String host = uri.getHost();
                    boolean loopback = host != null && isLoopbackHost(host);
                    if (host != null && uri.getRawUserInfo() == null && uri.getRawFragment() == null
                            && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && loopback)) {
                        return Optional.of(uri);
                    }
                } catch (URISyntaxException e) {
                    // reported below
                }
                parser.problems.add("jwksUrl: '" + LogSafe.escape(value) + "' must be an https URL (http only on a"
                        + " loopback host), without user info or fragment");
                return Optional.empty();
            }
        }

        private static List<String> split(String value, String separator) {
            List<String> result = new ArrayList<>();
            if (value == null) {
                return result;
            }
            for (String part : value.split(Pattern.quote(separator), -1)) {
                String trimmed = part.trim();
                if (!trimmed.isEmpty()) {
                    result.add(trimmed);
                }
            }
            return result;
        }
    }
}
