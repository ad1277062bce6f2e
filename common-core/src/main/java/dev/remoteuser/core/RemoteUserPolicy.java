package dev.remoteuser.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.LongSupplier;
import javax.security.auth.x500.X500Principal;

/**
 * The one place that decides whether a request's identity headers are trusted and who the user is. Adapters call
 * {@link #decide(RequestView)} once per request and carry out the {@link Decision}. Thread-safe and immutable apart
 * from the user-store cache.
 */
public final class RemoteUserPolicy {

    private final RemoteUserConfig config;
    /**
     * Most identities remembered per raw header pair (the least recently used go first); above the default
     * {@code userCacheSize} so that a user population the store cache holds fits the memo too.
     */
    static final int MAX_MEMO_ENTRIES = 16_384;
    /** Raw user and groups values longer than this together are not remembered. */
    static final int MAX_MEMO_KEY_LENGTH = 1_024;

    /**
     * Identities already built from a trusted peer's raw user and groups header values (without attribute headers
     * or assertions): a returning user skips the parsing. Only successes are remembered; the result of building is
     * fully determined by the two values and the immutable configuration, so a hit is exactly what building again
     * would give. Bounded by {@link #MAX_MEMO_ENTRIES}.
     */
    private final BoundedCache<RawIdentity, Identity> identities = new BoundedCache<>(MAX_MEMO_ENTRIES);

    /** How many identities are remembered (for tests of the bound). */
    int rememberedIdentities() {
        return identities.size();
    }

    /** The raw header values an identity was built from; empty groups when the header is absent or unused. */
    private record RawIdentity(String user, String groups) {
    }

    /** Longest signed assertion accepted (characters); proxies' tokens are well under 4 KiB. */
    static final int MAX_ASSERTION_LENGTH = 16_384;

    private final UserStore store;
    /** The store's cache (also {@link #store}), or null when the store is absent or not cached. */
    private final CachingUserStore cache;
    private final UsernameRules usernames;
    private final RoleResolver roles;
    /** Verifies the signed assertion; null when assertions are not configured. */
    private final AssertionVerifier assertions;
    /** Every configured identity header: the user header, the groups header, then the attribute headers. */
    private final List<String> identityHeaders;
    /** {@link HeaderNames#canonical} of each identity header, in the order of {@link #identityHeaders}. */
    private final String[] identityCanonical;

    /**
     * A policy without a user store.
     *
     * @throws IllegalArgumentException when the configuration names a user store
     */
    public RemoteUserPolicy(RemoteUserConfig config) {
        this(config, null);
    }

    /**
     * A policy that consults {@code store} (cached per {@code userCacheTtl} and {@code userCacheSize}).
     *
     * @param store the adapter's store ({@code dev.remoteuser.jaas.JaasUserStore} for {@code jaas}); required
     *              exactly when {@code userStore} is not {@code none}
     * @throws IllegalArgumentException when a store is missing or given without being configured
     */
    public RemoteUserPolicy(RemoteUserConfig config, UserStore store) {
        this(config, store, System::nanoTime);
    }

    RemoteUserPolicy(RemoteUserConfig config, UserStore store, LongSupplier nanoClock) {
        this(config, store, nanoClock, loadAssertionVerifier(config).orElse(null));
    }

    /**
     * A policy with an assertion verifier loaded earlier by {@link #loadAssertionVerifier}, so that several policies
     * (one per Tomcat Realm, say) share one key cache.
     *
     * @param verifier present exactly when the configuration has signed assertions
     * @throws IllegalArgumentException when the store or the verifier does not fit the configuration
     */
    public RemoteUserPolicy(RemoteUserConfig config, UserStore store, Optional<AssertionVerifier> verifier) {
        this(config, store, System::nanoTime, verifier.orElse(null));
    }

