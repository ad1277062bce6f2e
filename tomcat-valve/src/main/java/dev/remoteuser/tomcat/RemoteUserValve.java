package dev.remoteuser.tomcat;

import dev.remoteuser.core.AuditLog;
import dev.remoteuser.core.DecisionCounters;
import dev.remoteuser.core.IdentityExposure;
import dev.remoteuser.core.PrincipalMemo;
import dev.remoteuser.core.RemoteUserConfig;
import dev.remoteuser.core.RemoteUserMetrics;
import dev.remoteuser.core.config.InvalidConfigurationException;
import dev.remoteuser.core.decision.Answer;
import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Identity;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Engine;
import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleListener;
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
 * The valve translates: it shows the core a read-only view of the request, and carries out the decision with
 * Tomcat's API. The principal is a {@link GenericPrincipal} with the roles and the header attributes; {@code
 * getAuthType()} is {@value #AUTH_TYPE}.
 */
public class RemoteUserValve extends ValveBase {

    /** What {@code getAuthType()} answers for users this valve logged in. */
    public static final String AUTH_TYPE = IdentityExposure.AUTH_TYPE;
    /** Request attribute holding the user's groups ({@code Set<String>}). */
    public static final String GROUPS_ATTRIBUTE = IdentityExposure.GROUPS_ATTRIBUTE;
    /** Prefix of the request attributes holding principal attributes ({@code dev.remoteuser.attribute.email}). */
    public static final String ATTRIBUTE_PREFIX = IdentityExposure.ATTRIBUTE_PREFIX;

    private static final Log log = LogFactory.getLog(RemoteUserValve.class);

    private final RemoteUserConfig.Builder options =
            RemoteUserConfig.builder().supportedStores("Tomcat", TomcatPolicies.STORES);
    /** The configuration an embedder gave, instead of options; null when the valve reads its options. */
    private final RemoteUserConfig given;
    private boolean optionsSet;
    private volatile DecisionCounters counters;
    private volatile RemoteUserMetrics metrics;
    private final AuditLog audit = new AuditLog(60);
    private volatile RemoteUserConfig config;
    private volatile TomcatPolicies policies;
    /** The principal and request attributes of each identity, made once (they are immutable). */
    private final PrincipalMemo<Exposed> exposed = new PrincipalMemo<>(Exposed::of);
    /** Contexts whose authenticator {@link #checkAuthenticator} has seen since they started. */
    private final Map<Context, Boolean> checkedContexts = new ConcurrentHashMap<>();
    /**
     * The context {@link #checkAuthenticator} saw checked last, or null: requests in a row mostly go to one webapp,
     * and comparing a field costs no hash look-up. Always one of {@link #checkedContexts}, or null.
     */
    private volatile Context lastChecked;
    /** Makes {@link #checkSinceStart} one at a time (not the valve's own monitor, which Tomcat's lifecycle holds). */
    private final Object checking = new Object();
    /** Forgets a context when it stops or starts again (a reload makes a new authenticator; no stopped context kept). */
    private final LifecycleListener contextRestarts = event -> {
        if (Lifecycle.BEFORE_STOP_EVENT.equals(event.getType())
                || Lifecycle.AFTER_START_EVENT.equals(event.getType())) {
            checkedContexts.remove(event.getLifecycle());
            lastChecked = null;
        }
    };

    /** What the webapp sees of one identity: the principal, and the request attributes beside it. */
    private record Exposed(GenericPrincipal principal, IdentityExposure.RequestAttributes attributes) {
        static Exposed of(Identity identity) {
            return new Exposed(new GenericPrincipal(identity.name(), List.copyOf(identity.roles()), null, null, null,
                    Map.copyOf(identity.attributes())), IdentityExposure.requestAttributes(identity));
        }
    }

    /** A valve configured by its attributes ({@link #setProperty}). */
    public RemoteUserValve() {
        this(null);
    }

    /** A valve with a configuration built in code, for embedders; it takes no further options. */
    public RemoteUserValve(RemoteUserConfig config) {
        super(true);
        this.given = config;
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
            optionsSet = true;
        }
        return true;
    }

    /** The effective options, for JMX and logs (read-only). */
    public String getConfiguration() {
        return config == null ? "(not started)" : config.toString();
    }

    /**
     * Requests per outcome, per refusal reason code and per stripped forged header, since the valve started (empty
     * before). JMX shows each as a numeric attribute of {@link RemoteUserMetrics}.
     */
    public Map<String, Long> getCounters() {
        DecisionCounters current = counters;
        return current == null ? Map.of() : current.snapshot();
    }

    @Override
    protected void startInternal() throws LifecycleException {
        try {
            if (given != null && optionsSet) {
                throw new InvalidConfigurationException(List.of("options: a valve made with a configuration takes"
                        + " no further options"));
            }
            config = given != null ? given : options.build();
            // policies built from the options of an earlier start must not outlive them
            policies = new TomcatPolicies(config);
        } catch (InvalidConfigurationException e) {
            throw new LifecycleException(e.getMessage());
        }
        counters = new DecisionCounters(config.identityHeaders());
        metrics = new RemoteUserMetrics(counters, config.toString());
        log.info("remote-user-auth: " + config);
        log.info("remote-user-auth: counters on JMX as "
                + metrics.register(RemoteUserMetrics.objectName("Tomcat", scope(getContainer()))));
        super.startInternal();
    }

    @Override
    protected void stopInternal() throws LifecycleException {
        super.stopInternal();
        // a valve taken out of the pipeline leaves no listener on the contexts it saw
        checkedContexts.keySet().forEach(context -> context.removeLifecycleListener(contextRestarts));
        checkedContexts.clear();
        lastChecked = null;
        RemoteUserMetrics registered = metrics;
        if (registered != null) {
            registered.unregister();
        }
    }

    /** Where the valve is installed, outermost first: {@code engine}, {@code host}, {@code context} (its path). */
    private static Map<String, String> scope(Container container) {
        Map<String, String> found = new HashMap<>();
        for (Container c = container; c != null; c = c.getParent()) {
            if (c instanceof Engine) {
                found.put("engine", c.getName());
            } else if (c instanceof Host) {
                found.put("host", c.getName());
            } else if (c instanceof Context context) {
                found.put("context", context.getPath());
            }
        }
        Map<String, String> scope = new LinkedHashMap<>();
        for (String key : List.of("engine", "host", "context")) {
            if (found.containsKey(key)) {
                scope.put(key, found.get(key));
            }
        }
        return scope;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (request.getContext() == null) {
            // no webapp matched (a 404, or a request the connector already refused): nothing to authenticate
            getNext().invoke(request, response);
            return;
        }
        checkAuthenticator(request.getContext());
        TomcatRequestView view = new TomcatRequestView(request);
        Decision decision = policies.forRequest(request).decide(view);
        counters.record(decision);
        if (decision.stripped().any()) {
            audit.stripped(decision, request.getPeerAddr(), request.getDecodedRequestURI(), log::warn);
        }
        for (String header : decision.headersToRemove()) {
            request.getCoyoteRequest().getMimeHeaders().removeHeader(header);
        }
        TomcatSessions.carryOut(request, view.session(), decision.session());
        decision.accept(new Decision.Visitor<Step>() {
            @Override
            public Step authenticated(Decision.Authenticated authenticated) {
                return () -> runAs(request, response, authenticated);
            }

            @Override
            public Step notAttempted(Decision.NotAttempted notAttempted) {
                return () -> getNext().invoke(request, response);
            }

            @Override
            public Step rejected(Decision.Rejected rejected) {
                return () -> {
                    audit.refused(rejected, request.getPeerAddr(), request.getDecodedRequestURI(), log::warn,
                            log::error);
                    send(response, rejected.answer());
                };
            }

            @Override
            public Step loggedOut(Decision.LoggedOut loggedOut) {
                return loggedOut.answer().<Step>map(answer -> () -> send(response, answer))
                        .orElse(() -> getNext().invoke(request, response));
            }

            @Override
            public Step diagnosed(Decision.Diagnosed diagnosed) {
                return () -> send(response, diagnosed.answer());
            }
        }).run();
    }

    /**
     * With a constraint and no login-config, a caching {@link NonLoginAuthenticator} creates a session for every
     * request we authenticate, to keep a principal the valve sets again on every request anyway: its cache goes
     * off. Once per context start (finding the authenticator copies the context's valve list), again after the
     * context restarts with a new authenticator.
     */
    private void checkAuthenticator(Context context) {
        if (context == lastChecked) {
            return;
        }
        checkSinceStart(context);
        lastChecked = context;
        if (!checkedContexts.containsKey(context)) {
            // the context restarted meanwhile (its listener removed it after the check): the next request checks its
            // new authenticator
            lastChecked = null;
        }
    }

    /**
     * The check itself, made once per start of the context (the map says which contexts had theirs). It listens to
     * the context's restarts before it looks, so that a reload landing anywhere in the check either removes the
     * context again or made its new authenticator before the second look; it records the context only after the
     * first look, so that no request skips the check while the cache is still on.
     */
    private void checkSinceStart(Context context) {
        if (checkedContexts.containsKey(context)) {
            return;
        }
        synchronized (checking) {
            if (checkedContexts.containsKey(context)) {
                return;
            }
            if (!List.of(context.findLifecycleListeners()).contains(contextRestarts)) {
                context.addLifecycleListener(contextRestarts);
            }
            turnPrincipalCacheOff(context);
            checkedContexts.put(context, Boolean.TRUE);
            turnPrincipalCacheOff(context);
        }
    }

    private static void turnPrincipalCacheOff(Context context) {
        if (context.getAuthenticator() instanceof NonLoginAuthenticator cached && cached.getCache()) {
            cached.setCache(false);
        }
    }

    /** What the valve does for a decision; it may throw what the rest of the pipeline throws. */
    private interface Step {
        void run() throws IOException, ServletException;
    }

    /** Runs the webapp as the identity: principal, auth type, attributes, and a session marked when it is made. */
    private void runAs(Request request, Response response, Decision.Authenticated authenticated)
            throws IOException, ServletException {
        Exposed shown = exposed.of(authenticated);
        GenericPrincipal principal = shown.principal();
        request.setUserPrincipal(principal);
        request.setAuthType(AUTH_TYPE);
        shown.attributes().setOn(request::setAttribute);
        SessionMarkingRequest marking = new SessionMarkingRequest(request.getRequest(), request, principal,
                authenticated);
        request.setRequest(marking);
        try {
            getNext().invoke(request, response);
        } finally {
            TomcatSessions.afterRequest(request, principal, marking);
        }
    }

    /** Sends the core's own answer (no error page, which could create a session); the webapp never runs. */
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
