package dev.remoteuser.core.decision;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a request that went on carried that does not count: the forged identity headers removed, and a session
 * identity value that did not verify (a refused request is counted and logged as its refusal instead). What
 * operators watch for attacks in {@code untrustedHeaders=strip} mode, where the request itself succeeds without the
 * headers, and for nodes of a cluster that do not share the session key.
 *
 * @param fromUntrustedPeer the configured identity headers an untrusted peer sent (secret and assertion headers
 *                          included), by their configured names
 * @param lookalikes        lookalike spellings ({@code Remote_User}), as the request spelled them (attacker-chosen
 *                          text: escape before logging), to the configured identity header each imitates
 * @param session           why the session's identity value was ignored, {@link UnverifiedSession#NONE} when it was
 *                          not (the session stays as it is; the adapter never writes over the value for this)
 */
public record Stripped(Set<String> fromUntrustedPeer, Map<String, String> lookalikes, UnverifiedSession session) {

    /** Nothing was stripped: the usual case, no allocation. */
    public static final Stripped NONE = new Stripped(Set.of(), Map.of());

    public Stripped {
        fromUntrustedPeer = Set.copyOf(Objects.requireNonNull(fromUntrustedPeer, "fromUntrustedPeer"));
        lookalikes = Map.copyOf(Objects.requireNonNull(lookalikes, "lookalikes"));
        Objects.requireNonNull(session, "session");
    }

    /** Headers stripped, the session's value (if any) verified or not looked at. */
    public Stripped(Set<String> fromUntrustedPeer, Map<String, String> lookalikes) {
        this(fromUntrustedPeer, lookalikes, UnverifiedSession.NONE);
    }

    /** These headers, and the session's value ignored for {@code why}. */
    public Stripped withSession(UnverifiedSession why) {
        if (why == session) {
            return this;
        }
        return why == UnverifiedSession.NONE && !anyHeader() ? NONE
                : new Stripped(fromUntrustedPeer, lookalikes, why);
    }

    /** {@link #NONE} when both are empty, else the two, copied. */
    public static Stripped of(Set<String> fromUntrustedPeer, Map<String, String> lookalikes) {
        return fromUntrustedPeer.isEmpty() && lookalikes.isEmpty() ? NONE : new Stripped(fromUntrustedPeer, lookalikes);
    }

    /** Whether anything was stripped or ignored. */
    public boolean any() {
        return anyHeader() || session != UnverifiedSession.NONE;
    }

    /** Whether any header was stripped. */
    public boolean anyHeader() {
        return !fromUntrustedPeer.isEmpty() || !lookalikes.isEmpty();
    }
}