    /**
     * A policy with its assertion verifier given rather than found through {@link java.util.ServiceLoader}.
     *
     * @param verifier required exactly when the configuration has signed assertions
     */
    RemoteUserPolicy(RemoteUserConfig config, UserStore store, LongSupplier nanoClock, AssertionVerifier verifier) {
        if (config.assertion().isPresent() != (verifier != null)) {
            throw new IllegalArgumentException("an assertion verifier is needed exactly when assertions are set");
        }
        this.assertions = verifier;
        if ((config.userStore() == UserStoreKind.NONE) != (store == null)) {
            throw new IllegalArgumentException("userStore=" + config.userStore().key()
                    + (store == null ? " needs a user store" : " but a user store was given"));
        }
        this.config = config;
        UserStore timed = store == null ? null : new TimedUserStore(store, config.userStoreTimeout());
        boolean cached = store != null && !config.userCacheTtl().isZero() && config.userCacheSize() > 0;
        this.cache = cached
                ? new CachingUserStore(timed, config.userCacheTtl(), config.userCacheSize(), nanoClock)
                : null;
        this.store = cached ? cache : timed;
        this.usernames = new UsernameRules(config);
        this.roles = new RoleResolver(config);
        List<String> headers = new ArrayList<>();
        headers.add(config.userHeader());
        config.proxySecretHeader().ifPresent(headers::add);
        config.assertion().map(AssertionSettings::header).ifPresent(headers::add);
        config.groupsHeader().ifPresent(headers::add);
        headers.addAll(config.attributeHeaders().values());
        this.identityHeaders = List.copyOf(headers);
        this.identityCanonical = identityHeaders.stream().map(HeaderNames::canonical).toArray(String[]::new);
    }

    /**
     * The verifier for the configuration's signed assertions, from the {@code remote-user-auth-jwt} jar found with
     * the class loader that loaded this class (the container's shared or server loader, where both jars are
     * installed); empty when assertions are not configured. Adapters call it once at startup.
     *
     * @throws InvalidConfigurationException when the jar is missing or rejects the settings
     */
    public static Optional<AssertionVerifier> loadAssertionVerifier(RemoteUserConfig config) {
        return config.assertion().map(RemoteUserPolicy::loadVerifier);
    }

    private static AssertionVerifier loadVerifier(AssertionSettings settings) {
        ServiceLoader<AssertionVerifier.Provider> loader =
                ServiceLoader.load(AssertionVerifier.Provider.class, RemoteUserPolicy.class.getClassLoader());
        Optional<AssertionVerifier.Provider> provider = loader.findFirst();
        if (provider.isEmpty()) {
            throw new InvalidConfigurationException(List.of("assertionProfile: signed assertions need the"
                    + " remote-user-auth-jwt jar next to this one (for example in $CATALINA_HOME/lib or the"
                    + " jetty-base lib/remote-user-auth folder)"));
        }
        try {
            return provider.get().create(settings);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(List.of(LogSafe.escape(e.getMessage(), 300)));
        }
    }

    /**
     * Decides one request. Never throws: an unexpected failure is a {@link Reason#INTERNAL_ERROR} rejection.
     */
    public Decision decide(RequestView request) {
        try {
            Decision decision = decideOrRefuse(request, request.path());
            if (config.diagnosticsPath().isPresent() && config.diagnosticsPath().get().equals(request.path())) {
                HeaderScan scan = scan(request);
                Set<String> remove = new LinkedHashSet<>(decision.headersToRemove());
                remove.addAll(scan.present());
                remove.addAll(scan.lookalikes().keySet());
                return new Decision.Diagnosed(diagnostics(request, scan, decision), remove);
            }
            return decision;
        } catch (RuntimeException | StackOverflowError e) {
            return new Decision.Rejected(Reason.INTERNAL_ERROR, Set.copyOf(identityHeaders),
                    Optional.of("unexpected " + e.getClass().getName()), Optional.of(EscapedFailure.of(e)));
        }
    }

