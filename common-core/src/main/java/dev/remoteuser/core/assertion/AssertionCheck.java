package dev.remoteuser.core.assertion;

import dev.remoteuser.core.config.InvalidConfigurationException;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.decision.Refusal;
import dev.remoteuser.core.internal.LogSafe;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The signed-assertion stage: the token checked by the verifier of the {@code remote-user-auth-jwt} jar (signature,
 * algorithm, issuer, audience, expiry), and a plain user header sent beside it held to the token's user.
 * Thread-safe.
 */
public final class AssertionCheck {

    private final AssertionSettings settings;
    private final AssertionVerifier verifier;

    public AssertionCheck(AssertionSettings settings, AssertionVerifier verifier) {
        this.settings = settings;
        this.verifier = verifier;
    }

    /** The header carrying the token. */
    public String header() {
        return settings.header();
    }

    /** Whether the groups come from the token's claim rather than a header. */
    public boolean groupsFromToken() {
        return settings.groupsClaim().isPresent();
    }

    /**
     * Verifies the token; a plain user header sent alongside must carry exactly the token's user.
     *
     * @param plainUser the user header's value, empty when absent
     */
    public AssertionVerifier.Verified verify(String token, String plainUser) throws Refusal {
        if (token.length() > AssertionSettings.MAX_TOKEN_LENGTH) {
            // like every other failed check of the token: 401, not the 400 of an over-long plain header
            throw new Refusal(Reason.INVALID_ASSERTION, "signed assertion refused: longer than "
                    + AssertionSettings.MAX_TOKEN_LENGTH + " characters (" + token.length() + ")");
        }
        AssertionVerifier.Verified verified;
        try {
            verified = verifier.verify(token);
        } catch (AssertionVerifier.AssertionException e) {
            throw new Refusal(e.keysUnavailable() ? Reason.ASSERTION_KEYS_UNAVAILABLE : Reason.INVALID_ASSERTION,
                    (e.keysUnavailable() ? "signing keys unavailable: " : "signed assertion refused: ")
                            + e.getMessage());
        }
        if (verified == null || verified.user() == null || verified.user().isEmpty()) {
            throw new Refusal(Reason.INVALID_ASSERTION, "signed assertion refused: no user");
        }
        if (!plainUser.isEmpty() && !plainUser.equals(verified.user())) {
            throw new Refusal(Reason.ASSERTION_MISMATCH);
        }
        return verified;
    }

    /**
     * The verifier for these settings, from the {@code remote-user-auth-jwt} jar found with the class loader that
     * loaded this class (the container's shared or server loader, where both jars are installed).
     *
     * @throws InvalidConfigurationException when the jar is missing or refuses the settings
     */
    public static AssertionVerifier load(AssertionSettings settings) {
        ServiceLoader<AssertionVerifier.Provider> loader =
                ServiceLoader.load(AssertionVerifier.Provider.class, AssertionCheck.class.getClassLoader());
        Optional<AssertionVerifier.Provider> provider = loader.findFirst();
        if (provider.isEmpty()) {
            throw new InvalidConfigurationException(List.of("assertionProfile: signed assertions need the"
                    + " remote-user-auth-jwt jar next to this one (for example in $CATALINA_HOME/lib or the"
                    + " jetty-base lib/remote-user-auth folder)"));
        }
        try {
            return provider.get().create(settings);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(List.of(LogSafe.escape(e.getMessage(), 300)));
        }
    }
}
