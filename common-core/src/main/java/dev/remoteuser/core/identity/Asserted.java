package dev.remoteuser.core.identity;

import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.internal.StageMemo;

/**
 * The identity the request asserts, before the user store.
 *
 * @param identity the identity from the headers or the signed assertion
 * @param later    for a remembered identity (the identity memo's entry), where the store stage keeps what it derived
 *                 from it; null when the identity was not remembered
 */
public record Asserted(Identity identity, StageMemo later) {
}
