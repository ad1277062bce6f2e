package dev.remoteuser.core;

import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.session.SessionSeal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Small helpers to build policies and identities from option pairs in tests. */
final class Policies {

    private Policies() {
    }

    /**
     * The session key file every {@link #policy} uses unless it names another, so that {@link FakeRequest#withSession(
     * Identity)} can seal identities the policy opens.
     */
    static final String SESSION_KEY_FILE = sessionKeyFile();
    /** The seal under that key. */
    static final SessionSeal SESSION_SEAL = new SessionSeal(RemoteUserConfig.fromOptions(
            Map.of("trustedProxies", "127.0.0.1", "sessionKeyFile", SESSION_KEY_FILE)).sessions().key());

    /**
     * A policy from alternating option names and values: {@code policy("mode", "persistent")}, with {@link
     * #SESSION_KEY_FILE} unless the options give a session key file.
     */
    static RemoteUserPolicy policy(String... options) {
        Map<String, String> map = options(options);
        map.putIfAbsent("sessionKeyFile", SESSION_KEY_FILE);
        return new RemoteUserPolicy(RemoteUserConfig.fromOptions(map));
    }

    private static String sessionKeyFile() {
        try {
            Path file = Files.createTempFile("session-key", ".txt");
            file.toFile().deleteOnExit();
            Files.writeString(file, "test-session-key-0123456789abcdefghijklmnopqrstuvwxyz\n");
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RemoteUserConfig config(String... options) {
        return RemoteUserConfig.fromOptions(options(options));
    }

    static Map<String, String> options(String... options) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return map;
    }

    static Identity identity(String name, String... roles) {
        return new Identity(name, Set.of(roles), Set.of(), Map.of());
    }
}
