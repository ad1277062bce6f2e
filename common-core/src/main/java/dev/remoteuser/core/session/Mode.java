package dev.remoteuser.core.session;

/** How long an identity asserted by the proxy lasts. */
public enum Mode {
    /**
     * The header must be on every request. When it disappears, a user logged in by us is logged out (the session is
     * invalidated); when it names someone else, the old session is invalidated. Django's {@code RemoteUserMiddleware}.
     */
    PER_REQUEST("per-request"),
    /**
     * The header is needed once; the session keeps the user until logout or expiry. A different user in the header
     * still switches users. Django's {@code PersistentRemoteUserMiddleware}.
     */
    PERSISTENT("persistent");

    private final String key;

    Mode(String key) {
        this.key = key;
    }

    /** The option value that selects this mode. */
    public String key() {
        return key;
    }
}
