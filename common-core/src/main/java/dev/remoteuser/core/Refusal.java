package dev.remoteuser.core;

/** Internal signal that a rule refused the request; {@link RemoteUserPolicy} turns it into a {@link Decision}. */
final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final String cause;

    Refusal(Reason reason) {
        this(reason, null);
    }

    /**
     * @param cause what an operator must know to act, as {@link Decision.Rejected#cause()} describes; null when
     *              the reason says it all
     */
    Refusal(Reason reason, String cause) {
        super(reason.name(), null, false, false);
        this.reason = reason;
        this.cause = cause;
    }

    Reason reason() {
        return reason;
    }

    String operatorCause() {
        return cause;
    }
}
