package dev.remoteuser.core;

import dev.remoteuser.core.assertion.AssertionCheck;
import dev.remoteuser.core.assertion.AssertionSettings;
import dev.remoteuser.core.assertion.AssertionVerifier;
import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.EscapedFailure;
import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.decision.Refusal;
import dev.remoteuser.core.decision.SessionPlan;
import dev.remoteuser.core.decision.SessionSealer;
import dev.remoteuser.core.decision.Stripped;
import dev.remoteuser.core.diagnostics.DiagnosticsReport;
import dev.remoteuser.core.headers.HeaderScan;
import dev.remoteuser.core.identity.Asserted;
import dev.remoteuser.core.identity.IdentityReader;
import dev.remoteuser.core.request.RequestView;
import dev.remoteuser.core.session.Mode;
import dev.remoteuser.core.session.SessionRules;
import dev.remoteuser.core.store.StoreLookup;
import dev.remoteuser.core.store.UserStore;
import dev.remoteuser.core.store.UserStoreKind;
import dev.remoteuser.core.trust.IdentitySource;
import dev.remoteuser.core.trust.PeerTrust;
import dev.remoteuser.core.trust.UntrustedHeaders;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The one place that decides whether a request's identity headers are trusted and who the user is. Adapters call
 * {@link #decide(RequestView)} once per request and carry out the {@link Decision}. The decision runs through the
 * stages in this order, each in the package of its concern: {@link PeerTrust} (is the connection the proxy?), {@link
 * HeaderScan} (which identity headers, each exactly once?), {@link AssertionCheck} (the signed token, when
 * configured), {@link IdentityReader} (user name, groups, roles, attributes), {@link StoreLookup} (the user store,
 * when configured), {@link SessionRules} (what happens to the session); {@link DiagnosticsReport} describes the
 * outcome on {@code diagnosticsPath}. Thread-safe.
 */
public final class RemoteUserPolicy {

    private final RemoteUserConfig config;
    private final PeerTrust trust;
    private final HeaderScan headers;
    /** Null when assertions are not configured. */
    private final AssertionCheck assertions;
    private final IdentityReader identities;
    /** Null without a user store. */
    private final StoreLookup store;
    private final SessionRules sessions;
    /** Seals each decision's identity for the session: one for every decision, so that deciding allocates none. */
    private final SessionSealer sealer;
    /**
     * Whether any setting looks at the request path (headerPaths, logoutPath, diagnosticsPath). Without one the
     * decision never asks for it: Tomcat decodes it into a new string for each request.
     */
    private final boolean pathMatters;
    private final DiagnosticsReport diagnostics;

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
        this(config, store, System::nanoTime, loadAssertionVerifier(config).orElse(null));
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

    /** A policy whose user-store cache runs on {@code nanoClock}. */
    RemoteUserPolicy(RemoteUserConfig config, UserStore store, LongSupplier nanoClock) {
        this(config, store, nanoClock, loadAssertionVerifier(config).orElse(null));
    }

    /**
     * A policy with its clock and assertion verifier given.
     *
     * @param nanoClock the clock of the user-store cache
     * @param verifier  required exactly when the configuration has signed assertions
     */
    RemoteUserPolicy(RemoteUserConfig config, UserStore store, LongSupplier nanoClock, AssertionVerifier verifier) {
        if (config.assertion().isPresent() != (verifier != null)) {
            throw new IllegalArgumentException("an assertion verifier is needed exactly when assertions are set");
        }
        if ((config.store().kind() == UserStoreKind.NONE) != (store == null)) {
            throw new IllegalArgumentException("userStore=" + config.store().kind().key()
                    + (store == null ? " needs a user store" : " but a user store was given"));
        }
        this.config = config;
        this.trust = new PeerTrust(config.trust());
        this.headers = new HeaderScan(config.identityHeaders());
        this.assertions = config.assertion().map(settings -> new AssertionCheck(settings, verifier)).orElse(null);
        this.identities = new IdentityReader(config.headers(), config.usernames(), config.roles());
        this.store = store == null ? null : new StoreLookup(config.store(), store, identities, nanoClock);
        this.sessions = new SessionRules(config.sessions());
        this.sealer = new SessionSealer(sessions::sealed);
        this.pathMatters = !config.headers().headerPaths().isEmpty() || config.sessions().logoutPath().isPresent()
                || config.diagnostics().path().isPresent();
        Set<String> secrets = new LinkedHashSet<>();
        config.trust().secretHeader().ifPresent(secrets::add);
        config.assertion().map(AssertionSettings::header).ifPresent(secrets::add);
        this.diagnostics = new DiagnosticsReport(trust, headers, config.headers(), secrets,
                config.sessions().mode().key(), config.trust().identitySource().key());
    }

    /**
     * The verifier for the configuration's signed assertions, from the {@code remote-user-auth-jwt} jar; empty when
     * assertions are not configured. Adapters call it once at startup.
     *
     * @throws dev.remoteuser.core.config.InvalidConfigurationException when the jar is missing or rejects the
     *                                                                   settings
     */
    public static Optional<AssertionVerifier> loadAssertionVerifier(RemoteUserConfig config) {
        return config.assertion().map(AssertionCheck::load);
    }

    /** How many identities the identity memo holds (for tests of its bound). */
    int rememberedIdentities() {
        return identities.remembered();
    }

    /** The estimated heap the identity memo's entries hold (for tests of its bound). */
    long rememberedIdentityBytes() {
        return identities.rememberedBytes();
    }

    /**
     * Decides one request. Never throws: an unexpected failure is a {@link Reason#INTERNAL_ERROR} rejection.
     */
    public Decision decide(RequestView request) {
        try {
            // without a path setting, no path: every path rule then answers as for any path
            String path = pathMatters ? request.path() : null;
            Decision decision = decideOn(request, path);
            if (config.diagnostics().answers(path)) {
                return diagnostics.report(request, decision, asked -> decideOn(request, asked), sessions::remembered);
            }
            return decision;
        } catch (RuntimeException | StackOverflowError e) {
            return new Decision.Rejected(Reason.INTERNAL_ERROR, Set.copyOf(headers.identityHeaders()),
                    Optional.of("unexpected " + e.getClass().getName()), Optional.of(EscapedFailure.of(e)));
        }
    }

    /**
     * The decision for this request as if it asked for {@code path}: its own path (null when no setting looks at
     * paths), or for the diagnostics report a path of {@code headerPaths}.
     */
    private Decision decideOn(RequestView request, String path) {
        HeaderScan.Found found = headers.scan(request);
        Set<String> present = found.present();
        Map<String, String> lookalikes = found.lookalikes();
        if (!lookalikes.isEmpty()) {
            found.addToRemove(lookalikes.keySet());
        }
        String userHeader = config.headers().userHeader();
        boolean fromConnector = config.trust().identitySource() == IdentitySource.CONNECTOR;
        if (fromConnector && present.contains(userHeader)) {
            found.addToRemove(userHeader);
        }
        Optional<String> secretHeader = config.trust().secretHeader();
        if (secretHeader.isPresent() && present.contains(secretHeader.get())) {
            found.addToRemove(secretHeader.get());
        }

        boolean trusted = trust.isTrusted(request);
        if (!trusted) {
            found.addToRemove(present);
            if (!found.headersToRemove().isEmpty() && config.trust().untrustedHeaders() == UntrustedHeaders.REJECT) {
                return new Decision.Rejected(Reason.UNTRUSTED_PEER, found.headersToRemove());
            }
        }
        Stripped stripped = Stripped.of(trusted ? Set.of() : present, lookalikes);
        if (config.sessions().isLogout(path)) {
            found.addToRemove(present);
            return new Decision.LoggedOut(config.sessions().logoutRedirect(), found.headersToRemove(), stripped);
        }
        if (!trusted && !fromConnector) {
            return new Decision.NotAttempted(SessionPlan.UNTOUCHED, found.headersToRemove(), stripped);
        }
        if (!config.headers().countsOn(path)) {
            found.addToRemove(present);
            return withoutIdentity(request, found.headersToRemove(), false, stripped);
        }
        try {
            if (trusted) {
                HeaderScan.requireOneValueEach(request, found);
            }
            Asserted asserted;
            if (assertions != null) {
                String token = found.single(assertions.header());
                if (token.isEmpty()) {
                    found.addToRemove(present);
                    return withoutIdentity(request, found.headersToRemove(), true, stripped);
                }
                AssertionVerifier.Verified verified = assertions.verify(token, found.single(userHeader));
                asserted = identities.fromAssertion(found, verified.user(),
                        assertions.groupsFromToken() ? Optional.of(verified.groups()) : Optional.empty(), trusted);
            } else {
                String rawUser = fromConnector ? request.connectorUser().orElse("") : found.single(userHeader);
                if (rawUser.isEmpty()) {
                    // an empty user header is no identity; neither it nor a groups header without a user reaches
                    // the app
                    found.addToRemove(present);
                    return withoutIdentity(request, found.headersToRemove(), true, stripped);
                }
                asserted = identities.fromHeaders(found, rawUser, trusted);
            }
            Identity identity = store == null ? asserted.identity() : store.confirm(asserted);
            SessionPlan.Existing existing = sessions.existingFor(request, identity);
            return new Decision.Authenticated(identity, sealer, Decision.Source.HEADER,
                    existing, sessions.remember(), found.headersToRemove(),
                    existing == SessionPlan.Existing.KEEP ? stripped : sessions.checked(request, stripped),
                    asserted.shown());
        } catch (Refusal refusal) {
            found.addToRemove(present);
            return new Decision.Rejected(refusal.reason(), found.headersToRemove(),
                    Optional.ofNullable(refusal.operatorCause()), Optional.empty());
        }
    }

    /** No identity in this request's headers: the session (persistent mode), a 401, or the container's own login. */
    private Decision withoutIdentity(RequestView request, Set<String> remove, boolean onHeaderPath,
                                     Stripped stripped) {
        Optional<Identity> remembered = sessions.rememberedIdentity(request);
        if (remembered.isPresent()) {
            // the session remembered the identity: it stays as it is
            Identity fromSession = remembered.get();
            return new Decision.Authenticated(fromSession, sealer,
                    Decision.Source.SESSION, SessionPlan.Existing.KEEP, sessions.remember(), remove, stripped, null);
        }
        if (onHeaderPath && config.headers().requireHeader()) {
            return new Decision.Rejected(Reason.MISSING_IDENTITY, remove);
        }
        SessionPlan plan = sessions.withoutIdentity(request, onHeaderPath);
        boolean looked = onHeaderPath || config.sessions().mode() == Mode.PERSISTENT;
        return new Decision.NotAttempted(plan, remove,
                looked && plan == SessionPlan.UNTOUCHED ? sessions.checked(request, stripped) : stripped);
    }
}
