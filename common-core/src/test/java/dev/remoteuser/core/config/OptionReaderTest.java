package dev.remoteuser.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The option vocabulary states each option's format once, and the reader holds every option to it. */
class OptionReaderTest {

    /** Every default is a value its own kind accepts: a default the reader refused would break every startup. */
    @ParameterizedTest
    @EnumSource(Option.class)
    void everyDefaultIsAValueOfItsKind(Option option) {
        option.defaultValue().ifPresent(value -> {
            switch (option.kind()) {
                case NUMBER, SECONDS -> {
                    int n = Integer.parseInt(value);
                    assertTrue(option.minimum() <= n && n <= option.maximum(), option.key() + " default " + n);
                }
                case CHOICE -> assertTrue(option.choices().contains(value), option.key() + " default " + value);
                case BOOLEAN -> assertTrue(value.equals("true") || value.equals("false"), option.key());
                default -> assertFalse(value.isBlank(), option.key());
            }
        });
        assertEquals(option.kind() == Option.Kind.CHOICE, !option.choices().isEmpty(), option.key());
    }

    @Test
    void anOptionIsReadOnlyAsItsOwnKind() {
        OptionReader reader = new OptionReader(Map.of());

        assertThrows(IllegalArgumentException.class, () -> reader.bool(Option.MAX_GROUPS));
        assertThrows(IllegalArgumentException.class, () -> reader.header(Option.TRUSTED_PROXIES));
        assertThrows(IllegalArgumentException.class, () -> reader.text(Option.PROXY_SECRET));
    }

    @Test
    void aNumberOutsideItsRangeIsOneProblemAndReadsAsTheMinimum() {
        OptionReader reader = new OptionReader(Map.of(Option.USER_STORE_TIMEOUT, "301", Option.MAX_GROUPS, "x"));

        assertEquals(Duration.ofSeconds(1), reader.seconds(Option.USER_STORE_TIMEOUT));
        assertEquals(0, reader.number(Option.MAX_GROUPS));
        assertEquals(List.of("userStoreTimeout: '301' must be a whole number from 1 to 300",
                "maxGroups: 'x' must be a whole number from 0 to 65536"), reader.problems());
        assertThrows(InvalidConfigurationException.class, reader::throwIfProblems);
    }

    /** Written with its default value or left out: the same setting (no "written" semantics). */
    @Test
    void anOptionWrittenAtItsDefaultIsTheSameAsOneLeftOut() {
        OptionReader written = new OptionReader(Map.of(Option.TRUSTED_PROXIES, "127.0.0.0/8,::1"));
        OptionReader absent = new OptionReader(Map.of());

        assertEquals(absent.items(Option.TRUSTED_PROXIES), written.items(Option.TRUSTED_PROXIES));
        assertEquals(absent.isSet(Option.TRUSTED_PROXIES), written.isSet(Option.TRUSTED_PROXIES));
    }
}
