package dev.remoteuser.jetty;

import dev.remoteuser.core.RemoteUserConfig;
import dev.remoteuser.core.RemoteUserPolicy;
import dev.remoteuser.core.assertion.AssertionVerifier;
import dev.remoteuser.core.decision.Answer;
import dev.remoteuser.core.store.UserStoreKind;
import dev.remoteuser.jaas.JaasUserStore;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.security.Authenticator;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The authenticator's configuration and policy, and how the core's answers are sent with Jetty's API. */
final class JettyPolicies {

    /** The user stores a Jetty authenticator can provide. */
    static final UserStoreKind[] STORES = {UserStoreKind.NONE, UserStoreKind.LOGIN_SERVICE, UserStoreKind.JAAS};

    private JettyPolicies() {
    }

    /**
     * The configuration of these options, a store Jetty cannot provide being one more problem.
     *
     * @throws dev.remoteuser.core.config.InvalidConfigurationException listing every problem
     */
    static RemoteUserConfig configuration(Map<String, String> options) {
        RemoteUserConfig.Builder builder = RemoteUserConfig.builder().supportedStores("Jetty", STORES);
        options.forEach(builder::set);
        return builder.build();
    }

    /** The policy for a security handler: its login service as the store with {@code userStore=login-service}. */
    static RemoteUserPolicy policy(RemoteUserConfig config, Authenticator.Configuration configuration) {
        Optional<AssertionVerifier> assertions = RemoteUserPolicy.loadAssertionVerifier(config);
        return switch (config.store().kind()) {
            case LOGIN_SERVICE -> new RemoteUserPolicy(config, LoginServiceUserStore.of(configuration.getLoginService()),
                    assertions);
            case JAAS -> new RemoteUserPolicy(config, new JaasUserStore(config.store()), assertions);
            case NONE, REALM -> new RemoteUserPolicy(config, null, assertions);
        };
    }

    /** Sends the core's own answer (no error page, which could create a session); the webapp never runs. */
    static void send(Response response, Callback callback, Answer answer) {
        response.setStatus(answer.status());
        answer.headers().forEach(response.getHeaders()::put);
        byte[] body = answer.bodyBytes();
        response.write(true, body.length == 0 ? null : ByteBuffer.wrap(body), callback);
    }
}
