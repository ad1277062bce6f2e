package dev.remoteuser.jetty;

import dev.remoteuser.core.config.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.security.Authenticator;
import org.eclipse.jetty.security.DefaultAuthenticatorFactory;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.Server;

/**
 * Creates a {@link RemoteUserAuthenticator} for a webapp's security handler, wrapping the authenticator the webapp's
 * own {@code <login-config>} asks for (BASIC, FORM ...) as the fallback. Jetty finds it three ways:
 * <ul>
 *   <li>{@code securityHandler.setAuthenticatorFactory(new RemoteUserAuthenticatorFactory(settings))} in code or in
 *       a context XML: always active for that webapp;</li>
 *   <li>through {@code META-INF/services} (the jetty-base module): active for every webapp once the module put a
 *       {@link RemoteUserSettings} bean on the Server;</li>
 *   <li>for a webapp whose web.xml says {@code <auth-method>REMOTE_USER</auth-method>}, with options from the Server
 *       bean and, on Jetty 12.1, context init-params named {@code org.eclipse.jetty.security.remoteuser.<option>}.</li>
 * </ul>
 * Where settings come from outside the webapp (the Server bean or this factory's own), the webapp's init-params may
 * set only options that do not decide trust ({@link Option#isTrustOption()}): one that tries fails the webapp's
 * startup naming it, since a webapp must never be able to widen the trust the operator configured.
 */
public class RemoteUserAuthenticatorFactory implements Authenticator.Factory {

    /** Prefix of context init-params carrying options (Jetty 12.1 passes only {@code org.eclipse.jetty.security.*}). */
    public static final String PARAMETER_PREFIX = "org.eclipse.jetty.security.remoteuser.";

    private final RemoteUserSettings settings;

    /** The factory Jetty's ServiceLoader uses: active only where the module configured the Server. */
    public RemoteUserAuthenticatorFactory() {
        this(null);
    }

    /** A factory that is always active, with these settings (over any Server-wide ones). */
    public RemoteUserAuthenticatorFactory(RemoteUserSettings settings) {
        this.settings = settings;
    }

    @Override
    public Authenticator getAuthenticator(Server server, Context context, Authenticator.Configuration configuration) {
        RemoteUserSettings serverSettings = server == null ? null : server.getBean(RemoteUserSettings.class);
        String type = configuration.getAuthenticationType();
        boolean selectedByWebXml = RemoteUserAuthenticator.AUTH_TYPE.equals(type);
        if (settings == null && serverSettings == null && !selectedByWebXml) {
            return null;
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (serverSettings != null) {
            options.putAll(serverSettings.getOptions());
        }
        if (settings != null) {
            options.putAll(settings.getOptions());
        }
        Map<String, String> webappOptions = new LinkedHashMap<>();
        for (String name : configuration.getParameterNames()) {
            if (name.startsWith(PARAMETER_PREFIX)) {
                webappOptions.put(name.substring(PARAMETER_PREFIX.length()), configuration.getParameter(name));
            }
        }
        if (serverSettings != null || settings != null) {
            // the webapp's init-params must not widen the trust an operator configured outside the webapp
            Option.requireNoTrustOptions(webappOptions.keySet(), PARAMETER_PREFIX);
        }
        options.putAll(webappOptions);
        Authenticator fallback = type == null || selectedByWebXml
                ? null
                : new DefaultAuthenticatorFactory().getAuthenticator(server, context, configuration);
        return new RemoteUserAuthenticator(options, fallback);
    }
}