    /** The operator's report for {@code diagnosticsPath}; see {@link Decision.Diagnosed}. */
    private String diagnostics(RequestView request, HeaderScan scan, Decision decision) {
        String untrusted = untrustedBecause(request);
        Json json = new Json();
        json.field("peer", request.peerAddress());
        json.field("trustedPeer", untrusted == null);
        json.field("trust", untrusted == null ? "every configured proof holds" : untrusted);
        json.field("mode", config.mode().key());
        json.field("identitySource", config.identitySource().key());
        Map<String, String> seen = new LinkedHashMap<>();
        for (String header : scan.present()) {
            seen.put(header, untrusted != null ? "(not shown: untrusted peer)" : shownValue(request, header));
        }
        json.object("identityHeaders", seen);
        json.array("lookalikeHeaders", scan.lookalikes().keySet());
        describe(json, "", decision, request);
        json.array("headerPaths", config.headerPaths());
        if (!config.headerPaths().isEmpty() && !isHeaderPath(request.path())) {
            // the report's own path is outside headerPaths, where the headers never count: say what the same
            // headers would get where they do, so that a probe judges a forgery where it matters
            String headerPath = config.headerPaths().get(0);
            Decision there;
            try {
                there = decideOrRefuse(request, headerPath);
            } catch (RuntimeException e) {
                there = new Decision.Rejected(Reason.INTERNAL_ERROR, Set.of());
            }
            json.field("headerPath", headerPath);
            describe(json, "headerPath", there, request);
        }
        return json.toString();
    }

    /**
     * Adds a decision to the report: {@code decision} and what goes with its kind. With a prefix the field names are
     * prefixed ({@code headerPathDecision}, {@code headerPathUser} ...).
     */
    private static void describe(Json json, String prefix, Decision decision, RequestView request) {
        java.util.function.UnaryOperator<String> name = field -> prefix.isEmpty() ? field
                : prefix + Character.toUpperCase(field.charAt(0)) + field.substring(1);
        decision.accept(new Decision.Visitor<Void>() {
            @Override
            public Void authenticated(Decision.Authenticated authenticated) {
                json.field(name.apply("decision"), "authenticated");
                json.field(name.apply("source"), authenticated.source().name().toLowerCase(java.util.Locale.ROOT));
                json.field(name.apply("user"), authenticated.identity().name());
                json.array(name.apply("roles"), authenticated.identity().roles());
                json.array(name.apply("groups"), authenticated.identity().groups());
                return null;
            }

            @Override
            public Void rejected(Decision.Rejected rejected) {
                json.field(name.apply("decision"), "rejected");
                json.field(name.apply("reason"), rejected.reason().name());
                json.field(name.apply("status"), rejected.status());
                return null;
            }

            @Override
            public Void loggedOut(Decision.LoggedOut loggedOut) {
                json.field(name.apply("decision"), "logged-out");
                return null;
            }

            @Override
            public Void notAttempted(Decision.NotAttempted notAttempted) {
                json.field(name.apply("decision"), "not-attempted");
                json.field(name.apply("session"), request.sessionIdentity().map(Identity::name).orElse(""));
                return null;
            }

            @Override
            public Void diagnosed(Decision.Diagnosed diagnosed) {
                // decideOrRefuse never answers with a report; the report's own kind would describe nothing
                json.field(name.apply("decision"), "diagnosed");
                return null;
            }
        });
    }

    /** A header value for the report; tokens and secrets are never shown, only their length. */
    private String shownValue(RequestView request, String header) {
        List<String> values = request.headerValues(header);
        boolean secret = config.proxySecretHeader().filter(header::equals).isPresent()
                || config.assertion().map(AssertionSettings::header).filter(header::equals).isPresent();
        if (values.size() != 1 || values.get(0) == null) {
            return "(" + values.size() + " values)";
        }
        return secret ? "(not shown: " + values.get(0).length() + " characters)" : LogSafe.escape(values.get(0), 256);
    }

