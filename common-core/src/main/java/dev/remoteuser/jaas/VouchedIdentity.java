package dev.remoteuser.jaas;

import dev.remoteuser.core.decision.Identity;

import java.util.Objects;

/**
 * An identity the core vouched for, handed to {@link RemoteUserLoginModule} through {@link RemoteUserCallback}. Only
 * {@link JaasUserStore} (this package) can make one: there is no public constructor or factory, the class is final
 * and not serializable, so no request, session, deserialized stream or webapp code can hand the module a name of its
 * choosing. The module accepts nothing else: not a user name, not a password.
 */
public final class VouchedIdentity {

    private final Identity identity;

    private VouchedIdentity(Identity identity) {
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    /** Vouches for an identity the core accepted; only the JAAS user store calls this. */
    static VouchedIdentity of(Identity identity) {
        return new VouchedIdentity(identity);
    }

    /** The identity the core accepted. */
    Identity identity() {
        return identity;
    }
}
