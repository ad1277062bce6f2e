package dev.remoteuser.jetty;

import java.io.Serializable;
import java.security.Principal;
import java.util.Map;

/**
 * The principal of a user the proxy asserted: the user name plus the attributes from {@code attributeHeaders}
 * ({@code email}, {@code name} ...). Webapps reach attributes with {@link #getAttribute(String)} or through the
 * request attributes {@code dev.remoteuser.attribute.<name>}.
 */
public final class RemoteUserPrincipal implements Principal, Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final Map<String, String> attributes;

    RemoteUserPrincipal(String name, Map<String, String> attributes) {
        this.name = name;
        this.attributes = Map.copyOf(attributes);
    }

    @Override
    public String getName() {
        return name;
    }

    /**
     * The attribute's value, or {@code null} when the proxy did not send it; the same call as Tomcat's
     * {@code TomcatPrincipal#getAttribute}, so webapps read attributes alike on both containers.
     */
    public Object getAttribute(String attributeName) {
        return attributes.get(attributeName);
    }

    /** Every attribute the proxy sent, by name. */
    public Map<String, String> getAttributes() {
        return attributes;
    }

    @Override
    public String toString() {
        return "RemoteUserPrincipal[" + name + "]";
    }
}
