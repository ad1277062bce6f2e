package dev.remoteuser.jwt;

import dev.remoteuser.core.assertion.AssertionSettings;
import dev.remoteuser.core.assertion.AssertionVerifier;

import java.io.IOException;
import java.nio.file.Files;
import java.text.ParseException;

/**
 * The {@link AssertionVerifier.Provider} of this jar, found by the core through {@link java.util.ServiceLoader}.
 * Verification uses Nimbus JOSE+JWT (relocated inside this jar, so it never meets a webapp's or the container's copy);
 * keys come only from the configured {@code jwksUrl} or {@code jwksFile}, never from the token.
 */
public final class NimbusVerifierProvider implements AssertionVerifier.Provider {

    /** The constructor {@link java.util.ServiceLoader} calls. */
    public NimbusVerifierProvider() {
    }

    @Override
    public AssertionVerifier create(AssertionSettings settings) {
        return new JwtAssertionVerifier(settings, keySource(settings));
    }

    private static KeySource keySource(AssertionSettings settings) {
        if (settings.jwksFile().isPresent()) {
            try {
                return KeySource.fixed(Files.readString(settings.jwksFile().get()));
            } catch (IOException | ParseException | RuntimeException e) {
                throw new IllegalArgumentException("jwksFile: '" + settings.jwksFile().get()
                        + "' is not a readable JWKS with at least one public key");
            }
        }
        if (TokenDialect.of(settings).pemKeysPerKeyId()) {
            return new PemKeySource(settings.jwksUrl().orElseThrow(), HttpFetcher::get, System::nanoTime,
                    PemKeySource.MIN_FETCH_INTERVAL, BackgroundFetch.onDaemonThread(BackgroundFetch.MAX_WAIT));
        }
        return new JwksKeySource(settings.jwksUrl().orElseThrow(), HttpFetcher::get, System::nanoTime,
                JwksKeySource.REFRESH_AFTER, JwksKeySource.MIN_FETCH_INTERVAL,
                BackgroundFetch.onDaemonThread(BackgroundFetch.MAX_WAIT));
    }
}
