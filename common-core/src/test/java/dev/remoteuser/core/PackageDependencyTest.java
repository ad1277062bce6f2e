package dev.remoteuser.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/architecture.md true: each package of the core depends only on the packages below it, read from the
 * sources (imports and qualified names in code, comments left out), so a stage that reaches into another concern,
 * or a helper that reaches back up, fails here.
 */
class PackageDependencyTest {

    private static final String BASE = "dev.remoteuser.";
    private static final Path SOURCES = Path.of("src/main/java");

    /** What each package may use, besides itself and the JDK: the layering of docs/architecture.md. */
    private static final Map<String, Set<String>> ALLOWED = new TreeMap<>(Map.ofEntries(
            Map.entry("core.internal", Set.of()),
            Map.entry("core.config", Set.of("core.internal")),
            Map.entry("core.decision", Set.of("core.internal")),
            Map.entry("core.request", Set.of("core.decision")),
            Map.entry("core.trust", Set.of("core.config", "core.internal", "core.request", "core.decision")),
            Map.entry("core.headers", Set.of("core.config", "core.internal", "core.request", "core.decision")),
            Map.entry("core.assertion", Set.of("core.config", "core.internal", "core.request", "core.decision")),
            Map.entry("core.session", Set.of("core.config", "core.internal", "core.request", "core.decision")),
            Map.entry("core.identity", Set.of("core.config", "core.internal", "core.request", "core.decision",
                    "core.headers")),
            Map.entry("core.store", Set.of("core.config", "core.internal", "core.request", "core.decision",
                    "core.identity")),
            Map.entry("core.diagnostics", Set.of("core.config", "core.internal", "core.request", "core.decision",
                    "core.headers", "core.trust")),
            Map.entry("core", Set.of("core.internal", "core.config", "core.decision", "core.request", "core.trust",
                    "core.headers", "core.assertion", "core.session", "core.identity", "core.store",
                    "core.diagnostics")),
            Map.entry("jaas", Set.of("core.internal", "core.config", "core.decision", "core.identity",
                    "core.store"))));

    private static final Pattern PACKAGE = Pattern.compile("^package dev\\.remoteuser\\.([a-z.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.remoteuser\\.([a-z.]+)\\.[A-Z]");

    @Test
    void everyPackageUsesOnlyThePackagesBelowIt() throws IOException {
        Map<String, Set<String>> actual = dependencies();
        List<String> violations = new ArrayList<>();
        actual.forEach((from, targets) -> {
            Set<String> allowed = ALLOWED.get(from);
            if (allowed == null) {
                violations.add(from + ": a package docs/architecture.md does not place");
                return;
            }
            for (String target : targets) {
                if (!allowed.contains(target)) {
                    violations.add(from + " uses " + target);
                }
            }
        });
        assertEquals(List.of(), violations);
        assertEquals(ALLOWED.keySet(), actual.keySet(), "a placed package has no sources");
    }

    @Test
    void theLayeringHasNoCycle() {
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < ALLOWED.size()) {
            int before = placed.size();
            ALLOWED.forEach((name, uses) -> {
                if (!placed.contains(name) && placed.containsAll(uses)) {
                    placed.add(name);
                }
            });
            assertTrue(placed.size() > before, "a cycle among " + new TreeSet<>(ALLOWED.keySet()) + " minus " + placed);
        }
    }

    @Test
    void architectureDocumentNamesEveryPackage() throws IOException {
        String document = Files.readString(Path.of("../docs/architecture.md"));
        for (String name : ALLOWED.keySet()) {
            assertTrue(document.contains("`" + BASE + name + "`"), name);
        }
    }

    /** Package to the other packages of this module its main sources name. */
    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> result = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = codeOnly(Files.readString(file));
                Matcher declared = PACKAGE.matcher(source);
                if (!declared.find()) {
                    continue;
                }
                String from = declared.group(1);
                Set<String> targets = result.computeIfAbsent(from, name -> new TreeSet<>());
                Matcher reference = REFERENCE.matcher(source.substring(declared.end()));
                while (reference.find()) {
                    if (!reference.group(1).equals(from)) {
                        targets.add(reference.group(1));
                    }
                }
            }
        }
        return result;
    }

    /**
     * The source without comments and without the text of string and character literals (a javadoc link or a class
     * name in a string is not a dependency of the code).
     */
    private static String codeOnly(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != c) {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                code.append(c).append(c);
                i = j + 1;
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }
}
