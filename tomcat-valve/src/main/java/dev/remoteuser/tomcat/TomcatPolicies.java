package dev.remoteuser.tomcat;

import dev.remoteuser.core.RemoteUserConfig;
import dev.remoteuser.core.RemoteUserPolicy;
import dev.remoteuser.core.assertion.AssertionVerifier;
import dev.remoteuser.core.store.UserStoreKind;
import dev.remoteuser.jaas.JaasUserStore;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.catalina.Realm;
import org.apache.catalina.connector.Request;

/**
 * The valve's policies: one for every request, or with {@code userStore="realm"} one per Realm (each its own store
 * cache), all sharing one signed-assertion verifier (one key cache).
 */
final class TomcatPolicies {

    /** The user stores a Tomcat valve can provide. */
    static final UserStoreKind[] STORES = {UserStoreKind.NONE, UserStoreKind.REALM, UserStoreKind.JAAS};

    private final RemoteUserConfig config;
    private final Optional<AssertionVerifier> assertions;
    /** The one policy, or null with {@code userStore="realm"}. */
    private final RemoteUserPolicy shared;
    private final Map<Realm, RemoteUserPolicy> byRealm = new ConcurrentHashMap<>();
    /** With {@code userStore="realm"}: the policy for contexts without a Realm, whose store always fails (503). */
    private volatile RemoteUserPolicy withoutRealm;

    /**
     * @throws dev.remoteuser.core.config.InvalidConfigurationException when the store is not Tomcat's or the
     *                                                                   assertion verifier cannot be loaded
     */
    TomcatPolicies(RemoteUserConfig config) {
        config.requireSupportedStore("Tomcat", STORES);
        this.config = config;
        this.assertions = RemoteUserPolicy.loadAssertionVerifier(config);
        this.shared = switch (config.store().kind()) {
            case NONE -> new RemoteUserPolicy(config, null, assertions);
            case JAAS -> new RemoteUserPolicy(config, new JaasUserStore(config.store()), assertions);
            case REALM, LOGIN_SERVICE -> null;
        };
    }

    /** The policy for this request's context. */
    RemoteUserPolicy forRequest(Request request) {
        if (shared != null) {
            return shared;
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
        return byRealm.computeIfAbsent(realm, r -> new RemoteUserPolicy(config, new RealmUserStore(r), assertions));
    }
}
