package dev.remoteuser.jetty;

import dev.remoteuser.core.config.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code remoteuser.*} properties start.jar was given, found where it reads them: the jetty-base's
 * {@code start.ini} and {@code start.d/*.ini}, the JVM's command line ({@code remoteuser.x=y} arguments) and the
 * properties files named on it (start.jar's own, when it forks with {@code --exec}). The module's XML reads only the
 * names it knows, so without this check a misspelt name would be ignored; and start.jar matches property names
 * without regard to case, so a wrong-case line silently replaces the right one's value (the XML then sees neither
 * and the option takes its default). Both must stop startup.
 */
final class StartProperties {

    /** The prefix of the module's properties, as the ini template writes it. */
    static final String PREFIX = "remoteuser.";

    /** A property name and where it was found ({@code start.d/remote-user-auth.ini}, {@code the command line}). */
    record Found(String name, String source) {
    }

    private StartProperties() {
    }

    /**
     * Every {@code remoteuser.*} property name (prefix in any case) in this jetty-base's ini files and in this command
     * line, in the order start.jar reads them.
     */
    static List<Found> find(Path jettyBase, List<String> commandLine) {
        List<Found> found = new ArrayList<>();
        List<Path> inis = new ArrayList<>();
        inis.add(jettyBase.resolve("start.ini"));
        Path startD = jettyBase.resolve("start.d");
        if (Files.isDirectory(startD)) {
            try (Stream<Path> files = Files.list(startD)) {
                files.filter(file -> file.getFileName().toString().endsWith(".ini")).sorted().forEach(inis::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + startD, e);
            }
        }
        for (Path ini : inis) {
            if (Files.isRegularFile(ini)) {
                String source = jettyBase.relativize(ini).toString();
                try {
                    for (String line : Files.readAllLines(ini)) {
                        propertyName(line.strip()).ifPresent(name -> found.add(new Found(name, source)));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + ini, e);
                }
            }
        }
        for (String argument : commandLine) {
            propertyName(argument).ifPresent(name -> found.add(new Found(name, "the command line")));
            if (argument.toLowerCase(Locale.ROOT).endsWith(".properties") && Files.isRegularFile(Path.of(argument))) {
                Properties properties = new Properties();
                try (InputStream in = Files.newInputStream(Path.of(argument))) {
                    properties.load(in);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + argument, e);
                }
                for (String name : properties.stringPropertyNames()) {
                    if (hasPrefix(name)) {
                        found.add(new Found(name, argument));
                    }
                }
            }
        }
        return found;
    }

    /**
     * One problem per property name that is not an option, naming it, where it was first found, and the option it
     * resembles.
     */
    static List<String> problems(List<Found> found) {
        List<String> problems = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (Found property : found) {
            String name = property.name().substring(PREFIX.length());
            boolean known = property.name().startsWith(PREFIX) && Option.byKey(name).isPresent();
            if (known || !reported.add(property.name())) {
                continue;
            }
            StringBuilder problem = new StringBuilder(property.name()).append(" (").append(property.source())
                    .append("): not an option");
            Optional<Option> closest = Option.closest(name);
            closest.ifPresent(o -> problem.append(" (did you mean '").append(PREFIX).append(o.key()).append("'?)"));
            if (closest.filter(o -> o.key().equalsIgnoreCase(name)).isPresent()) {
                problem.append("; start.jar ignores case in property names, so this line also replaces the value of ")
                        .append(PREFIX).append(closest.get().key()).append(" wherever both are set");
            }
            problems.add(problem.toString());
        }
        return problems;
    }

    /** The name of a {@code name=value}, {@code name+=value} or {@code name?=value} line with our prefix. */
    private static Optional<String> propertyName(String line) {
        int equals = line.indexOf('=');
        if (equals <= 0 || !hasPrefix(line)) {
            return Optional.empty();
        }
        String name = line.substring(0, equals);
        if (name.endsWith("+") || name.endsWith("?")) {
            name = name.substring(0, name.length() - 1);
        }
        return Optional.of(name.strip());
    }

    private static boolean hasPrefix(String text) {
        return text.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }
}