    /**
     * The decision for this request as if it asked for {@code path}: its own path, or for the diagnostics report a
     * path of {@code headerPaths}.
     */
    private Decision decideOrRefuse(RequestView request, String path) {
        HeaderScan scan = scan(request);
        Set<String> remove = new LazySet();
        remove.addAll(scan.lookalikes().keySet());
        boolean logoutRequest = config.logoutPath().isPresent() && config.logoutPath().get().equals(path);
        boolean fromConnector = config.identitySource() == IdentitySource.CONNECTOR;
        if (fromConnector && scan.present().contains(config.userHeader())) {
            remove.add(config.userHeader());
        }
        config.proxySecretHeader().filter(scan.present()::contains).ifPresent(remove::add);

        boolean trusted = isTrusted(request);
        if (!trusted) {
            remove.addAll(scan.present());
            if (!remove.isEmpty() && config.untrustedHeaders() == UntrustedHeaders.REJECT) {
                return new Decision.Rejected(Reason.UNTRUSTED_PEER, remove);
            }
        }
        if (logoutRequest) {
            remove.addAll(scan.present());
            return new Decision.LoggedOut(config.logoutRedirect(), remove);
        }
        if (!trusted && !fromConnector) {
            return new Decision.NotAttempted(false, remove);
        }
        if (!isHeaderPath(path)) {
            remove.addAll(scan.present());
            return withoutHeader(request, remove, false);
        }
        try {
            if (trusted) {
                checkSingleValues(request, scan);
                checkLookalikes(request, scan);
            }
            AssertionVerifier.Verified verified = null;
            if (assertions != null) {
                String token = singleValue(request, config.assertion().get().header());
                if (token.isEmpty()) {
                    remove.addAll(scan.present());
                    return withoutHeader(request, remove, true);
                }
                verified = verify(token, singleValue(request, config.userHeader()));
            }
            String rawUser = verified != null ? verified.user()
                    : fromConnector ? request.connectorUser().orElse("")
                    : singleValue(request, config.userHeader());
            if (rawUser.isEmpty()) {
                // an empty user header is no identity; neither it nor a groups header without a user reaches the app
                remove.addAll(scan.present());
                return withoutHeader(request, remove, true);
            }
            boolean groupsFromToken = verified != null && config.assertion().get().groupsClaim().isPresent();
            String rawGroups = !groupsFromToken && trusted && config.groupsHeader().isPresent()
                    ? singleValue(request, config.groupsHeader().get()) : null;
            boolean memo = verified == null && trusted && config.attributeHeaders().isEmpty()
                    && rawUser.length() + (rawGroups == null ? 0 : rawGroups.length()) <= MAX_MEMO_KEY_LENGTH;
            RawIdentity key = memo ? new RawIdentity(rawUser, rawGroups == null ? "" : rawGroups) : null;
            Identity asserted = memo ? identities.get(key) : null;
            if (asserted == null) {
                String name = usernames.normalise(rawUser);
                Set<String> groups = groupsFromToken ? roles.checkGroups(verified.groups())
                        : rawGroups != null ? roles.parseGroups(rawGroups)
                        : Set.of();
                Map<String, String> attributes = trusted ? attributes(request) : Map.of();
                asserted = new Identity(name, roles.roles(groups, Set.of()), groups, attributes);
                if (memo) {
                    identities.put(key, asserted, identity -> false);
                }
            }
            return authenticated(request, withStoredUser(asserted), remove);
        } catch (Refusal refusal) {
            remove.addAll(scan.present());
            return new Decision.Rejected(refusal.reason(), remove, Optional.ofNullable(refusal.operatorCause()),
                    Optional.empty());
        }
    }

