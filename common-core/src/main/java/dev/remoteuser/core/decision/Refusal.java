package dev.remoteuser.core.decision;

/** Internal signal that a rule refused the request; the policy turns it into a {@link Decision}. */
public final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final String cause;

    public Refusal(Reason reason) {
        this(reason, null);
    }

    /**
     * @param cause what an operator must know to act, as {@link Decision.Rejected#cause()} describes; null when
     *              the reason says it all
     */
    public Refusal(Reason reason, String cause) {
        super(reason.name(), null, false, false);
        this.reason = reason;
        this.cause = cause;
    }

    public Reason reason() {
        return reason;
    }

    public String operatorCause() {
        return cause;
    }
}
