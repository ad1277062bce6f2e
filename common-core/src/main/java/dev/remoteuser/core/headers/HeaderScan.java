package dev.remoteuser.core.headers;

import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.decision.Refusal;
import dev.remoteuser.core.internal.HeaderNames;
import dev.remoteuser.core.request.RequestView;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The second stage: which identity headers a request carries, under their configured spelling or a lookalike one
 * ({@code Remote_User}, {@code remote-user} with a different separator or case), and whether each arrives as exactly
 * one field. Thread-safe.
 */
public final class HeaderScan {

    /** Every configured identity header, in configuration order. */
    private final List<String> identityHeaders;
    /** {@link #identityHeaders} as the array each request's {@link Found} shares. */
    private final String[] identityArray;
    /** {@link HeaderNames#canonical} of each identity header, in the order of {@link #identityHeaders}. */
    private final String[] identityCanonical;
    /** Each identity header's name with ASCII letters lower-cased, in the order of {@link #identityHeaders}. */
    private final String[] identityLower;

    /**
     * @param identityHeaders every header that carries identity or proof: the user header, the secret header, the
     *                        assertion header, the groups header and the attribute headers
     */
    public HeaderScan(List<String> identityHeaders) {
        this.identityHeaders = List.copyOf(identityHeaders);
        this.identityArray = this.identityHeaders.toArray(String[]::new);
        this.identityCanonical = this.identityHeaders.stream().map(HeaderNames::canonical).toArray(String[]::new);
        this.identityLower = this.identityHeaders.stream().map(HeaderNames::asciiLowerCase).toArray(String[]::new);
    }

    /** Every identity header this scan looks for. */
    public List<String> identityHeaders() {
        return identityHeaders;
    }

    /**
     * What a request carries, read in one pass over its header fields: the identity headers present (this set, by
     * their configured spelling, in configuration order), their values, and the lookalike spellings; and, as the
     * decision goes on, the headers to remove. Made per request, and it is all the decision allocates for its
     * headers; not thread-safe.
     */
    public static final class Found extends AbstractSet<String> {

        /** Marks an identity header that arrived as more than one field. */
        private static final String REPEATED = new String("(repeated)");

        /** The configured identity headers, in configuration order. */
        private final String[] identityHeaders;
        /** Per identity header: null when absent, its one value, or {@link #REPEATED}. */
        private final String[] values;
        /** Headers the request must lose before the webapp sees it; made on the first one. */
        private Set<String> toRemove;
        private Map<String, String> lookalikes = Map.of();

        private Found(String[] identityHeaders) {
            this.identityHeaders = identityHeaders;
            this.values = new String[identityHeaders.length];
        }

        /** The configured identity headers found in the request: this set itself. */
        public Set<String> present() {
            return this;
        }

        @Override
        public Iterator<String> iterator() {
            return new Iterator<>() {
                private int next = following(0);

                @Override
                public boolean hasNext() {
                    return next < values.length;
                }

                @Override
                public String next() {
                    if (next >= values.length) {
                        throw new NoSuchElementException();
                    }
                    String header = identityHeaders[next];
                    next = following(next + 1);
                    return header;
                }
            };
        }

        @Override
        public int size() {
            int size = 0;
            for (String value : values) {
                size += value == null ? 0 : 1;
            }
            return size;
        }

        @Override
        public boolean contains(Object header) {
            int index = header instanceof String name ? find(name) : -1;
            return index >= 0 && values[index] != null;
        }

        /** Adds headers the request must lose (identity headers it carries, lookalikes). */
        public void addToRemove(Collection<String> headers) {
            for (String header : headers) {
                addToRemove(header);
            }
        }

        /** Adds a header the request must lose. */
        public void addToRemove(String header) {
            if (toRemove == null) {
                toRemove = new LinkedHashSet<>();
            }
            toRemove.add(header);
        }

