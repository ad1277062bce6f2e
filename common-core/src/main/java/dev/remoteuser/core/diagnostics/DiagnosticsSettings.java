package dev.remoteuser.core.diagnostics;

import dev.remoteuser.core.config.Option;
import dev.remoteuser.core.config.OptionReader;

import java.util.Optional;

/**
 * The operators' report.
 *
 * @param path the path answering with the JSON report of the decision for the request; empty: no report
 */
public record DiagnosticsSettings(Optional<String> path) {

    /** Reads the diagnostics option, reporting problems to {@code options}. */
    public static DiagnosticsSettings read(OptionReader options) {
        return new DiagnosticsSettings(options.path(Option.DIAGNOSTICS_PATH));
    }

    /** The diagnostics option's effective value, for the startup log. */
    public String describe() {
        return "diagnosticsPath=" + path.orElse("none");
    }

    /** Whether this request path asks for the report. */
    public boolean answers(String requestPath) {
        return path.isPresent() && path.get().equals(requestPath);
    }
}
