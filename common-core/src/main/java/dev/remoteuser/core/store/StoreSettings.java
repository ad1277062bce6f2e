package dev.remoteuser.core.store;

import dev.remoteuser.core.config.Option;
import dev.remoteuser.core.config.OptionReader;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Which user store confirms the asserted users, and how it is asked.
 *
 * @param kind               the store the adapter provides ({@code none}: none)
 * @param createUnknownUsers whether a user the store does not know is accepted
 * @param jaasAppName        with {@code jaas}: the login configuration entry
 * @param jaasUserClasses    with {@code jaas}: principal classes that mark the user; empty: any successful login
 * @param jaasRoleClasses    with {@code jaas}: principal classes whose names are roles
 * @param cacheTtl           how long an answer (found or not found) is cached; zero: no cache
 * @param cacheSize          most answers cached
 * @param timeout            how long a request waits for the store before it counts as failed
 */
public record StoreSettings(UserStoreKind kind, boolean createUnknownUsers, Optional<String> jaasAppName,
                            Set<String> jaasUserClasses, Set<String> jaasRoleClasses, Duration cacheTtl,
                            int cacheSize, Duration timeout) {

    /** Most store look-ups in progress at once; beyond this a request fails at once (503) instead of queueing. */
    public static final int MAX_LOOKUPS = 32;

    /**
     * Reads the store options, reporting problems to {@code options}.
     *
     * @param supported the store kinds the adapter can provide, with the container's name for the message
     */
    public static StoreSettings read(OptionReader options, Set<UserStoreKind> supported, String container) {
        UserStoreKind kind = options.choice(Option.USER_STORE, UserStoreKind.values(), UserStoreKind::key);
        if (!supported.contains(kind)) {
            options.problem(unsupported(kind, supported, container));
        }
        StoreSettings settings = new StoreSettings(kind, options.bool(Option.CREATE_UNKNOWN_USERS),
                options.text(Option.JAAS_APP_NAME), options.classNames(Option.JAAS_USER_CLASSES),
                options.classNames(Option.JAAS_ROLE_CLASSES), options.seconds(Option.USER_CACHE_TTL),
                options.number(Option.USER_CACHE_SIZE), options.seconds(Option.USER_STORE_TIMEOUT));
        if (kind == UserStoreKind.JAAS && settings.jaasAppName.isEmpty()) {
            options.problem("jaasAppName: userStore=jaas needs the name of the JAAS login configuration entry");
        }
        if (kind != UserStoreKind.JAAS && (settings.jaasAppName.isPresent() || !settings.jaasUserClasses.isEmpty())) {
            options.problem("jaasAppName: only used with userStore=jaas");
        }
        if (!settings.createUnknownUsers && kind == UserStoreKind.NONE) {
            options.problem("createUnknownUsers: 'false' needs a userStore that knows the users; with"
                    + " userStore=none every user would be refused");
        }
        return settings;
    }

    /** Every store option's effective value, for the startup log. */
    public String describe() {
        return "userStore=" + kind.key() + ", createUnknownUsers=" + createUnknownUsers
                + ", jaasAppName=" + jaasAppName.orElse("none") + ", jaasUserClasses=" + jaasUserClasses
                + ", jaasRoleClasses=" + jaasRoleClasses + ", userCacheTtl=" + cacheTtl.toSeconds()
                + ", userCacheSize=" + cacheSize + ", userStoreTimeout=" + timeout.toSeconds();
    }

    /** The problem of a store kind the adapter cannot provide. */
    public static String unsupported(UserStoreKind kind, Set<UserStoreKind> supported, String container) {
        return "userStore: '" + kind.key() + "' is not available in " + container + "; use "
                + String.join(", ", supported.stream().map(UserStoreKind::key).toList());
    }

    /** Whether answers are cached. */
    boolean cached() {
        return !cacheTtl.isZero() && cacheSize > 0;
    }
}