    /**
     * Verifies the signed assertion; a plain user header sent alongside must carry exactly the token's user.
     */
    private AssertionVerifier.Verified verify(String token, String plainUser) throws Refusal {
        if (token.length() > MAX_ASSERTION_LENGTH) {
            // like every other failed check of the token: 401, not the 400 of an over-long plain header
            throw new Refusal(Reason.INVALID_ASSERTION, "signed assertion refused: longer than "
                    + MAX_ASSERTION_LENGTH + " characters (" + token.length() + ")");
        }
        AssertionVerifier.Verified verified;
        try {
            verified = assertions.verify(token);
        } catch (AssertionVerifier.AssertionException e) {
            throw new Refusal(e.keysUnavailable() ? Reason.ASSERTION_KEYS_UNAVAILABLE : Reason.INVALID_ASSERTION,
                    (e.keysUnavailable() ? "signing keys unavailable: " : "signed assertion refused: ")
                            + e.getMessage());
        }
        if (verified == null || verified.user() == null || verified.user().isEmpty()) {
            throw new Refusal(Reason.INVALID_ASSERTION, "signed assertion refused: no user");
        }
        if (!plainUser.isEmpty() && !plainUser.equals(verified.user())) {
            throw new Refusal(Reason.ASSERTION_MISMATCH);
        }
        return verified;
    }

    /** No identity in this request's headers: the session, a 401, or the container's own login. */
    private Decision withoutHeader(RequestView request, Set<String> remove, boolean onHeaderPath) {
        Optional<Identity> remembered = request.sessionIdentity();
        if (config.mode() == Mode.PERSISTENT && remembered.isPresent()) {
            return new Decision.Authenticated(remembered.get(), Decision.Source.SESSION, SessionAction.NONE, true,
                    remove);
        }
        if (onHeaderPath && config.requireHeader()) {
            return new Decision.Rejected(Reason.MISSING_IDENTITY, remove);
        }
        boolean logout = onHeaderPath && config.mode() == Mode.PER_REQUEST && remembered.isPresent();
        return new Decision.NotAttempted(logout, remove);
    }

    private Decision authenticated(RequestView request, Identity identity, Set<String> remove) {
        Optional<Identity> remembered = request.sessionIdentity();
        SessionAction action;
        if (remembered.isPresent()) {
            action = remembered.get().name().equals(identity.name()) ? SessionAction.NONE : SessionAction.REPLACE;
        } else if (!request.hasSession()) {
            action = SessionAction.NONE;
        } else {
            // a session another login made for someone else is replaced, not renamed: kept, the container could
            // bring that user back where the header does not count
            action = request.sessionUser().filter(user -> !user.equals(identity.name())).isPresent()
                    ? SessionAction.REPLACE : SessionAction.RENEW_ID;
        }
        return new Decision.Authenticated(identity, Decision.Source.HEADER, action, config.mode() == Mode.PERSISTENT,
                remove);
    }

    /** Every configured proof must hold: the peer address, the client certificate, the shared secret. */
    private boolean isTrusted(RequestView request) {
        return untrustedBecause(request) == null;
    }

    /** Which configured proof failed, for the diagnostics report; null when the peer is trusted. */
    private String untrustedBecause(RequestView request) {
        if (config.checkPeerAddress() && !isTrustedAddress(request.peerAddress())) {
            return "the peer address is not in trustedProxies";
        }
        if (!config.trustedProxyCertificates().isEmpty() && !isTrustedCertificate(request)) {
            return request.isSecure() && !request.clientCertificates().isEmpty()
                    ? "the client certificate carries none of trustedProxyCertificates"
                    : "no verified client certificate (trustedProxyCertificates is set)";
        }
        if (config.proxySecretHeader().isPresent() && !hasProxySecret(request)) {
            return "the proxy secret header is missing, repeated or wrong";
        }
        return null;
    }

    /**
     * The last peer address judged and the verdict. A proxy connects from one or a few addresses, so this spares
     * parsing the same literal on every request; the verdict depends only on the string and the immutable
     * configuration, and the pair is replaced as one object, so threads never see a mixed pair.
     */
    private volatile PeerVerdict lastPeer = new PeerVerdict("", false);

