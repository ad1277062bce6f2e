package dev.remoteuser.tomcat;

import dev.remoteuser.core.Answer;
import dev.remoteuser.core.AssertionVerifier;
import dev.remoteuser.core.AuditLog;
import dev.remoteuser.core.Decision;
import dev.remoteuser.core.DecisionCounters;
import dev.remoteuser.core.Identity;
import dev.remoteuser.core.InvalidConfigurationException;
import dev.remoteuser.core.RemoteUserConfig;
import dev.remoteuser.core.RemoteUserPolicy;
import dev.remoteuser.core.SessionPlan;
import dev.remoteuser.jaas.JaasUserStore;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Realm;
import org.apache.catalina.Session;
import org.apache.catalina.authenticator.NonLoginAuthenticator;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.valves.ValveBase;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * Trusted-proxy authentication for Tomcat 10.1 and 11. Configure it in {@code server.xml} at Engine or Host level
 * (every webapp) or in a {@code <Context>}; every option of the core is an attribute of the same name:
 * <pre>{@code <Valve className="dev.remoteuser.tomcat.RemoteUserValve" trustedProxies="10.0.0.5"
 *        groupsHeader="Remote-Groups"/>}</pre>
 * The principal is a {@link GenericPrincipal} with the roles and the header attributes; {@code getAuthType()} is
 * {@value #AUTH_TYPE}. The identity lives in a session note, never in the session's principal, so Tomcat's own
 * authenticators cannot bring it back on a request the core did not authenticate.
 */
public class RemoteUserValve extends ValveBase {

    /** What {@code getAuthType()} answers for users this valve logged in. */
    public static final String AUTH_TYPE = "REMOTE_USER";
    /** Request attribute holding the user's groups ({@code Set<String>}). */
    public static final String GROUPS_ATTRIBUTE = "dev.remoteuser.groups";
    /** Prefix of the request attributes holding principal attributes ({@code dev.remoteuser.attribute.email}). */
    public static final String ATTRIBUTE_PREFIX = "dev.remoteuser.attribute.";
    /** Session note holding the {@link Identity} this valve logged in. */
    static final String IDENTITY_NOTE = "dev.remoteuser.identity";

    private static final Log log = LogFactory.getLog(RemoteUserValve.class);

    private final RemoteUserConfig.Builder options = RemoteUserConfig.builder();
    private final DecisionCounters counters = new DecisionCounters();
    private final AuditLog audit = new AuditLog(60);
    private final Map<Realm, RemoteUserPolicy> policiesByRealm = new ConcurrentHashMap<>();
    private volatile RemoteUserConfig config;
    private volatile RemoteUserPolicy policy;
    /** With {@code userStore="realm"}: the policy for contexts without a Realm, whose store always fails (503). */
    private volatile RemoteUserPolicy withoutRealm;
    /** The signed-assertion verifier all of this valve's policies share (one key cache); empty without assertions. */
    private volatile Optional<AssertionVerifier> assertions = Optional.empty();

    public RemoteUserValve() {
        super(true);
    }

    /**
     * Sets an option by name. Tomcat's digester calls this for every {@code server.xml} attribute that has no
     * setter of its own; embedded users call it directly. Unknown names fail startup.
     *
     * @return always {@code true}: problems are reported, all at once, when the valve starts
     */
    public boolean setProperty(String name, String value) {
        if (!"className".equals(name)) {
            options.set(name, value);
        }
        return true;
    }

    /** The effective options, for JMX and logs (read-only). */
    public String getConfiguration() {
        return config == null ? "(not started)" : config.toString();
    }

    /** Requests per outcome and per refusal reason code, for JMX (read-only). */
    public Map<String, Long> getCounters() {
        return counters.snapshot();
    }

    @Override
    protected void startInternal() throws LifecycleException {
        try {
            config = options.build();
            assertions = RemoteUserPolicy.loadAssertionVerifier(config);
        } catch (InvalidConfigurationException e) {
            throw new LifecycleException(e.getMessage());
        }
        // policies built from the options of an earlier start must not outlive them
        policiesByRealm.clear();
        withoutRealm = null;
        switch (config.userStore()) {
            case NONE -> policy = new RemoteUserPolicy(config, null, assertions);
            case JAAS -> policy = new RemoteUserPolicy(config, new JaasUserStore(config), assertions);
            case REALM -> policy = null;
            default -> throw new LifecycleException("remote-user-auth: userStore='" + config.userStore().key()
                    + "' is not available in Tomcat; use none, realm or jaas");
        }
        log.info("remote-user-auth: " + config);
        super.startInternal();
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (request.getContext() == null) {
            // no webapp matched (a 404, or a request the connector already refused): nothing to authenticate
            getNext().invoke(request, response);
            return;
        }
        if (request.getContext().getAuthenticator() instanceof NonLoginAuthenticator cached && cached.getCache()) {
            // with a constraint and no login-config, a caching NonLoginAuthenticator creates a session for every
            // request we authenticate, to keep a principal the valve sets again on every request anyway
            cached.setCache(false);
        }
        Decision decision = policyFor(request).decide(new TomcatRequestView(request));
        counters.record(decision);
        for (String header : decision.headersToRemove()) {
            request.getCoyoteRequest().getMimeHeaders().removeHeader(header);
        }
        carryOut(request, decision.session());
        if (decision instanceof Decision.Rejected rejected) {
            refuse(request, response, rejected);
        } else if (decision instanceof Decision.Diagnosed diagnosed) {
            send(response, diagnosed.answer());
        } else if (decision instanceof Decision.LoggedOut loggedOut && loggedOut.answer().isPresent()) {
            send(response, loggedOut.answer().get());
        } else if (decision instanceof Decision.LoggedOut || decision instanceof Decision.NotAttempted) {
            getNext().invoke(request, response);
        } else {
            Decision.Authenticated authenticated = (Decision.Authenticated) decision;
            GenericPrincipal principal = logIn(request, authenticated);
            SessionMarkingRequest marking = new SessionMarkingRequest(request.getRequest(), request, principal,
                    authenticated.identity());
            request.setRequest(marking);
            try {
                getNext().invoke(request, response);
            } finally {
                afterRequest(request, principal, marking);
            }
        }
    }

    /** The policy for this request: one for all, or with {@code userStore="realm"} one per Realm. */
    private RemoteUserPolicy policyFor(Request request) {
        if (policy != null) {
            return policy;
        }
        Realm realm = request.getContext().getRealm();
        if (realm == null) {
            // stock Tomcat never gets here (StandardEngine answers a NullRealm when none is configured); an
            // embedding that leaves the context without a Realm gets 503, from one policy for every such request
            // (each policy has its own store threads)
            RemoteUserPolicy refusing = withoutRealm;
            if (refusing == null) {
                refusing = new RemoteUserPolicy(config, username -> {
                    throw new IllegalStateException("userStore=realm but the context has no Realm");
                }, assertions);
                withoutRealm = refusing;
            }
            return refusing;
        }
        return policiesByRealm.computeIfAbsent(realm, r -> new RemoteUserPolicy(config, new RealmUserStore(r),
                assertions));
    }

    /**
     * Carries out the core's session plan: first what happens to the session the request has, then whether the
     * identity goes into a session (a session note: never replicated or persisted, and out of the webapp's reach).
     */
    private static void carryOut(Request request, SessionPlan plan) {
        Session existing = request.getSessionInternal(false);
        if (existing != null) {
            switch (plan.existing()) {
                case KEEP -> {
                    // the session already belongs to this user, or the decision leaves sessions alone
                }
                case RENEW_ID -> request.changeSessionId();
                case INVALIDATE -> existing.expire();
            }
        }
        switch (plan.remember()) {
            case NEVER -> {
                // nobody authenticated by us
            }
            case WHEN_THE_WEBAPP_ASKS, NOW -> {
                Session session = request.getSessionInternal(plan.remember() == SessionPlan.Remember.NOW);
                if (session != null) {
                    session.setNote(IDENTITY_NOTE, plan.identity());
                }
            }
        }
    }

    /** Sets the principal, auth type and request attributes of the user the core authenticated. */
    private GenericPrincipal logIn(Request request, Decision.Authenticated decision) {
        Identity identity = decision.identity();
        GenericPrincipal principal = new GenericPrincipal(identity.name(), List.copyOf(identity.roles()), null, null,
                null, Map.copyOf(identity.attributes()));
        request.setUserPrincipal(principal);
        request.setAuthType(AUTH_TYPE);
        request.setAttribute(GROUPS_ATTRIBUTE, identity.groups());
        identity.attributes().forEach((name, value) -> request.setAttribute(ATTRIBUTE_PREFIX + name, value));
        return principal;
    }

    /**
     * Keeps Tomcat from caching our principal in the session (its authenticators would restore it on requests the
     * core did not authenticate). A session the webapp created through {@link SessionMarkingRequest} is marked
     * already; this catches one made past it (a component that unwrapped the request), and forgets the identity
     * when the webapp called {@code request.logout()}.
     */
    private static void afterRequest(Request request, GenericPrincipal principal, SessionMarkingRequest marking) {
        Session session = request.getSessionInternal(false);
        if (session == null) {
            return;
        }
        if (session.getPrincipal() == principal) {
            session.setPrincipal(null);
            session.setAuthType(null);
        }
        if (request.getPrincipal() != principal) {
            session.removeNote(IDENTITY_NOTE);
        } else {
            marking.mark();
        }
    }

    /** Answers directly (no error page, which could create a session) and never calls the webapp. */
    private void refuse(Request request, Response response, Decision.Rejected rejected) throws IOException {
        String line = audit.refusalLine(rejected, request.getPeerAddr(), request.getDecodedRequestURI());
        if (line != null && rejected.failure().isPresent()) {
            log.error(line, rejected.failure().get());
        } else if (line != null) {
            log.warn(line);
        }
        send(response, rejected.answer());
    }

    /** Sends the core's own answer: its status, headers and body, nothing else. */
    private static void send(Response response, Answer answer) throws IOException {
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        byte[] body = answer.bodyBytes();
        if (body.length > 0) {
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}
