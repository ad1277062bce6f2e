package dev.remoteuser.jetty;

import dev.remoteuser.core.decision.Identity;

import java.io.Serializable;

/**
 * The session attribute holding the identity we logged in. Only this package can make one, so a webapp cannot plant
 * a forged identity with {@code session.setAttribute}.
 */
final class RememberedIdentity implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The session attribute name. */
    static final String ATTRIBUTE = "dev.remoteuser.identity";

    private final Identity identity;

    RememberedIdentity(Identity identity) {
        this.identity = identity;
    }

    Identity identity() {
        return identity;
    }
}
