package dev.remoteuser.core;

import dev.remoteuser.core.decision.Identity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Small helpers to build policies and identities from option pairs in tests. */
final class Policies {

    private Policies() {
    }

    /** A policy from alternating option names and values: {@code policy("mode", "persistent")}. */
    static RemoteUserPolicy policy(String... options) {
        return new RemoteUserPolicy(config(options));
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
