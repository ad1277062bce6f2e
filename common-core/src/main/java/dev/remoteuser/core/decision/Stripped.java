package dev.remoteuser.core.decision;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The forged identity headers a request carried that were removed while the request went on (a refused request is
 * counted and logged as its refusal instead): what operators watch for attacks in {@code untrustedHeaders=strip}
 * mode, where the request itself succeeds without them.
 *
 * @param fromUntrustedPeer the configured identity headers an untrusted peer sent (secret and assertion headers
 *                          included), by their configured names
 * @param lookalikes        lookalike spellings ({@code Remote_User}), as the request spelled them (attacker-chosen
 *                          text: escape before logging), to the configured identity header each imitates
 */
public record Stripped(Set<String> fromUntrustedPeer, Map<String, String> lookalikes) {

    /** Nothing was stripped: the usual case, no allocation. */
    public static final Stripped NONE = new Stripped(Set.of(), Map.of());

    public Stripped {
        fromUntrustedPeer = Set.copyOf(Objects.requireNonNull(fromUntrustedPeer, "fromUntrustedPeer"));
        lookalikes = Map.copyOf(Objects.requireNonNull(lookalikes, "lookalikes"));
    }

    /** {@link #NONE} when both are empty, else the two, copied. */
    public static Stripped of(Set<String> fromUntrustedPeer, Map<String, String> lookalikes) {
        return fromUntrustedPeer.isEmpty() && lookalikes.isEmpty() ? NONE : new Stripped(fromUntrustedPeer, lookalikes);
    }

    /** Whether anything was stripped. */
    public boolean any() {
        return !fromUntrustedPeer.isEmpty() || !lookalikes.isEmpty();
    }
}
