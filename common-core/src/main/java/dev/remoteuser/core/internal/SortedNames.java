package dev.remoteuser.core.internal;

import java.io.Serializable;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An immutable set of names (roles, groups) kept as a sorted array: iteration in {@link String#compareTo} order,
 * look-up by binary search. It lets the per-request path build an {@code Identity} without copying sets again and
 * again; {@link #of} returns its argument when that is already one.
 */
public final class SortedNames extends AbstractSet<String> implements Serializable {

    private static final long serialVersionUID = 1L;
    public static final SortedNames EMPTY = new SortedNames(new String[0]);

    private final String[] names;
    /** The set's hash ({@link java.util.Set#hashCode()}), worked out on first use; 0 until then. */
    private transient int hash;

    private SortedNames(String[] names) {
        this.names = names;
    }

    /** The names of {@code values}, sorted and without repeats; null elements are not allowed. */
    public static SortedNames of(Collection<String> values) {
        if (values instanceof SortedNames sorted) {
            return sorted;
        }
        if (values.isEmpty()) {
            return EMPTY;
        }
        String[] array = values.toArray(new String[0]);
        Arrays.sort(array);
        int distinct = 0;
        for (int i = 0; i < array.length; i++) {
            if (array[i] == null) {
                throw new NullPointerException("name");
            }
            if (distinct == 0 || !array[i].equals(array[distinct - 1])) {
                array[distinct++] = array[i];
            }
        }
        return new SortedNames(distinct == array.length ? array : Arrays.copyOf(array, distinct));
    }

    @Override
    public boolean contains(Object o) {
        return o instanceof String name && Arrays.binarySearch(names, name) >= 0;
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < names.length;
            }

            @Override
            public String next() {
                if (next >= names.length) {
                    throw new NoSuchElementException();
                }
                return names[next++];
            }
        };
    }

    @Override
    public Object[] toArray() {
        return names.clone();
    }

    /** The sum of the names' hashes, as every {@link java.util.Set} answers; worked out once. */
    @Override
    public int hashCode() {
        int known = hash;
        if (known == 0) {
            for (String name : names) {
                known += name.hashCode();
            }
            hash = known;
        }
        return known;
    }

    /** Equal to any set of the same names; with another {@code SortedNames} compared name by name in order. */
    @Override
    public boolean equals(Object other) {
        if (other == this) {
            return true;
        }
        if (other instanceof SortedNames sorted) {
            return Arrays.equals(names, sorted.names);
        }
        return super.equals(other);
    }
}
