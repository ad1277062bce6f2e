package dev.remoteuser.core;

import dev.remoteuser.core.config.Option;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README.md's option table is the user's contract: it must list exactly the options in the code, with their defaults. */
class ReadmeOptionTableTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z]+)` \\|.*\\| ([^|]+) \\|$");

    @Test
    void readmeListsEveryOptionAndNoOtherWithItsDefault() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
            if (line.startsWith("| option | meaning | default |")) {
                inTable = true;
            } else if (inTable && !line.startsWith("|")) {
                break;
            } else if (inTable) {
                Matcher m = ROW.matcher(line);
                if (m.matches()) {
                    documented.put(m.group(1), m.group(2).trim());
                }
            }
        }

        List<String> inCode = Arrays.stream(Option.values()).map(Option::key).toList();
        assertEquals(inCode, new ArrayList<>(documented.keySet()), "README option table vs Option enum (same order)");
        for (Option option : Option.values()) {
            String expected = option.defaultValue().map(v -> "`" + v + "`").orElse("none");
            String actual = documented.get(option.key());
            assertEquals(true, actual.startsWith(expected) || (option.defaultValue().isEmpty()
                    && !actual.startsWith("`")), option.key() + ": README default '" + actual + "' vs " + expected);
        }
    }
}
