package dev.remoteuser.core.internal;

/**
 * What a later stage of the decision derived from a remembered value, kept beside it so that a returning request
 * reads it back without a look-up of its own. Only the stage that writes it reads it (it checks the type and, where
 * the value can expire, the expiry); another stage overwriting it only costs that stage its shortcut. Thread-safe.
 */
public final class StageMemo {

    private volatile Object derived;

    /** What was derived last, or null. */
    public Object get() {
        return derived;
    }

    /** Replaces what was derived. */
    public void set(Object derived) {
        this.derived = derived;
    }
}
