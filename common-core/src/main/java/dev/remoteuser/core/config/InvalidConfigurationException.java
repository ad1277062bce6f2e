package dev.remoteuser.core.config;

import java.util.List;

/**
 * The configuration has one or more errors. The message lists all of them, one per line, so an operator fixes them
 * in one go; adapters fail startup with it.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** @param problems each problem, as {@code option: what is wrong} */
    public InvalidConfigurationException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, as {@code option: what is wrong}. */
    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        StringBuilder sb = new StringBuilder("remote-user-auth: invalid configuration (")
                .append(problems.size()).append(problems.size() == 1 ? " problem)" : " problems)");
        for (String p : problems) {
            sb.append(System.lineSeparator()).append("  - ").append(p);
        }
        return sb.toString();
    }
}
