package dev.remoteuser.core.trust;

/** Where the asserted user name comes from ({@code identitySource} option). */
public enum IdentitySource {
    /** The {@code userHeader} of a request from a trusted peer. */
    HEADER("header"),
    /**
     * The container's connector: Tomcat's AJP connector with {@code tomcatAuthentication="false"} passes the
     * front end's {@code REMOTE_USER}. The connector's secret and bind address are the trust; groups and attribute
     * headers still need a trusted peer.
     */
    CONNECTOR("connector");

    private final String key;

    IdentitySource(String key) {
        this.key = key;
    }

    /** The option value that selects this source. */
    public String key() {
        return key;
    }
}
