package dev.remoteuser.core.decision;

import java.util.Objects;
import java.util.function.Function;

/**
 * Seals identities for the session on behalf of one policy, which shares a single instance among all its decisions
 * (so that deciding allocates no sealer). Only this package can use it, through {@link Decision.Authenticated#sealed()}
 * and {@link SessionPlan#sealed()}, and only for the decision's own identity. Security: code that gets hold of a
 * decision (an adapter, a webapp that reaches the container's request) can never seal any other identity, which it
 * could then plant in a session for the policy to accept.
 */
public final class SessionSealer {

    private final Function<Identity, String> seal;

    /** @param seal the identity as the session keeps it, sealed under the policy's key */
    public SessionSealer(Function<Identity, String> seal) {
        this.seal = Objects.requireNonNull(seal, "seal");
    }

    String seal(Identity identity) {
        return seal.apply(identity);
    }
}
