package dev.remoteuser.core.internal;

import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * A small set in insertion order that allocates its storage on the first {@code add}: most requests add nothing (no
 * header to remove, no identity header present), and the decision path should not pay for empty sets. It holds a
 * handful of header names, so a list with a linear {@code contains} is cheaper than a hash set.
 */
public final class LazySet extends AbstractSet<String> {

    private List<String> elements;

    @Override
    public boolean add(String element) {
        if (elements == null) {
            elements = new ArrayList<>(4);
        } else if (elements.contains(element)) {
            return false;
        }
        return elements.add(element);
    }

    @Override
    public boolean contains(Object o) {
        return elements != null && elements.contains(o);
    }

    @Override
    public Iterator<String> iterator() {
        return elements == null ? Collections.emptyIterator() : elements.iterator();
    }

    @Override
    public int size() {
        return elements == null ? 0 : elements.size();
    }
}
