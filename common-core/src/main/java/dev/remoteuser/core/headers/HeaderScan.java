package dev.remoteuser.core.headers;

import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.decision.Refusal;
import dev.remoteuser.core.internal.HeaderNames;
import dev.remoteuser.core.internal.LazySet;
import dev.remoteuser.core.request.RequestView;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The second stage: which identity headers a request carries, under their configured spelling or a lookalike one
 * ({@code Remote_User}, {@code remote-user} with a different separator or case), and whether each arrives as exactly
 * one field. Thread-safe.
 */
public final class HeaderScan {

    /** Every configured identity header, in configuration order. */
    private final List<String> identityHeaders;
    /** {@link HeaderNames#canonical} of each identity header, in the order of {@link #identityHeaders}. */
    private final String[] identityCanonical;

    /**
     * @param identityHeaders every header that carries identity or proof: the user header, the secret header, the
     *                        assertion header, the groups header and the attribute headers
     */
    public HeaderScan(List<String> identityHeaders) {
        this.identityHeaders = List.copyOf(identityHeaders);
        this.identityCanonical = this.identityHeaders.stream().map(HeaderNames::canonical).toArray(String[]::new);
    }

    /** Every identity header this scan looks for. */
    public List<String> identityHeaders() {
        return identityHeaders;
    }

    /**
     * What a request carries.
     *
     * @param present    configured identity headers found in the request (by their configured spelling)
     * @param lookalikes lookalike header names as the request spelled them, to the identity header they imitate
     */
    public record Found(Set<String> present, Map<String, String> lookalikes) {
    }

    /** The identity headers and lookalike spellings present in the request. */
    public Found scan(RequestView request) {
        Set<String> present = new LazySet();
        return new Found(present, scan(request, present));
    }

    /**
     * Adds the configured identity headers the request carries to {@code present} (by their configured spelling)
     * and answers the lookalike spellings, as {@link Found#lookalikes()}: the per-request path, which needs no
     * result object.
     */
    public Map<String, String> scan(RequestView request, Set<String> present) {
        Map<String, String> lookalikes = Map.of();
        for (String name : request.headerNames()) {
            String owner = identityOwner(name);
            if (owner == null) {
                continue;
            }
            if (HeaderNames.sameName(name, owner)) {
                present.add(owner);
            } else {
                if (lookalikes.isEmpty()) {
                    lookalikes = new LinkedHashMap<>();
                }
                lookalikes.put(name, owner);
            }
        }
        return lookalikes;
    }

    /**
     * Refuses a request in which an identity header present arrives as more than one field, or a lookalike comes
     * with a value other than its real header's.
     *
     * @param present    {@link Found#present()} of the request's scan
     * @param lookalikes {@link Found#lookalikes()} of the request's scan
     */
    public static void requireOneValueEach(RequestView request, Set<String> present, Map<String, String> lookalikes)
            throws Refusal {
        for (String header : present) {
            if (request.headerValues(header).size() > 1) {
                throw new Refusal(Reason.DUPLICATE_HEADER);
            }
        }
        if (lookalikes.isEmpty()) {
            return;
        }
        for (Map.Entry<String, String> lookalike : lookalikes.entrySet()) {
            String real = singleValue(request, lookalike.getValue());
            if (real.isEmpty()) {
                continue;
            }
            for (String value : request.headerValues(lookalike.getKey())) {
                if (!value.equals(real)) {
                    throw new Refusal(Reason.LOOKALIKE_CONFLICT);
                }
            }
        }
    }

    /** The one value of a header; empty when absent; a refusal when repeated. */
    public static String singleValue(RequestView request, String header) throws Refusal {
        List<String> values = request.headerValues(header);
        if (values.size() > 1) {
            throw new Refusal(Reason.DUPLICATE_HEADER);
        }
        return values.isEmpty() || values.get(0) == null ? "" : values.get(0);
    }

    /** The identity header that {@code name} spells, exactly or as a lookalike; null for any other header. */
    private String identityOwner(String name) {
        for (int i = 0; i < identityCanonical.length; i++) {
            if (HeaderNames.hasCanonical(name, identityCanonical[i])) {
                return identityHeaders.get(i);
            }
        }
        return null;
    }
}
