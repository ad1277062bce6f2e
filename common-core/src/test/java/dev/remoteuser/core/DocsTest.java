package dev.remoteuser.core;

import dev.remoteuser.core.config.Option;
import dev.remoteuser.core.decision.Reason;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/ honest: option names that exist, recipes tied to the test that runs them or marked untested, links
 * that resolve, and the README's reason-code table equal to the code's. (The option table itself is checked by
 * {@link ReadmeOptionTableTest}.)
 */
class DocsTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern ASSIGNED_OPTION = Pattern.compile("`?\\b([a-z][A-Za-z]+)=\"");
    private static final Pattern BACKTICKED_WORD = Pattern.compile("`([a-z][a-zA-Z]+)`");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#:]+)(#[^)]*)?\\)");

    private static List<Path> docs() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            return files.filter(f -> f.toString().endsWith(".md")).sorted().toList();
        }
    }

    /** The lines of a Markdown file outside code fences. */
    private static List<String> prose(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean code = false;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("```")) {
                code = !code;
            } else if (!code) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static boolean isOption(String name) {
        return Option.byKey(name).isPresent();
    }

    @Test
    void everyOptionNamedInTheDocsExists() throws IOException {
        List<String> unknown = new ArrayList<>();
        for (Path doc : docs()) {
            for (String line : prose(doc)) {
                Matcher assigned = ASSIGNED_OPTION.matcher(line);
                while (assigned.find()) {
                    if (!isOption(assigned.group(1))) {
                        unknown.add(doc.getFileName() + ": " + assigned.group(1));
                    }
                }
            }
        }
        for (String row : prose(ROOT.resolve("docs/migration.md"))) {
            String[] cells = row.split("(?<!\\\\)\\|");
            if (row.startsWith("| ") && cells.length >= 3 && !row.startsWith("| Django")) {
                Matcher word = BACKTICKED_WORD.matcher(cells[2]);
                while (word.find()) {
                    if (!isOption(word.group(1))) {
                        unknown.add("migration.md: `" + word.group(1) + "`");
                    }
                }
            }
        }
        assertEquals(List.of(), unknown, "names in docs/ that are not options");
    }

    /**
     * Every recipe the documentation promises is there and opens with what the suite does with it: run by an
     * integration test that exists, syntax-checked (by ProxyRecipesIT, which also checks these labels against what it
     * runs), or untested.
     */
    @Test
    void everyProxyRecipeSaysWhatTheSuiteDoesWithIt() throws IOException {
        Map<String, String> verdicts = new LinkedHashMap<>();
        String section = null;
        for (String line : prose(ROOT.resolve("docs/proxy-recipes.md"))) {
            if (line.startsWith("## ")) {
                section = line.substring(3);
                verdicts.put(section, "nothing");
            } else if (section != null && verdicts.get(section).equals("nothing")) {
                if (line.startsWith("Run by: `")) {
                    String test = line.substring("Run by: `".length(), line.indexOf('`', "Run by: `".length()));
                    verdicts.put(section, Files.isRegularFile(ROOT.resolve("integration-tests/src/test/java/dev/"
                            + "remoteuser/it/" + test + ".java")) ? "run" : "missing " + test);
                } else if (line.startsWith("Syntax-checked with `")) {
                    verdicts.put(section, "checked");
                } else if (line.startsWith("Untested: ")) {
                    verdicts.put(section, "untested");
                }
            }
        }
        assertEquals(List.of("nginx", "Apache httpd", "Traefik", "Caddy", "HAProxy", "Authelia", "oauth2-proxy"),
                verdicts.keySet().stream().map(s -> s.split(" ")[0].equals("Apache") ? "Apache httpd"
                        : s.split(" ")[0]).toList(), "the recipes the documentation promises");
        verdicts.forEach((recipe, verdict) -> assertTrue(List.of("run", "checked", "untested").contains(verdict),
                recipe + ": " + verdict));
    }

    @Test
    void relativeLinksResolve() throws IOException {
        List<String> broken = new ArrayList<>();
        List<Path> files = new ArrayList<>(docs());
        files.add(ROOT.resolve("README.md"));
        for (Path file : files) {
            for (String line : prose(file)) {
                Matcher link = LINK.matcher(line);
                while (link.find()) {
                    if (!Files.exists(file.getParent().resolve(link.group(1)))) {
                        broken.add(file.getFileName() + " -> " + link.group(1));
                    }
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void theReadmeReasonTableIsTheCodes() throws IOException {
        Map<String, Integer> documented = new LinkedHashMap<>();
        Pattern row = Pattern.compile("^\\| `([A-Z_]+)` \\| (\\d{3}) \\|.*");
        for (String line : Files.readAllLines(ROOT.resolve("README.md"))) {
            Matcher m = row.matcher(line);
            if (m.matches()) {
                documented.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        Map<String, Integer> inCode = new LinkedHashMap<>();
        Arrays.stream(Reason.values()).forEach(r -> inCode.put(r.name(), r.status()));
        assertEquals(inCode, documented);
        assertFalse(documented.isEmpty());
    }
}
