package dev.remoteuser.core.store;

import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.decision.Refusal;
import dev.remoteuser.core.identity.Asserted;
import dev.remoteuser.core.identity.IdentityReader;
import dev.remoteuser.core.internal.StageMemo;

import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The store stage: the asserted user confirmed by the user store (timed out per {@code userStoreTimeout}, answers
 * cached per {@code userCacheTtl}), the store's roles added; a store failure refuses the request, never admits it.
 * Thread-safe.
 */
public final class StoreLookup {

    private final StoreSettings settings;
    private final IdentityReader identities;
    /** The store, timed and (when {@link #cache} is not null) cached. */
    private final UserStore store;
    /** The store's cache (also {@link #store}), or null when answers are not cached. */
    private final CachingUserStore cache;

    /**
     * @param store      the adapter's store, timed and cached here
     * @param identities adds the store's roles to an identity
     * @param nanoClock  the clock of the cache's expiry
     */
    public StoreLookup(StoreSettings settings, UserStore store, IdentityReader identities, LongSupplier nanoClock) {
        this.settings = settings;
        this.identities = identities;
        UserStore timed = new TimedUserStore(store, settings.timeout());
        this.cache = settings.cached()
                ? new CachingUserStore(timed, settings.cacheTtl(), settings.cacheSize(), settings.timeout(), nanoClock)
                : null;
        this.store = cache != null ? cache : timed;
    }

    /**
     * The asserted identity checked against the user store, with the store's roles added. A cached store answer
     * remembers what was built from it, so a returning user (the same asserted instance from the identity memo) gets
     * the very same identity without building again; the identity memo's entry keeps that answer too, so such a user
     * costs no second look-up while the answer is fresh (after {@code userCacheTtl} the store is asked again).
     */
    public Identity confirm(Asserted request) throws Refusal {
        Identity asserted = request.identity();
        StageMemo later = request.later();
        CachingUserStore.Answer answer = null;
        Optional<StoredUser> user;
        try {
            if (cache != null) {
                if (later != null && later.get() instanceof CachingUserStore.Answer last && cache.isFresh(last)) {
                    Identity built = last.builtFor(asserted);
                    if (built != null) {
                        return built;
                    }
                }
                answer = cache.answer(asserted);
                Identity built = answer.builtFor(asserted);
                if (built != null) {
                    remember(later, answer);
                    return built;
                }
                user = answer.user();
            } else {
                user = store.find(asserted);
            }
        } catch (AccountDisabledException e) {
            throw new Refusal(Reason.ACCOUNT_DISABLED);
        } catch (UserStoreException | RuntimeException e) {
            throw new Refusal(Reason.STORE_UNAVAILABLE, "user store failed: " + causeChain(e));
        }
        if (user == null) {
            throw new Refusal(Reason.STORE_UNAVAILABLE, "user store failed: it answered nothing (unavailable)");
        }
        if (user.isEmpty() && !settings.createUnknownUsers()) {
            throw new Refusal(Reason.UNKNOWN_USER);
        }
        Set<String> storeRoles = user.map(StoredUser::roles).orElse(Set.of());
        Identity identity = identities.withStoreRoles(asserted, storeRoles);
        if (answer != null) {
            answer.remember(asserted, identity);
            remember(later, answer);
        }
        return identity;
    }

    /** Keeps a cached answer that admitted the user in the identity memo's entry, when there is one. */
    private static void remember(StageMemo later, CachingUserStore.Answer answer) {
        if (later != null && later.get() != answer) {
            later.set(answer);
        }
    }

    /** An exception and its causes as one line (not yet escaped): type and message of each, at most three deep. */
    private static String causeChain(Throwable e) {
        StringBuilder text = new StringBuilder();
        Throwable at = e;
        for (int depth = 0; at != null && depth < 3; depth++, at = at.getCause() == at ? null : at.getCause()) {
            String message = String.valueOf(at.getMessage());
            text.append(depth == 0 ? "" : "; caused by ").append(at.getClass().getSimpleName()).append(": ")
                    .append(message, 0, Math.min(message.length(), 120));
        }
        return text.toString();
    }
}