    private record PeerVerdict(String peer, boolean trusted) {
    }

    private boolean isTrustedAddress(String peer) {
        if (peer == null) {
            return false;
        }
        PeerVerdict last = lastPeer;
        if (last.peer().equals(peer)) {
            return last.trusted();
        }
        boolean trusted = parseAndMatch(peer);
        lastPeer = new PeerVerdict(peer, trusted);
        return trusted;
    }

    private boolean parseAndMatch(String peer) {
        byte[] address = IpLiteral.parsePeer(peer);
        if (address == null) {
            return false;
        }
        for (AddressBlock block : config.trustedProxies()) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the connection's client certificate (the chain the connector verified, leaf first) carries one of the
     * configured names: a subject alternative name (dns, uri, email) or the subject DN in RFC 2253 form.
     */
    private boolean isTrustedCertificate(RequestView request) {
        if (!request.isSecure() || request.clientCertificates().isEmpty()) {
            return false;
        }
        X509Certificate leaf = request.clientCertificates().get(0);
        Set<String> trusted = config.trustedProxyCertificates();
        if (trusted.contains("dn:" + leaf.getSubjectX500Principal().getName(X500Principal.RFC2253))) {
            return true;
        }
        try {
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            if (names == null) {
                return false;
            }
            for (List<?> name : names) {
                String prefix = switch ((Integer) name.get(0)) {
                    case 1 -> "email:";
                    case 2 -> "dns:";
                    case 6 -> "uri:";
                    default -> null;
                };
                if (prefix != null && trusted.contains(prefix + name.get(1))) {
                    return true;
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        return false;
    }

    /** Exactly one secret header whose value equals the secret, compared in constant time. */
    private boolean hasProxySecret(RequestView request) {
        List<String> values = request.headerValues(config.proxySecretHeader().get());
        return values.size() == 1 && values.get(0) != null
                && MessageDigest.isEqual(values.get(0).getBytes(StandardCharsets.UTF_8), config.proxySecret());
    }

    /** Whether {@code headerPaths} allows the identity headers on this path: equal to a prefix or below it. */
    private boolean isHeaderPath(String path) {
        if (config.headerPaths().isEmpty()) {
            return true;
        }
        if (path == null) {
            return false;
        }
        for (String prefix : config.headerPaths()) {
            if (path.equals(prefix) || (path.startsWith(prefix)
                    && (prefix.endsWith("/") || path.charAt(prefix.length()) == '/'))) {
                return true;
            }
        }
        return false;
    }

    /** The identity headers and lookalike spellings present in the request. */
    private HeaderScan scan(RequestView request) {
        Set<String> present = new LazySet();
        Map<String, String> lookalikes = Map.of();
        for (String name : request.headerNames()) {
            String owner = identityOwner(name);
            if (owner == null) {
                continue;
            }
            if (HeaderNames.sameName(name, owner)) {
                present.add(owner);
            } else {
                if (lookalikes.isEmpty()) {
                    lookalikes = new LinkedHashMap<>();
                }
                lookalikes.put(name, owner);
            }
        }
        return new HeaderScan(present, lookalikes);
    }

    /** The identity header that {@code name} spells, exactly or as a lookalike; null for any other header. */
    private String identityOwner(String name) {
        for (int i = 0; i < identityCanonical.length; i++) {
            if (HeaderNames.hasCanonical(name, identityCanonical[i])) {
                return identityHeaders.get(i);
            }
        }
        return null;
    }

    /** Every identity header present arrives as exactly one field. */
    private void checkSingleValues(RequestView request, HeaderScan scan) throws Refusal {
        for (String header : scan.present()) {
            if (request.headerValues(header).size() > 1) {
                throw new Refusal(Reason.DUPLICATE_HEADER);
            }
        }
    }

    /** A lookalike may come alongside its real header only with the very same value. */
    private void checkLookalikes(RequestView request, HeaderScan scan) throws Refusal {
        for (Map.Entry<String, String> lookalike : scan.lookalikes().entrySet()) {
            String real = singleValue(request, lookalike.getValue());
            if (real.isEmpty()) {
                continue;
            }
            for (String value : request.headerValues(lookalike.getKey())) {
                if (!value.equals(real)) {
                    throw new Refusal(Reason.LOOKALIKE_CONFLICT);
                }
            }
        }
    }

    private static String singleValue(RequestView request, String header) throws Refusal {
        List<String> values = request.headerValues(header);
        if (values.size() > 1) {
            throw new Refusal(Reason.DUPLICATE_HEADER);
        }
        return values.isEmpty() || values.get(0) == null ? "" : values.get(0);
    }

    private Map<String, String> attributes(RequestView request) throws Refusal {
        if (config.attributeHeaders().isEmpty()) {
            return Map.of();
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : config.attributeHeaders().entrySet()) {
            String value = singleValue(request, entry.getValue());
            if (value.isEmpty()) {
                continue;
            }
            if (value.length() > UsernameRules.MAX_RAW_LENGTH) {
                throw new Refusal(Reason.VALUE_TOO_LONG);
            }
            if (!HeaderValues.isPrintable(value)) {
                throw new Refusal(Reason.INVALID_CHARACTER);
            }
            if (HeaderValues.isPlaceholder(value)) {
                throw new Refusal(Reason.PLACEHOLDER);
            }
            attributes.put(entry.getKey(), value);
        }
        return attributes;
    }

    /**
     * The asserted identity checked against the user store, with the store's roles added; the asserted identity
     * itself without a store. A cached store answer remembers what was built from it, so a returning user (the same
     * asserted instance from the memo) gets the very same identity without building again.
     */
    private Identity withStoredUser(Identity asserted) throws Refusal {
        if (store == null) {
            return asserted;
        }
        CachingUserStore.Answer answer = null;
        Optional<StoredUser> user;
        try {
            if (cache != null) {
                answer = cache.answer(asserted);
                Identity built = answer.builtFor(asserted);
                if (built != null) {
                    return built;
                }
                user = answer.user();
            } else {
                user = store.find(asserted);
            }
        } catch (AccountDisabledException e) {
            throw new Refusal(Reason.ACCOUNT_DISABLED);
        } catch (UserStoreException | RuntimeException e) {
            throw new Refusal(Reason.STORE_UNAVAILABLE, "user store failed: " + causeChain(e));
        }
        if (user == null) {
            throw new Refusal(Reason.STORE_UNAVAILABLE, "user store failed: it answered nothing (unavailable)");
        }
        if (user.isEmpty() && !config.createUnknownUsers()) {
            throw new Refusal(Reason.UNKNOWN_USER);
        }
        Set<String> storeRoles = user.map(StoredUser::roles).orElse(Set.of());
        Identity identity = storeRoles.isEmpty() ? asserted
                : new Identity(asserted.name(), roles.roles(asserted.groups(), storeRoles), asserted.groups(),
                asserted.attributes());
        if (answer != null) {
            answer.remember(asserted, identity);
        }
        return identity;
    }

    /** An exception and its causes as one line (not yet escaped): type and message of each, at most three deep. */
    private static String causeChain(Throwable e) {
        StringBuilder text = new StringBuilder();
        Throwable at = e;
        for (int depth = 0; at != null && depth < 3; depth++, at = at.getCause() == at ? null : at.getCause()) {
            String message = String.valueOf(at.getMessage());
            text.append(depth == 0 ? "" : "; caused by ").append(at.getClass().getSimpleName()).append(": ")
                    .append(message, 0, Math.min(message.length(), 120));
        }
        return text.toString();
    }

    /**
     * @param present    configured identity headers found in the request (by their configured spelling)
     * @param lookalikes lookalike header names as the request spelled them, to the identity header they imitate
     */
    private record HeaderScan(Set<String> present, Map<String, String> lookalikes) {
    }
}
