package dev.remoteuser.core.store;

/** The user store could not answer. The request is refused with 503; it is never let through. */
public class UserStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public UserStoreException(String message) {
        super(message);
    }

    public UserStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
