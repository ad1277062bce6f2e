package dev.remoteuser.core;

/** What an adapter does to the existing session before it sets the principal of an authenticated request. */
public enum SessionAction {
    /** Keep the session as it is (it already belongs to this user, or there is none). */
    NONE,
    /** A session exists that we did not log this user into: change its id (session fixation defence). */
    RENEW_ID,
    /** The session belongs to another user: invalidate it; any session from now on is a new one. */
    REPLACE
}
