package dev.remoteuser.core.trust;

/** What happens when an untrusted peer sends an identity header ({@code untrustedHeaders} option). */
public enum UntrustedHeaders {
    /** Remove the identity headers and carry on as if none had been sent. */
    STRIP("strip"),
    /** Refuse the request with 403. */
    REJECT("reject");

    private final String key;

    UntrustedHeaders(String key) {
        this.key = key;
    }

    /** The option value that selects this behaviour. */
    public String key() {
        return key;
    }
}
