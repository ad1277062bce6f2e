package dev.remoteuser.core;

/** Internal signal that a rule refused the request; {@link RemoteUserPolicy} turns it into a {@link Decision}. */
final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final Reason reason;

    Refusal(Reason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
