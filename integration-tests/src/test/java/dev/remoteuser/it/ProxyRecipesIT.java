package dev.remoteuser.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;

/**
 * Docs that run: every proxy configuration in README.md and docs/*.md, read from the Markdown as an operator copies
 * it, is loaded by the proxy's own checker in the base image (nginx {@code -t}, {@code apachectl -t}, {@code haproxy
 * -c}, {@code caddy validate}). Each section of docs/proxy-recipes.md says what the suite does with its recipe, and
 * that label is checked too: "Run by" names an integration test whose proxy configuration carries the recipe's set
 * and strip lines, "Syntax-checked" names the checker this test runs, and only recipes with no checker here are
 * "Untested".
 */
class ProxyRecipesIT {

    private static final Path ROOT = Path.of(System.getProperty("it.docs")).getParent();
    private static final Pattern BLOCK = Pattern.compile("```(nginx|apache|haproxy|caddyfile)\\n(.*?)\\n```",
            Pattern.DOTALL);
    private static final Pattern ANY_BLOCK = Pattern.compile("```(\\w+)\\n(.*?)\\n```", Pattern.DOTALL);

    private static GenericContainer<?> proxy;

    /** One proxy configuration block: where it is, its language, its text. */
    record Recipe(String file, int line, String language, String text) {
        @Override
        public String toString() {
            return file + ":" + line + " (" + language + ")";
        }
    }

