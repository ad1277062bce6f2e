package dev.remoteuser.core;

import dev.remoteuser.core.internal.LogSafe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogSafeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '#', value = {
        "alice                      # alice",
        "'ali\nce'                  # ali\\x0Ace",
        "'a\r\nINFO forged line'    # a\\x0D\\x0AINFO forged line",
        "'\u001b[31mred'            # \\x1B[31mred",
        "'a\"b\\c'                  # a\\\"b\\\\c",
        "jos\u00e9                  # jos\\xE9",
        "ad\u200bmin                # ad\\u200Bmin",
    })
    void escapesEverythingOutsidePrintableAscii(String value, String expected) {
        assertEquals(expected, LogSafe.escape(value));
    }

    @org.junit.jupiter.api.Test
    void truncatesLongValuesAndSaysHowLongTheyWere() {
        assertEquals("aaaa...(10 chars)", LogSafe.escape("a".repeat(10), 4));
        assertEquals("a".repeat(128) + "...(129 chars)", LogSafe.escape("a".repeat(129)));
        assertEquals("(none)", LogSafe.escape(null));
    }
}
