package dev.remoteuser.core.decision;

/**
 * Why the identity value in a request's session ({@code dev.remoteuser.identity}) was ignored, for the operator: the
 * user it names is not logged in by it, so either way the request goes on as if the session held no identity.
 */
public enum UnverifiedSession {

    /** The session held no identity value, or one that verified. */
    NONE,

    /**
     * A value in this plugin's format whose MAC does not verify under this node's key: sealed by a node with another
     * {@code sessionKeyFile}, or without one (a random key per start), or before the key changed; or a forgery (a
     * made-up or altered value cannot be told from another key's). In a cluster, give every node the same key file.
     */
    OTHER_KEY,

    /**
     * A value this plugin did not seal: another object or string, written by the webapp (a bug, or an attempt to log
     * someone in), or a format from another version of the plugin.
     */
    NOT_SEALED
}
