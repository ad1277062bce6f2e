package dev.remoteuser.core.identity;

import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.internal.StageMemo;

/**
 * The identity the request asserts, before the user store.
 *
 * @param identity the identity from the headers or the signed assertion
 * @param later    for a remembered identity (the identity memo's entry), where the store stage keeps what it derived
 *                 from it; null when the identity was not remembered
 * @param shown    for a remembered identity, where the adapter keeps what it built for the final identity (its
 *                 container principal), so a returning user costs it no look-up of its own; null when not remembered
 */
public record Asserted(Identity identity, StageMemo later, StageMemo shown) {

    /** An identity that was not remembered: no stage keeps anything beside it. */
    public static Asserted once(Identity identity) {
        return new Asserted(identity, null, null);
    }
}
