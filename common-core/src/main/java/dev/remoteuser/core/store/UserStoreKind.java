package dev.remoteuser.core.store;

/** Which user store the adapter consults ({@code userStore} option). */
public enum UserStoreKind {
    /** No store: the headers alone decide user and roles. */
    NONE("none"),
    /** Tomcat: the Context's Realm, looked up without a password. */
    REALM("realm"),
    /** Jetty: the context's LoginService, looked up without a password. */
    LOGIN_SERVICE("login-service"),
    /** A JAAS login through {@code jaasAppName} that only accepts identities our adapters vouched for. */
    JAAS("jaas");

    private final String key;

    UserStoreKind(String key) {
        this.key = key;
    }

    /** The option value that selects this store. */
    public String key() {
        return key;
    }
}
