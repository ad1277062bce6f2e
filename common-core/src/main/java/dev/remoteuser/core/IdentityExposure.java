package dev.remoteuser.core;

import dev.remoteuser.core.decision.Identity;

import java.util.function.BiConsumer;

/**
 * How an authenticated identity shows to the webapp, the same in every container: the auth type, and the request
 * attributes beside the principal (its name is {@code getRemoteUser()}, its roles answer {@code isUserInRole()}).
 */
public final class IdentityExposure {

    /** What {@code getAuthType()} answers for users the plugin logged in, and the Jetty {@code <auth-method>}. */
    public static final String AUTH_TYPE = "REMOTE_USER";
    /** Request attribute holding the user's groups ({@code Set<String>}). */
    public static final String GROUPS_ATTRIBUTE = "dev.remoteuser.groups";
    /** Prefix of the request attributes holding principal attributes ({@code dev.remoteuser.attribute.email}). */
    public static final String ATTRIBUTE_PREFIX = "dev.remoteuser.attribute.";

    private IdentityExposure() {
    }

    /** The request attributes to set for this identity: the groups, then each principal attribute. */
    public static RequestAttributes requestAttributes(Identity identity) {
        String[] names = new String[1 + identity.attributes().size()];
        Object[] values = new Object[names.length];
        names[0] = GROUPS_ATTRIBUTE;
        values[0] = identity.groups();
        int next = 1;
        for (var attribute : identity.attributes().entrySet()) {
            names[next] = ATTRIBUTE_PREFIX + attribute.getKey();
            values[next] = attribute.getValue();
            next++;
        }
        return new RequestAttributes(names, values);
    }

    /**
     * The request attributes of one identity, made once per identity and set on each of its requests. Immutable; the
     * values are the identity's own immutable set and strings.
     */
    public static final class RequestAttributes {
        private final String[] names;
        private final Object[] values;

        private RequestAttributes(String[] names, Object[] values) {
            this.names = names;
            this.values = values;
        }

        /**
         * Sets each attribute through the container's {@code setAttribute}: {@link #GROUPS_ATTRIBUTE} (a {@code
         * Set<String>}) first, then each principal attribute (a string) under {@link #ATTRIBUTE_PREFIX}, in the
         * configuration's order.
         */
        public void setOn(BiConsumer<String, Object> setAttribute) {
            for (int i = 0; i < names.length; i++) {
                setAttribute.accept(names[i], values[i]);
            }
        }
    }
}
