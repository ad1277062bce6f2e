package dev.remoteuser.jetty;

import dev.remoteuser.core.Answer;
import dev.remoteuser.core.AssertionVerifier;
import dev.remoteuser.core.AuditLog;
import dev.remoteuser.core.Decision;
import dev.remoteuser.core.DecisionCounters;
import dev.remoteuser.core.Identity;
import dev.remoteuser.core.RemoteUserConfig;
import dev.remoteuser.core.RemoteUserPolicy;
import dev.remoteuser.core.SessionPlan;
import dev.remoteuser.core.UserStoreKind;
import dev.remoteuser.jaas.JaasUserStore;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.security.auth.Subject;
import org.eclipse.jetty.security.AuthenticationState;
import org.eclipse.jetty.security.Authenticator;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.IdentityService;
import org.eclipse.jetty.security.ServerAuthException;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.security.authentication.LoginAuthenticator;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Session;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.annotation.ManagedAttribute;
import org.eclipse.jetty.util.annotation.ManagedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusted-proxy authentication for Jetty 12 as a core {@link Authenticator}, so one class serves ee10 and ee11
 * webapps. It decides every request, constrained or not, so {@code getUserPrincipal()} works on public pages too.
 * Without an identity it hands over to the webapp's own authenticator (BASIC, FORM ...) when one is given.
 * {@code getAuthType()} is {@value #AUTH_TYPE}.
 */
@ManagedObject("Trusted-proxy (REMOTE_USER) authentication")
public class RemoteUserAuthenticator implements Authenticator {

    /** The auth type of users we log in, and the {@code <auth-method>} that selects us in web.xml. */
    public static final String AUTH_TYPE = "REMOTE_USER";
    /** Request attribute holding the user's groups ({@code Set<String>}). */
    public static final String GROUPS_ATTRIBUTE = "dev.remoteuser.groups";
    /** Prefix of the request attributes holding principal attributes ({@code dev.remoteuser.attribute.email}). */
    public static final String ATTRIBUTE_PREFIX = "dev.remoteuser.attribute.";

    private static final Logger LOG = LoggerFactory.getLogger(RemoteUserAuthenticator.class);
    private static final String DECISION_ATTRIBUTE = RemoteUserAuthenticator.class.getName() + ".decision";
    /**
     * Whether the constraint of the request in progress on this thread needs credentials. SecurityHandler calls
     * {@link #getConstraintAuthentication} and then {@link #validateRequest} for the same request on the same thread,
     * and only the former knows the constraint.
     */
    private static final ThreadLocal<Boolean> CREDENTIALS_REQUIRED = new ThreadLocal<>();

    private final RemoteUserConfig config;
    private final Authenticator fallback;
    private final DecisionCounters counters = new DecisionCounters();
    private final AuditLog audit = new AuditLog(60);
    private volatile RemoteUserPolicy policy;
    private volatile IdentityService identityService;
    /** Most Jetty users kept for {@link #userIdentity}. */
    static final int MAX_USER_IDENTITIES = 16_384;
    private final Map<Identity, UserIdentity> userIdentities = new ConcurrentHashMap<>();

    /**
     * An authenticator with these options (names as in README.md) and no fallback login.
     *
     * @throws dev.remoteuser.core.InvalidConfigurationException listing every problem
     */
    public RemoteUserAuthenticator(Map<String, String> options) {
        this(options, null);
    }

    /**
     * An authenticator with these options that hands requests without an identity to {@code fallback} (for
     * example a {@code BasicAuthenticator} or {@code FormAuthenticator}), so local users can still log in.
     *
     * @throws dev.remoteuser.core.InvalidConfigurationException listing every problem
     */
    public RemoteUserAuthenticator(Map<String, String> options, Authenticator fallback) {
        this.config = RemoteUserConfig.fromOptions(options);
        this.fallback = fallback;
        if (config.userStore() == UserStoreKind.REALM) {
            throw new IllegalArgumentException("remote-user-auth: userStore='realm' is Tomcat's; in Jetty use none,"
                    + " login-service or jaas");
        }
    }

    @Override
    public void setConfiguration(Configuration configuration) {
        if (fallback != null) {
            fallback.setConfiguration(configuration);
        }
        identityService = configuration.getIdentityService();
        userIdentities.clear();
        Optional<AssertionVerifier> assertions = RemoteUserPolicy.loadAssertionVerifier(config);
        policy = switch (config.userStore()) {
            case LOGIN_SERVICE -> new RemoteUserPolicy(config, LoginServiceUserStore.of(configuration.getLoginService()),
                    assertions);
            case JAAS -> new RemoteUserPolicy(config, new JaasUserStore(config), assertions);
            default -> new RemoteUserPolicy(config, null, assertions);
        };
        LOG.info("remote-user-auth: {}", config);
    }

    /** The fallback's type when there is one, so a web.xml {@code <auth-method>} of that type keeps us installed. */
    @Override
    public String getAuthenticationType() {
        return fallback == null ? AUTH_TYPE : fallback.getAuthenticationType();
    }

    /** Requests per outcome and per refusal reason code. */
    @ManagedAttribute(value = "Requests per outcome and per refusal reason code", readonly = true)
    public Map<String, Long> getCounters() {
        return counters.snapshot();
    }

    /** The effective options (never a secret). */
    @ManagedAttribute(value = "The effective options", readonly = true)
    public String getConfiguration() {
        return config.toString();
    }

    /**
     * Asks for {@link #validateRequest} on every path (an unconstrained path stays unconstrained: SecurityHandler
     * judges authorization by the original constraint), remembering whether the path itself needs credentials.
     */
    @Override
    public Constraint.Authorization getConstraintAuthentication(String pathInContext,
            Constraint.Authorization existing, Function<Boolean, Session> getSession) {
        Constraint.Authorization authorization = fallback != null
                ? fallback.getConstraintAuthentication(pathInContext, existing, getSession)
                : existing == null ? Constraint.Authorization.ALLOWED : existing;
        if (authorization == Constraint.Authorization.FORBIDDEN) {
            return authorization;
        }
        boolean required = authorization != Constraint.Authorization.ALLOWED
                && authorization != Constraint.Authorization.INHERIT;
        CREDENTIALS_REQUIRED.set(required);
        return required ? authorization : Constraint.Authorization.ANY_USER;
    }

    @Override
    public AuthenticationState validateRequest(Request request, Response response, Callback callback)
            throws ServerAuthException {
        Boolean required = CREDENTIALS_REQUIRED.get();
        CREDENTIALS_REQUIRED.remove();
        boolean credentialsRequired = required == null || required;
        Decision decision = decide(request);
        if (!(decision instanceof Decision.Authenticated)) {
            // an authenticated decision travels in its RemoteUserSucceeded to prepareRequest
            request.setAttribute(DECISION_ATTRIBUTE, decision);
        }
        carryOut(request, response, decision.session());
        if (decision instanceof Decision.Rejected rejected) {
            refuse(request, response, callback, rejected);
            return AuthenticationState.SEND_FAILURE;
        }
        if (decision instanceof Decision.Diagnosed diagnosed) {
            send(response, callback, diagnosed.answer());
            return AuthenticationState.SEND_SUCCESS;
        }
        if (decision instanceof Decision.Authenticated authenticated) {
            return new RemoteUserSucceeded(userIdentity(authenticated.identity()), authenticated);
        }
        if (decision instanceof Decision.LoggedOut loggedOut && loggedOut.answer().isPresent()) {
            send(response, callback, loggedOut.answer().get());
            return AuthenticationState.SEND_SUCCESS;
        }
        if (fallback == null) {
            return null;
        }
        if (credentialsRequired) {
            return fallback.validateRequest(request, response, callback);
        }
        return fallback instanceof LoginAuthenticator login ? AuthenticationState.defer(login) : null;
    }

    /**
     * Hides the removed headers from the webapp, exposes groups and attributes as request attributes, and on a
     * request we authenticated marks a session the webapp creates ({@link HeaderFilteringRequest}).
     */
    @Override
    public Request prepareRequest(Request request, AuthenticationState authenticationState) {
        CREDENTIALS_REQUIRED.remove();
        Decision decision = authenticationState instanceof RemoteUserSucceeded succeeded ? succeeded.decision()
                : (Decision) request.removeAttribute(DECISION_ATTRIBUTE);
        if (decision == null) {
            // Jetty skipped validateRequest (it always asks for it here); still hide what the webapp must not see
            decision = decide(request);
        }
        RemoteUserSucceeded ours = authenticationState instanceof RemoteUserSucceeded succeeded ? succeeded : null;
        if (ours != null) {
            Identity identity = ours.identity();
            request.setAttribute(GROUPS_ATTRIBUTE, identity.groups());
            identity.attributes().forEach((name, value) -> request.setAttribute(ATTRIBUTE_PREFIX + name, value));
        }
        // the fallback prepares only the states it produced (FormAuthenticator expects its own session there)
        Request prepared = fallback == null || ours != null
                ? request
                : fallback.prepareRequest(request, authenticationState);
        return decision.headersToRemove().isEmpty() && ours == null
                ? prepared
                : new HeaderFilteringRequest(prepared, decision.headersToRemove(), ours);
    }

    private Decision decide(Request request) {
        Decision decision = policy.decide(new JettyRequestView(request));
        counters.record(decision);
        return decision;
    }

    /**
     * Carries out the core's session plan: first what happens to the session the request has, then whether the
     * identity goes into a session (as a {@link RememberedIdentity}, which only this package can make).
     */
    private static void carryOut(Request request, Response response, SessionPlan plan) {
        Session existing = request.getSession(false);
        if (existing != null && existing.isValid()) {
            switch (plan.existing()) {
                case KEEP -> {
                    // the session already belongs to this user, or the decision leaves sessions alone
                }
                case RENEW_ID -> existing.renewId(request, response);
                case INVALIDATE -> existing.invalidate();
            }
        }
        switch (plan.remember()) {
            case NEVER -> {
                // nobody authenticated by us
            }
            case WHEN_THE_WEBAPP_ASKS, NOW -> {
                Session session = request.getSession(plan.remember() == SessionPlan.Remember.NOW);
                if (session != null && session.isValid()) {
                    session.setAttribute(RememberedIdentity.ATTRIBUTE, new RememberedIdentity(plan.identity()));
                }
            }
        }
    }

    /**
     * Jetty's user for this identity. Users are immutable (read-only subject, fixed roles), and the core hands a
     * returning user an equal identity, so they are built once per distinct identity and kept (at most
     * {@value #MAX_USER_IDENTITIES}; all are dropped when full).
     */
    private UserIdentity userIdentity(Identity identity) {
        UserIdentity known = userIdentities.get(identity);
        if (known != null) {
            return known;
        }
        RemoteUserPrincipal principal = new RemoteUserPrincipal(identity.name(), identity.attributes());
        Subject subject = new Subject();
        subject.getPrincipals().add(principal);
        subject.setReadOnly();
        UserIdentity user = identityService.newUserIdentity(subject, principal,
                identity.roles().toArray(new String[0]));
        if (userIdentities.size() >= MAX_USER_IDENTITIES) {
            userIdentities.clear();
        }
        userIdentities.put(identity, user);
        return user;
    }

    /** Answers directly (no error page, which could create a session); the webapp never runs. */
    private void refuse(Request request, Response response, Callback callback, Decision.Rejected rejected) {
        String line = audit.refusalLine(rejected, new JettyRequestView(request).peerAddress(),
                request.getHttpURI().getCanonicalPath());
        if (line != null && rejected.failure().isPresent()) {
            LOG.error(line, rejected.failure().get());
        } else if (line != null) {
            LOG.warn(line);
        }
        send(response, callback, rejected.answer());
    }

    /** Sends the core's own answer: its status, headers and body, nothing else. */
    private static void send(Response response, Callback callback, Answer answer) {
        response.setStatus(answer.status());
        answer.headers().forEach(response.getHeaders()::put);
        byte[] body = answer.bodyBytes();
        response.write(true, body.length == 0 ? null : ByteBuffer.wrap(body), callback);
    }
}
