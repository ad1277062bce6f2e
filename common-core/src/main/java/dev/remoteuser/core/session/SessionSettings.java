package dev.remoteuser.core.session;

import dev.remoteuser.core.config.Option;
import dev.remoteuser.core.config.OptionReader;
import dev.remoteuser.core.internal.HeaderValues;
import dev.remoteuser.core.internal.LogSafe;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * How long an identity lives, and how a user leaves.
 *
 * @param mode           per request (the header on every request) or persistent (remembered in the session)
 * @param logoutPath     the path that logs the user out, if any
 * @param logoutRedirect where the logout path redirects (the proxy's logout URL), if anywhere
 */
public record SessionSettings(Mode mode, Optional<String> logoutPath, Optional<String> logoutRedirect) {

    /** Reads the session options, reporting problems to {@code options}. */
    public static SessionSettings read(OptionReader options) {
        Mode mode = options.choice(Option.MODE, Mode.values(), Mode::key);
        Optional<String> logoutPath = options.path(Option.LOGOUT_PATH);
        Optional<String> redirect = logoutRedirect(options);
        if (redirect.isPresent() && logoutPath.isEmpty()) {
            options.problem("logoutRedirect: needs logoutPath (the path that triggers the logout)");
        }
        return new SessionSettings(mode, logoutPath, redirect);
    }

    /** Every session option's effective value, for the startup log. */
    public String describe() {
        return "mode=" + mode.key() + ", logoutPath=" + logoutPath.orElse("none")
                + ", logoutRedirect=" + logoutRedirect.orElse("none");
    }

    /** Whether this path is the logout path. */
    public boolean isLogout(String path) {
        return logoutPath.isPresent() && logoutPath.get().equals(path);
    }

    private static Optional<String> logoutRedirect(OptionReader options) {
        Optional<String> text = options.text(Option.LOGOUT_REDIRECT);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String value = text.get();
        try {
            URI uri = new URI(value);
            boolean absoluteHttp = uri.isAbsolute() && uri.getHost() != null
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()));
            boolean localPath = !uri.isAbsolute() && value.startsWith("/") && !value.startsWith("//");
            if ((absoluteHttp || localPath) && HeaderValues.isPrintable(value) && !value.contains(" ")) {
                return text;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        options.problem("logoutRedirect: '" + LogSafe.escape(value) + "' must be an http(s) URL or a path starting"
                + " with a single /");
        return Optional.empty();
    }
}
