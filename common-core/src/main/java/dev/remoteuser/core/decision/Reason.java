package dev.remoteuser.core.decision;

/**
 * Why a request was refused: the closed set of reason codes that appear in logs, counters and responses. Each has
 * the HTTP status the adapters send.
 */
public enum Reason {
    /** An untrusted peer sent an identity header and {@code untrustedHeaders=reject}. */
    UNTRUSTED_PEER(403),
    /** An identity header arrived as more than one field. */
    DUPLICATE_HEADER(400),
    /** A lookalike spelling of an identity header ({@code Remote_User}) disagreed with the real one. */
    LOOKALIKE_CONFLICT(400),
    /** The user header held list syntax: a comma, quotes, or a semicolon. */
    LIST_SYNTAX(400),
    /** A control, format, separator or otherwise invisible character, or leading/trailing white space. */
    INVALID_CHARACTER(400),
    /** An unexpanded proxy placeholder such as {@code %{REMOTE_USER}}, {@code $remote_user} or {@code (null)}. */
    PLACEHOLDER(400),
    /** A value longer than the hard limit for its header. */
    VALUE_TOO_LONG(400),
    /** The normalised user name does not match {@code usernamePattern}. */
    INVALID_USERNAME(400),
    /** {@code user@REALM} with a realm not listed in {@code stripRealm}. */
    FOREIGN_REALM(403),
    /** {@code DOMAIN&#92;user} with a domain not listed in {@code stripDomain}. */
    FOREIGN_DOMAIN(403),
    /** More groups than {@code maxGroups}. */
    TOO_MANY_GROUPS(400),
    /** A group name that is too long, quoted or a placeholder. */
    INVALID_GROUP(400),
    /** The signed assertion failed a check: signature, algorithm, key, issuer, audience, expiry or structure. */
    INVALID_ASSERTION(401),
    /** The plain user header disagreed with the signed assertion's user. */
    ASSERTION_MISMATCH(400),
    /** The assertion's key could not be fetched (unknown key while the key source is down). */
    ASSERTION_KEYS_UNAVAILABLE(503),
    /** A trusted peer sent no identity and {@code requireHeader=true}. */
    MISSING_IDENTITY(401),
    /** The user store does not know the user and {@code createUnknownUsers=false}. */
    UNKNOWN_USER(403),
    /** The user store reports the account locked, expired or disabled. */
    ACCOUNT_DISABLED(403),
    /** The user store failed; the request is refused rather than let through. */
    STORE_UNAVAILABLE(503),
    /** An unexpected error inside the decision; the request is refused rather than let through. */
    INTERNAL_ERROR(500);

    private final int status;

    Reason(int status) {
        this.status = status;
    }

    /** The HTTP status an adapter answers with. */
    public int status() {
        return status;
    }
}
