package dev.remoteuser.jaas;

import javax.security.auth.callback.Callback;

/**
 * Asks the callback handler for the identity our adapter vouched for. Only {@link JaasUserStore}'s handler answers
 * it; Tomcat's JAASRealm and Jetty's JAASLoginService do not, so {@link RemoteUserLoginModule} fails closed there.
 */
public final class RemoteUserCallback implements Callback {

    private VouchedIdentity identity;

    /** The identity remote-user-auth vouched for, or {@code null} when the handler gave none. */
    public VouchedIdentity getIdentity() {
        return identity;
    }

    /** Answers the callback. */
    public void setIdentity(VouchedIdentity identity) {
        this.identity = identity;
    }
}
