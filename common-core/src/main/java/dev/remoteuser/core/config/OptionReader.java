package dev.remoteuser.core.config;

import dev.remoteuser.core.internal.HeaderValues;
import dev.remoteuser.core.internal.LogSafe;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns option values (strings, as every installation form writes them) into typed values, one method per {@link
 * Option.Kind}, and collects a message for every problem instead of stopping at the first. Each concern's settings
 * record reads its own options through one of these and adds its own cross-checks; {@link #throwIfProblems()} then
 * reports everything at once. A value that cannot be read gives a safe placeholder (the default, or off), never a
 * half-read one, and the problem makes the configuration fail anyway.
 *
 * <p>There is no difference between an option written with its default value and one left out: {@link #isSet}
 * answers whether the option has a value at all, which for an option with a default is always.
 */
public final class OptionReader {

    private static final Pattern HTTP_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,=:@/-]*");
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    private static final Pattern CLAIM = Pattern.compile("[A-Za-z0-9_.:/-]{1,128}");

    private final Map<Option, String> values;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param values the options given, by option; a missing, {@code null} or empty value means the default
     */
    public OptionReader(Map<Option, String> values) {
        this.values = new EnumMap<>(Option.class);
        values.forEach((option, value) -> {
            if (value != null && !value.isEmpty()) {
                this.values.put(option, value);
            }
        });
    }

    /** Every problem found so far, as {@code option: what is wrong}. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Adds a problem; the message starts with the option's name. */
    public void problem(String message) {
        problems.add(message);
    }

    /** Reports an option name that is not in the vocabulary, with the closest name as a hint for a typo. */
    public void unknownOption(String name) {
        problems.add(name + ": unknown option"
                + Option.closest(name).map(o -> " (did you mean '" + o.key() + "'?)").orElse(""));
    }

    /**
     * @throws InvalidConfigurationException listing every problem, when there is one
     */
    public void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    /** Whether the option has a value: written, or a default. */
    public boolean isSet(Option option) {
        return raw(option) != null;
    }

    /** A {@link Option.Kind#TEXT}, {@link Option.Kind#URL} or {@link Option.Kind#FILE} value, trimmed. */
    public Optional<String> text(Option option) {
        expect(option, Option.Kind.TEXT, Option.Kind.URL, Option.Kind.FILE);
        return Optional.ofNullable(trimmed(option));
    }

    /** A {@link Option.Kind#SECRET}, exactly as written; never put in a message. */
    public Optional<String> secret(Option option) {
        expect(option, Option.Kind.SECRET);
        return Optional.ofNullable(raw(option));
    }

    /** A {@link Option.Kind#HEADER_NAME}; empty when unset or invalid. */
    public Optional<String> header(Option option) {
        expect(option, Option.Kind.HEADER_NAME);
        String value = trimmed(option);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (!HTTP_TOKEN.matcher(value).matches()) {
            problems.add(option.key() + ": '" + LogSafe.escape(value) + "' is not a valid HTTP header name");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** A {@link Option.Kind#BOOLEAN}; false when invalid. */
    public boolean bool(Option option) {
        expect(option, Option.Kind.BOOLEAN);
        String value = trimmed(option);
        if ("true".equals(value)) {
            return true;
        }
        if (!"false".equals(value)) {
            problems.add(option.key() + ": '" + LogSafe.escape(value) + "' must be true or false");
        }
        return false;
    }

    /** A {@link Option.Kind#NUMBER} within the option's range; the minimum when invalid. */
    public int number(Option option) {
        expect(option, Option.Kind.NUMBER);
        return wholeNumber(option);
    }

    /** A {@link Option.Kind#SECONDS} within the option's range; the minimum when invalid. */
    public Duration seconds(Option option) {
        expect(option, Option.Kind.SECONDS);
        return Duration.ofSeconds(wholeNumber(option));
    }

    private int wholeNumber(Option option) {
        String value = trimmed(option);
        if (value != null && value.matches("[0-9]{1,9}")) {
            int n = Integer.parseInt(value);
            if (n >= option.minimum() && n <= option.maximum()) {
                return n;
            }
        }
        problems.add(option.key() + ": '" + LogSafe.escape(value) + "' must be a whole number from "
                + option.minimum() + " to " + option.maximum());
        return option.minimum();
    }

    /**
     * A {@link Option.Kind#CHOICE}: the constant whose key is the value; the first constant when invalid.
     *
     * @throws IllegalStateException when the constants' keys are not the option's documented choices
     */
    public <T> T choice(Option option, T[] constants, Function<T, String> key) {
        expect(option, Option.Kind.CHOICE);
        List<String> keys = new ArrayList<>();
        for (T constant : constants) {
            keys.add(key.apply(constant));
        }
        if (!keys.equals(option.choices())) {
            throw new IllegalStateException(option.key() + ": choices " + keys + " differ from " + option.choices());
        }
        String value = trimmed(option);
        int index = keys.indexOf(value);
        if (index >= 0) {
            return constants[index];
        }
        problems.add(option.key() + ": '" + LogSafe.escape(value) + "' is not one of " + String.join(", ", keys));
        return constants[0];
    }

    /**
     * The trimmed, non-empty entries of a list option, split on its kind's separator ({@code ;} for {@link
     * Option.Kind#CERTIFICATE_NAMES} and {@link Option.Kind#ROLE_MAPPING}, {@code ,} for the others), unchecked:
     * the option's settings judge each entry.
     */
    public List<String> items(Option option) {
        expect(option, Option.Kind.ADDRESSES, Option.Kind.CERTIFICATE_NAMES, Option.Kind.NAMES, Option.Kind.ROLES,
                Option.Kind.ROLE_MAPPING, Option.Kind.ALGORITHMS);
        boolean semicolons = option.kind() == Option.Kind.CERTIFICATE_NAMES
                || option.kind() == Option.Kind.ROLE_MAPPING;
        return split(raw(option), semicolons ? ";" : ",");
    }

    /** A {@link Option.Kind#NAMES} list; {@code forbidden} (when not empty) inside a name makes it invalid. */
    public Set<String> names(Option option, String forbidden) {
        Set<String> result = new LinkedHashSet<>();
        for (String name : items(option)) {
            if (!forbidden.isEmpty() && name.contains(forbidden) || !HeaderValues.isPrintable(name)) {
                problems.add(option.key() + ": '" + LogSafe.escape(name) + "' is not a valid name");
            } else {
                result.add(name);
            }
        }
        return Collections.unmodifiableSet(result);
    }

    /** A {@link Option.Kind#PATHS} list of normalised absolute paths. */
    public List<String> paths(Option option) {
        expect(option, Option.Kind.PATHS, Option.Kind.PATH);
        List<String> result = new ArrayList<>();
        for (String path : split(raw(option), ",")) {
            if (!PATH.matcher(path).matches() || path.contains("//") || path.contains("/./")
                    || path.contains("/../") || path.endsWith("/..") || path.endsWith("/.")) {
                problems.add(option.key() + ": '" + LogSafe.escape(path) + "' must be a normalised absolute"
                        + " path such as /app/login");
            } else {
                result.add(path);
            }
        }
        return List.copyOf(result);
    }

    /** A {@link Option.Kind#PATH}: one normalised absolute path. */
    public Optional<String> path(Option option) {
        expect(option, Option.Kind.PATH);
        List<String> paths = paths(option);
        if (paths.size() > 1) {
            problems.add(option.key() + ": one path only");
        }
        return paths.stream().findFirst();
    }

    /** A {@link Option.Kind#CLASS_NAMES} list. */
    public Set<String> classNames(Option option) {
        expect(option, Option.Kind.CLASS_NAMES);
        Set<String> result = new LinkedHashSet<>();
        for (String name : split(raw(option), ",")) {
            if (!CLASS_NAME.matcher(name).matches()) {
                problems.add(option.key() + ": '" + LogSafe.escape(name) + "' is not a Java class name");
            } else {
                result.add(name);
            }
        }
        return Collections.unmodifiableSet(result);
    }

    /** A {@link Option.Kind#HEADER_MAP}: name to header name, in the order written. */
    public Map<String, String> headerMap(Option option) {
        expect(option, Option.Kind.HEADER_MAP);
        Map<String, String> result = new LinkedHashMap<>();
        for (String pair : split(raw(option), ",")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq).trim();
            String header = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (!ATTRIBUTE_NAME.matcher(name).matches() || !HTTP_TOKEN.matcher(header).matches()) {
                problems.add(option.key() + ": '" + LogSafe.escape(pair) + "' must be name=Header-Name");
            } else if (result.putIfAbsent(name, header) != null) {
                problems.add(option.key() + ": attribute '" + name + "' is listed twice");
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /** A {@link Option.Kind#REGEX} (untrimmed); the option's default pattern when invalid. */
    public Pattern regex(Option option) {
        expect(option, Option.Kind.REGEX);
        try {
            return Pattern.compile(raw(option));
        } catch (PatternSyntaxException e) {
            problems.add(option.key() + ": not a valid Java regular expression: " + LogSafe.escape(e.getDescription()));
            return Pattern.compile(option.defaultValue().orElseThrow());
        }
    }

    /** A {@link Option.Kind#SEPARATOR} (untrimmed: spaces count); the default when invalid. */
    public String separator(Option option) {
        expect(option, Option.Kind.SEPARATOR);
        String value = raw(option);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isLetterOrDigit(c) || c < 0x20 || c > 0x7e) {
                problems.add(option.key() + ": '" + LogSafe.escape(value) + "' must be printable ASCII"
                        + " punctuation or spaces");
                return option.defaultValue().orElseThrow();
            }
        }
        return value;
    }

    /** A {@link Option.Kind#FILE} as a path (not yet opened); empty when unset or not a path. */
    public Optional<Path> file(Option option) {
        Optional<String> name = text(option);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(name.get()));
        } catch (InvalidPathException e) {
            problems.add(option.key() + ": '" + LogSafe.escape(name.get()) + "' is not a file path");
            return Optional.empty();
        }
    }

    /** A {@link Option.Kind#CLAIM} name. */
    public Optional<String> claim(Option option) {
        expect(option, Option.Kind.CLAIM);
        String value = trimmed(option);
        if (value != null && !CLAIM.matcher(value).matches()) {
            problems.add(option.key() + ": '" + LogSafe.escape(value) + "' is not a claim name");
            return Optional.empty();
        }
        return Optional.ofNullable(value);
    }

    private String raw(Option option) {
        String value = values.get(option);
        return value != null ? value : option.defaultValue().orElse(null);
    }

    private String trimmed(Option option) {
        String value = raw(option);
        return value == null ? null : value.trim();
    }

    private static void expect(Option option, Option.Kind... kinds) {
        for (Option.Kind kind : kinds) {
            if (option.kind() == kind) {
                return;
            }
        }
        throw new IllegalArgumentException(option.key() + " is a " + option.kind() + " option");
    }

    /** The trimmed, non-empty parts of a list. */
    private static List<String> split(String value, String separator) {
        List<String> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        for (String part : value.split(Pattern.quote(separator), -1)) {
            String trimmed = part.trim();
            if (!trimmed.isEmpty()) {
                result.add(trimmed);
            }
        }
        return result;
    }
}