    @BeforeAll
    static void startTheBaseImage() throws Exception {
        proxy = new GenericContainer<>(Fixtures.BASE).withCommand("sleep", "infinity")
                // the recipes' upstream names, which nginx resolves when it loads its configuration
                .withExtraHost("tomcat", "127.0.0.1").withExtraHost("authelia", "127.0.0.1");
        proxy.start();
        // HAProxy loads the certificate named on its bind line
        ExecResult pem = proxy.execInContainer("sh", "-c", "mkdir -p /etc/haproxy && openssl req -x509 -newkey"
                + " rsa:2048 -nodes -subj /CN=app -keyout /tmp/key.pem -out /tmp/cert.pem -days 1 2>/dev/null"
                + " && cat /tmp/cert.pem /tmp/key.pem > /etc/haproxy/app.pem");
        assertEquals(0, pem.getExitCode(), pem.getStderr());
        ExecResult modules = proxy.execInContainer("a2enmod", "-q", "headers", "proxy", "proxy_http", "proxy_ajp",
                "auth_gssapi", "auth_basic", "authn_file");
        assertEquals(0, modules.getExitCode(), modules.getStdout() + modules.getStderr());
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.stop();
        }
    }

    static Stream<Recipe> recipes() throws IOException {
        List<Recipe> recipes = new ArrayList<>();
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        for (Path file : files) {
            String text = Files.readString(file);
            Matcher block = BLOCK.matcher(text);
            while (block.find()) {
                int line = (int) text.substring(0, block.start()).chars().filter(c -> c == '\n').count() + 1;
                recipes.add(new Recipe(ROOT.relativize(file).toString(), line, block.group(1), block.group(2)));
            }
        }
        assertTrue(recipes.size() >= 9, "the recipes were found: " + recipes);
        return recipes.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void theProxysOwnCheckerLoadsTheRecipe(Recipe recipe) throws Exception {
        String command = switch (recipe.language()) {
            case "nginx" -> {
                proxy.copyFileToContainer(Transferable.of(nginxConfiguration(recipe.text())), "/tmp/nginx.conf");
                yield "nginx -t -c /tmp/nginx.conf";
            }
            case "apache" -> {
                proxy.copyFileToContainer(Transferable.of(recipe.text() + "\n"),
                        "/etc/apache2/sites-enabled/recipe.conf");
                yield "apachectl -t";
            }
            case "haproxy" -> {
                proxy.copyFileToContainer(Transferable.of(recipe.text() + "\n"), "/tmp/haproxy.cfg");
                yield "haproxy -c -f /tmp/haproxy.cfg";
            }
            case "caddyfile" -> {
                proxy.copyFileToContainer(Transferable.of(recipe.text() + "\n"), "/tmp/Caddyfile");
                yield "caddy validate --config /tmp/Caddyfile --adapter caddyfile";
            }
            default -> throw new IllegalArgumentException(recipe.language());
        };

        ExecResult result = proxy.execInContainer("sh", "-c", command);

        assertEquals(0, result.getExitCode(), recipe + ": " + command + "\n" + result.getStdout()
                + result.getStderr() + "\n--- recipe ---\n" + recipe.text());
    }

    /**
     * The recipe as nginx loads it: an {@code http} block gets the {@code events} block a whole file needs; location
     * blocks go into a {@code server}; bare directives into a location of one.
     */
    private static String nginxConfiguration(String recipe) {
        String file = "events {}\n";
        if (recipe.contains("http {")) {
            return file + recipe + "\n";
        }
        if (recipe.contains("location ")) {
            return file + "http {\n server {\n  listen 80;\n" + recipe + "\n }\n}\n";
        }
        return file + "http {\n server {\n  listen 80;\n  location / {\n" + recipe
                + "\n   proxy_pass http://tomcat:8080;\n  }\n }\n}\n";
    }

    /**
     * Each section of docs/proxy-recipes.md opens with what the suite does with its recipe, and says it truly: a
     * recipe the checker above loads is "Syntax-checked with" that checker, a "Run by" recipe's set and strip lines
     * are in the named test's proxy configuration, and a recipe in a language no checker here knows is "Untested".
     */
    @Test
    void everyRecipeSaysWhatTheSuiteDoesWithIt() throws IOException {
        String text = Files.readString(ROOT.resolve("docs/proxy-recipes.md"));
        String[] sections = text.split("\n## ");
        assertTrue(sections.length > 5, "sections found");
        for (int i = 1; i < sections.length; i++) {
            String section = sections[i];
            String title = section.lines().findFirst().orElseThrow();
            String label = section.substring(title.length()).strip().split("\n\n")[0].replace('\n', ' ');
            Matcher block = ANY_BLOCK.matcher(section);
            assertTrue(block.find(), title + " has a recipe");
            String language = block.group(1);
            boolean checkable = List.of("nginx", "apache", "haproxy", "caddyfile").contains(language);
            if (!checkable) {
                assertTrue(label.startsWith("Untested: "), title + ": nothing here checks " + language + ": "
                        + label);
                continue;
            }
            String checker = switch (language) {
                case "nginx" -> "nginx -t";
                case "apache" -> "apachectl -t";
                case "haproxy" -> "haproxy -c";
                default -> "caddy validate";
            };
            assertTrue(label.contains("Syntax-checked with `" + checker + "`"), title + ": " + label);
            if (label.startsWith("Run by: ")) {
                assertRunByCarriesTheRecipesHeaderLines(title, label, block.group(2));
            } else {
                assertTrue(label.startsWith("Syntax-checked"), title + ": " + label);
            }
        }
    }

    /** The named test exists, and the configuration file it names has every set and strip line of the recipe. */
    private static void assertRunByCarriesTheRecipesHeaderLines(String title, String label, String recipe)
            throws IOException {
        Matcher named = Pattern.compile("Run by: `(\\w+IT)` \\([^`]*`([\\w.-]+)`\\)").matcher(label);
        assertTrue(named.find(), title + ": 'Run by: `SomeIT` (... `its configuration file`)': " + label);
        Path tests = ROOT.resolve("integration-tests/src/test");
        assertTrue(Files.exists(tests.resolve("java/dev/remoteuser/it/" + named.group(1) + ".java")), named.group(1));
        Path configuration;
        try (Stream<Path> files = Files.walk(tests)) {
            configuration = files.filter(p -> p.getFileName().toString().equals(named.group(2))).findFirst()
                    .orElseThrow(() -> new AssertionError(title + ": no " + named.group(2) + " in the tests"));
        }
        String configured = normalised(Files.readString(configuration));
        int headerLines = 0;
        for (String line : recipe.lines().toList()) {
            String directive = normalised(line.replaceFirst("#.*$", ""));
            if (directive.matches("(proxy_set_header|RequestHeader) .*Remote-(User|Groups).*")) {
                headerLines++;
                assertTrue(configured.contains(directive), title + ": '" + directive + "' is not in "
                        + configuration);
            }
        }
        assertTrue(headerLines >= 2, title + ": the recipe sets and strips the identity headers");
    }

    private static String normalised(String text) {
        return text.replaceAll("[ \\t]+", " ").strip().replaceAll("\n ", "\n");
    }
}
