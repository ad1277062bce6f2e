package dev.remoteuser.jetty;

import dev.remoteuser.core.AuditLog;
import dev.remoteuser.core.DecisionCounters;
import dev.remoteuser.core.IdentityExposure;
import dev.remoteuser.core.RemoteUserConfig;
import dev.remoteuser.core.RemoteUserMetrics;
import dev.remoteuser.core.RemoteUserPolicy;
import dev.remoteuser.core.decision.Decision;

import java.util.Map;
import java.util.function.Function;
import org.eclipse.jetty.security.AuthenticationState;
import org.eclipse.jetty.security.Authenticator;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.ServerAuthException;
import org.eclipse.jetty.security.authentication.LoginAuthenticator;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Session;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusted-proxy authentication for Jetty 12 as a core {@link Authenticator}, so one class serves ee10 and ee11
 * webapps. It decides every request, constrained or not, so {@code getUserPrincipal()} works on public pages too.
 * Without an identity it hands over to the webapp's own authenticator (BASIC, FORM ...) when one is given. It
 * translates: it shows the core a read-only view of the request, and carries out the decision with Jetty's API.
 * {@code getAuthType()} is {@value #AUTH_TYPE}.
 * <p>
 * The security handler starts and stops it as its bean: while it runs, its counters are on JMX as {@code
 * dev.remoteuser:type=RemoteUserAuth,container=Jetty,context=<context path>} ({@link RemoteUserMetrics}), with or
 * without Jetty's {@code jmx} module.
 */
public class RemoteUserAuthenticator extends AbstractLifeCycle implements Authenticator {

    /** The auth type of users we log in, and the {@code <auth-method>} that selects us in web.xml. */
    public static final String AUTH_TYPE = IdentityExposure.AUTH_TYPE;
    /** Request attribute holding the user's groups ({@code Set<String>}). */
    public static final String GROUPS_ATTRIBUTE = IdentityExposure.GROUPS_ATTRIBUTE;
    /** Prefix of the request attributes holding principal attributes ({@code dev.remoteuser.attribute.email}). */
    public static final String ATTRIBUTE_PREFIX = IdentityExposure.ATTRIBUTE_PREFIX;

    private static final Logger LOG = LoggerFactory.getLogger(RemoteUserAuthenticator.class);
    private static final String DECISION_ATTRIBUTE = RemoteUserAuthenticator.class.getName() + ".decision";
    /**
     * Whether the constraint of the request in progress on this thread needs credentials. SecurityHandler calls
     * {@link #getConstraintAuthentication} and then {@link #validateRequest} for the same request on the same thread,
     * and only the former knows the constraint. Only the fallback login needs it: without one it is never set.
     */
    private static final ThreadLocal<Boolean> CREDENTIALS_REQUIRED = new ThreadLocal<>();

    private final RemoteUserConfig config;
    private final Authenticator fallback;
    private final DecisionCounters counters;
    private final RemoteUserMetrics metrics;
    private final AuditLog audit = new AuditLog(60);
    private volatile RemoteUserPolicy policy;
    private volatile JettyUsers users;

    /**
     * An authenticator with these options (names as in README.md) and no fallback login.
     *
     * @throws dev.remoteuser.core.config.InvalidConfigurationException listing every problem
     */
    public RemoteUserAuthenticator(Map<String, String> options) {
        this(options, null);
    }

    /**
     * An authenticator with these options that hands requests without an identity to {@code fallback} (for
     * example a {@code BasicAuthenticator} or {@code FormAuthenticator}), so local users can still log in.
     *
     * @throws dev.remoteuser.core.config.InvalidConfigurationException listing every problem
     */
    public RemoteUserAuthenticator(Map<String, String> options, Authenticator fallback) {
        this(JettyPolicies.configuration(options), fallback);
    }

    /**
     * An authenticator with a configuration built in code (for embedders), and a fallback login or null.
     *
     * @throws dev.remoteuser.core.config.InvalidConfigurationException when it names a store Jetty cannot provide
     */
    public RemoteUserAuthenticator(RemoteUserConfig config, Authenticator fallback) {
        config.requireSupportedStore("Jetty", JettyPolicies.STORES);
        this.config = config;
        this.fallback = fallback;
        this.counters = new DecisionCounters(config.identityHeaders());
        this.metrics = new RemoteUserMetrics(counters, config.toString());
    }

    /** Publishes the counters on JMX, named after the context the security handler starts in. */
    @Override
    protected void doStart() {
        Context context = ContextHandler.getCurrentContext();
        String path = context == null ? "" : context.getContextPath();
        LOG.info("remote-user-auth: counters on JMX as {}",
                metrics.register(RemoteUserMetrics.objectName("Jetty", Map.of("context", path))));
    }

    @Override
    protected void doStop() {
        metrics.unregister();
    }

    @Override
    public void setConfiguration(Configuration configuration) {
        if (fallback != null) {
            fallback.setConfiguration(configuration);
        }
        users = new JettyUsers(configuration.getIdentityService());
        policy = JettyPolicies.policy(config, configuration);
        LOG.info("remote-user-auth: {}", config);
    }

    /** The fallback's type when there is one, so a web.xml {@code <auth-method>} of that type keeps us installed. */
    @Override
    public String getAuthenticationType() {
        return fallback == null ? AUTH_TYPE : fallback.getAuthenticationType();
    }

    /**
     * Requests per outcome, per refusal reason code and per stripped forged header. JMX shows each as a numeric
     * attribute of {@link RemoteUserMetrics}.
     */
    public Map<String, Long> getCounters() {
        return counters.snapshot();
    }

    /** The effective options (never a secret): the startup line's text and the JMX {@code configuration}. */
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
        if (fallback != null) {
            CREDENTIALS_REQUIRED.set(required);
        }
        return required ? authorization : Constraint.Authorization.ANY_USER;
    }

    @Override
    public AuthenticationState validateRequest(Request request, Response response, Callback callback)
            throws ServerAuthException {
        boolean credentialsRequired = fallback == null || takeCredentialsRequired();
        Decision decision = decide(request);
        JettySessions.carryOut(request, response, decision.session());
        return decision.accept(new Decision.Visitor<Step>() {
            @Override
            public Step authenticated(Decision.Authenticated authenticated) {
                // the decision travels in its RemoteUserSucceeded to prepareRequest
                return () -> new RemoteUserSucceeded(users.of(authenticated), authenticated);
            }

            @Override
            public Step notAttempted(Decision.NotAttempted notAttempted) {
                request.setAttribute(DECISION_ATTRIBUTE, notAttempted);
                return () -> toFallback(request, response, callback, credentialsRequired);
            }

            @Override
            public Step rejected(Decision.Rejected rejected) {
                request.setAttribute(DECISION_ATTRIBUTE, rejected);
                return () -> {
                    audit.refused(rejected, new JettyRequestView(request).peerAddress(),
                            request.getHttpURI().getCanonicalPath(), LOG::warn, LOG::error);
                    JettyPolicies.send(response, callback, rejected.answer());
                    return AuthenticationState.SEND_FAILURE;
                };
            }

            @Override
            public Step loggedOut(Decision.LoggedOut loggedOut) {
                request.setAttribute(DECISION_ATTRIBUTE, loggedOut);
                return loggedOut.answer().<Step>map(answer -> () -> {
                    JettyPolicies.send(response, callback, answer);
                    return AuthenticationState.SEND_SUCCESS;
                }).orElse(() -> toFallback(request, response, callback, credentialsRequired));
            }

            @Override
            public Step diagnosed(Decision.Diagnosed diagnosed) {
                request.setAttribute(DECISION_ATTRIBUTE, diagnosed);
                return () -> {
                    JettyPolicies.send(response, callback, diagnosed.answer());
                    return AuthenticationState.SEND_SUCCESS;
                };
            }
        }).run();
    }

    /** Whether this thread's request needs credentials, forgotten as it is read; true when unknown. */
    private static boolean takeCredentialsRequired() {
        Boolean required = CREDENTIALS_REQUIRED.get();
        CREDENTIALS_REQUIRED.remove();
        return required == null || required;
    }

    /** What the authenticator answers Jetty for a decision; the fallback may throw. */
    private interface Step {
        AuthenticationState run() throws ServerAuthException;
    }

    /** No identity from us: the webapp's own login decides, now or when the webapp asks for it. */
    private AuthenticationState toFallback(Request request, Response response, Callback callback,
                                           boolean credentialsRequired) throws ServerAuthException {
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
        if (fallback != null) {
            CREDENTIALS_REQUIRED.remove();
        }
        RemoteUserSucceeded ours = authenticationState instanceof RemoteUserSucceeded succeeded ? succeeded : null;
        Decision decision = ours != null ? ours.decision() : (Decision) request.removeAttribute(DECISION_ATTRIBUTE);
        if (decision == null) {
            // Jetty skipped validateRequest (it always asks for it here); still hide what the webapp must not see
            decision = decide(request);
        }
        if (ours != null) {
            ours.requestAttributes().setOn(request::setAttribute);
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
        JettyRequestView view = new JettyRequestView(request);
        Decision decision = policy.decide(view);
        counters.record(decision);
        if (decision.stripped().any()) {
            audit.stripped(decision, view.peerAddress(), request.getHttpURI().getCanonicalPath(), LOG::warn);
        }
        return decision;
    }
}
