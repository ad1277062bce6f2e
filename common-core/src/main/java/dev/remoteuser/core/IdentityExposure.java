package dev.remoteuser.core;

import dev.remoteuser.core.decision.Identity;

import java.util.LinkedHashMap;
import java.util.Map;

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
    public static Map<String, Object> requestAttributes(Identity identity) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(GROUPS_ATTRIBUTE, identity.groups());
        identity.attributes().forEach((name, value) -> attributes.put(ATTRIBUTE_PREFIX + name, value));
        return attributes;
    }
}
