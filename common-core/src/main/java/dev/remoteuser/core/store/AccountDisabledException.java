package dev.remoteuser.core.store;

/** The store knows the user, but the account is locked, expired or disabled. The request is refused with 403. */
public class AccountDisabledException extends UserStoreException {
    private static final long serialVersionUID = 1L;

    public AccountDisabledException(String message) {
        super(message);
    }

    public AccountDisabledException(String message, Throwable cause) {
        super(message, cause);
    }
}
