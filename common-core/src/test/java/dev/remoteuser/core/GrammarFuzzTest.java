package dev.remoteuser.core;

import dev.remoteuser.core.config.InvalidConfigurationException;
import dev.remoteuser.core.config.Option;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashMap;
import java.util.Map;

/**
 * Fuzz test (Jazzer) of option parsing, which sees operator-written text; the user name and group grammar are
 * fuzzed by {@code identity.IdentityGrammarFuzzTest}, addresses by {@code trust.AddressGrammarFuzzTest}. It asserts
 * properties that must hold for every input, not just "does not crash".
 *
 * <p>The normal test run replays the committed corpus in {@code src/test/resources/dev/remoteuser/core/
 * GrammarFuzzTestInputs/<method>/} (regression mode). A fuzzing run, which adds what it finds to that corpus:
 * {@code JAZZER_FUZZ=1 mvn test -pl common-core -Dtest=GrammarFuzzTest#usernames -Djazzer.max_duration=10m}
 * (one method per run); see docs/operations.md.
 */
class GrammarFuzzTest {

    /**
     * Any set of options either builds a configuration or fails with {@link InvalidConfigurationException} (never
     * another exception, never silently), and the configuration's description never shows the shared secret.
     */
    @FuzzTest
    void options(FuzzedDataProvider data) {
        Option[] known = Option.values();
        Map<String, String> options = new HashMap<>();
        int count = data.consumeInt(0, 8);
        for (int i = 0; i < count; i++) {
            String name = data.consumeBoolean() ? data.pickValue(known).key() : data.consumeString(20);
            if (name.equals(Option.USERNAME_PATTERN.key())) {
                // the operator's regex is compiled as written (a bad one is a configuration problem, tested in
                // ConfigurationTest); fuzzing it only trips Jazzer's regex-injection detector
                continue;
            }
            String value = data.consumeString(80);
            if (name.equals(Option.JWKS_FILE.key()) || name.equals(Option.PROXY_SECRET_FILE.key())) {
                // the operator's own file, read as named: the fuzzer picks a name inside one missing folder (no
                // separator, no dot), which still reaches bad paths (a NUL) but never trips Jazzer's path-traversal
                // detector on a file the configuration is meant to read
                value = "/nonexistent-fuzz-folder/" + value.replace("/", "").replace(".", "");
            }
            options.put(name, value);
        }
        RemoteUserConfig config;
        try {
            config = RemoteUserConfig.fromOptions(options);
        } catch (InvalidConfigurationException invalid) {
            assertFalse(invalid.getMessage().isEmpty());
            return;
        }
        String secret = options.get("proxySecret");
        if (secret != null && secret.strip().length() >= 4) {
            assertFalse(config.toString().contains(secret.strip()), "the secret appears in the description");
        }
    }
}
