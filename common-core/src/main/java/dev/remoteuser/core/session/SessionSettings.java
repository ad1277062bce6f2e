package dev.remoteuser.core.session;

import dev.remoteuser.core.config.Option;
import dev.remoteuser.core.config.OptionReader;
import dev.remoteuser.core.internal.HeaderValues;
import dev.remoteuser.core.internal.LogSafe;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * How long an identity lives, and how a user leaves.
 *
 * @param mode           per request (the header on every request) or persistent (remembered in the session)
 * @param logoutPath     the path that logs the user out, if any
 * @param logoutRedirect where the logout path redirects (the proxy's logout URL), if anywhere
 * @param keyFile        the file the session key was read from ({@code sessionKeyFile}), if set
 * @param key            the key sealing identities in sessions, read from {@code keyFile}; empty without it (then a
 *                       random key per policy); never logged
 */
public record SessionSettings(Mode mode, Optional<String> logoutPath, Optional<String> logoutRedirect,
                              Optional<Path> keyFile, Optional<SessionKey> key) {

    /** Fewest bytes a session key file must hold. */
    public static final int MIN_KEY_BYTES = 32;

    /** The settings without a session key file (a random key per policy). */
    public SessionSettings(Mode mode, Optional<String> logoutPath, Optional<String> logoutRedirect) {
        this(mode, logoutPath, logoutRedirect, Optional.empty(), Optional.empty());
    }

    /** Reads the session options, reporting problems to {@code options}. */
    public static SessionSettings read(OptionReader options) {
        Mode mode = options.choice(Option.MODE, Mode.values(), Mode::key);
        Optional<String> logoutPath = options.path(Option.LOGOUT_PATH);
        Optional<String> redirect = logoutRedirect(options);
        if (redirect.isPresent() && logoutPath.isEmpty()) {
            options.problem("logoutRedirect: needs logoutPath (the path that triggers the logout)");
        }
        Optional<Path> keyFile = options.file(Option.SESSION_KEY_FILE);
        return new SessionSettings(mode, logoutPath, redirect, keyFile, keyFile.flatMap(file -> key(file, options)));
    }

    /** The key in {@code file}: its bytes without surrounding white space, at least {@link #MIN_KEY_BYTES}. */
    private static Optional<SessionKey> key(Path file, OptionReader options) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            options.problem("sessionKeyFile: cannot read '" + LogSafe.escape(file.toString()) + "'");
            return Optional.empty();
        }
        int start = 0;
        int end = bytes.length;
        while (start < end && Character.isWhitespace(bytes[start])) {
            start++;
        }
        while (end > start && Character.isWhitespace(bytes[end - 1])) {
            end--;
        }
        if (end - start < MIN_KEY_BYTES) {
            options.problem("sessionKeyFile: '" + LogSafe.escape(file.toString()) + "' must hold at least "
                    + MIN_KEY_BYTES + " bytes (say, openssl rand -base64 48); the content is not shown");
            return Optional.empty();
        }
        return Optional.of(new SessionKey(Arrays.copyOfRange(bytes, start, end)));
    }

    /** Every session option's effective value, for the startup log. */
    public String describe() {
        return "mode=" + mode.key() + ", logoutPath=" + logoutPath.orElse("none")
                + ", logoutRedirect=" + logoutRedirect.orElse("none")
                + ", sessionKeyFile=" + keyFile.map(Path::toString).orElse("none (a random key per start)");
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