        /** The headers to remove so far, in the order they were added; empty when none. */
        public Set<String> headersToRemove() {
            return toRemove == null ? Set.of() : toRemove;
        }

        /** Lookalike header names as the request spelled them, to the identity header each imitates. */
        public Map<String, String> lookalikes() {
            return lookalikes;
        }

        /**
         * The one value of an identity header; empty when absent.
         *
         * @throws Refusal {@link Reason#DUPLICATE_HEADER} when it arrived as more than one field
         */
        public String single(String header) throws Refusal {
            String value = values[indexOf(header)];
            if (value == REPEATED) {
                throw new Refusal(Reason.DUPLICATE_HEADER);
            }
            return value == null ? "" : value;
        }

        /** Whether any identity header arrived as more than one field. */
        private boolean anyRepeated() {
            for (String value : values) {
                if (value == REPEATED) {
                    return true;
                }
            }
            return false;
        }

        private int indexOf(String header) {
            int index = find(header);
            if (index < 0) {
                throw new IllegalArgumentException("not an identity header: " + header);
            }
            return index;
        }

        /** The index of an identity header by its configured spelling (exact), -1 for another name. */
        private int find(String header) {
            for (int i = 0; i < identityHeaders.length; i++) {
                if (identityHeaders[i].equals(header)) {
                    return i;
                }
            }
            return -1;
        }

        /** The first identity header present from {@code index} on; {@code values.length} when none. */
        private int following(int index) {
            while (index < values.length && values[index] == null) {
                index++;
            }
            return index;
        }

        private void add(int identity, String value) {
            values[identity] = values[identity] == null ? value : REPEATED;
        }

        private void addLookalike(String name, int identity) {
            if (lookalikes.isEmpty()) {
                lookalikes = new LinkedHashMap<>();
            }
            lookalikes.put(name, identityHeaders[identity]);
        }
    }

    /**
     * The identity headers and lookalike spellings present in the request, with the identity headers' values. One
     * pass over the fields; a string is made only of an identity header's value and of a lookalike's name.
     */
    public Found scan(RequestView request) {
        Found found = new Found(identityArray);
        int count = request.headerCount();
        for (int field = 0; field < count; field++) {
            CharSequence name = request.headerName(field);
            int identity = spelledAs(name);
            if (identity >= 0) {
                String value = request.headerValue(field);
                if (value == null) {
                    // a broken view: a field without a value must not pass for an absent header
                    throw new IllegalStateException("no value for header field " + field);
                }
                found.add(identity, value);
                continue;
            }
            identity = imitated(name);
            if (identity >= 0) {
                found.addLookalike(name.toString(), identity);
            }
        }
        return found;
    }

    /**
     * Refuses a request in which an identity header present arrives as more than one field, or a lookalike comes
     * with a value other than its real header's.
     */
    public static void requireOneValueEach(RequestView request, Found found) throws Refusal {
        if (found.anyRepeated()) {
            throw new Refusal(Reason.DUPLICATE_HEADER);
        }
        for (Map.Entry<String, String> lookalike : found.lookalikes().entrySet()) {
            String real = found.single(lookalike.getValue());
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

    /**
     * The index of the identity header {@code name} is (HTTP's case-insensitive equality); -1 for any other. Tried
     * first, since it is what a proxy sends: one length comparison rejects most names.
     */
    private int spelledAs(CharSequence name) {
        for (int i = 0; i < identityLower.length; i++) {
            if (HeaderNames.sameNameAsLower(name, identityLower[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The index of the identity header whose lookalike {@code name} is (same {@link HeaderNames#canonical} form, other
     * spelling); -1 for any other. Identity headers have distinct canonical forms (the configuration refuses two
     * alike), so a name that is no identity header imitates at most one.
     */
    private int imitated(CharSequence name) {
        for (int i = 0; i < identityCanonical.length; i++) {
            if (HeaderNames.hasCanonical(name, identityCanonical[i])) {
                return i;
            }
        }
        return -1;
    }
}
