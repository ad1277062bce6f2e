package dev.remoteuser.core.diagnostics;

import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.headers.HeaderScan;
import dev.remoteuser.core.headers.HeaderSettings;
import dev.remoteuser.core.internal.Json;
import dev.remoteuser.core.internal.LogSafe;
import dev.remoteuser.core.request.RequestView;
import dev.remoteuser.core.trust.PeerTrust;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The operator's report for {@code diagnosticsPath}: whether the peer is trusted and why not, the identity headers
 * seen (values only from a trusted peer; tokens and secrets never, only their length), lookalike spellings, and the
 * decision with its user, roles and reason. Beside the pipeline: it describes a decision, it never makes one.
 */
public final class DiagnosticsReport {

    private final PeerTrust trust;
    private final HeaderScan scan;
    private final HeaderSettings headers;
    /** Headers whose values are never shown: the proxy secret and the signed assertion. */
    private final Set<String> secretHeaders;
    /** {@code mode}, repeated in every report. */
    private final String mode;
    /** {@code identitySource}, repeated in every report. */
    private final String identitySource;

    /**
     * @param secretHeaders  headers whose values the report never shows
     * @param mode           the {@code mode} option's value
     * @param identitySource the {@code identitySource} option's value
     */
    public DiagnosticsReport(PeerTrust trust, HeaderScan scan, HeaderSettings headers, Set<String> secretHeaders,
                             String mode, String identitySource) {
        this.trust = trust;
        this.scan = scan;
        this.headers = headers;
        this.secretHeaders = Set.copyOf(secretHeaders);
        this.mode = mode;
        this.identitySource = identitySource;
    }

    /**
     * The report on {@code decision}, the decision for this request.
     *
     * @param decideOn the decision for the same request on another path: where the report's own path is outside
     *                 {@code headerPaths} (the headers never count there), the report says what the same headers
     *                 would get on the first header path, so that a probe judges a forgery where it matters
     * @param sessionIdentity the identity we logged into the request's session, if any
     */
    public Decision.Diagnosed report(RequestView request, Decision decision, Function<String, Decision> decideOn,
                                     Function<RequestView, Optional<Identity>> sessionIdentity) {
        HeaderScan.Found found = scan.scan(request);
        Set<String> remove = new LinkedHashSet<>(decision.headersToRemove());
        remove.addAll(found.present());
        remove.addAll(found.lookalikes().keySet());
        Optional<String> untrusted = trust.untrustedBecause(request);
        Json json = new Json();
        json.field("peer", request.peerAddress());
        json.field("trustedPeer", untrusted.isEmpty());
        json.field("trust", untrusted.orElse("every configured proof holds"));
        json.field("mode", mode);
        json.field("identitySource", identitySource);
        Map<String, String> seen = new LinkedHashMap<>();
        for (String header : found.present()) {
            seen.put(header, untrusted.isPresent() ? "(not shown: untrusted peer)" : shownValue(request, header));
        }
        json.object("identityHeaders", seen);
        json.array("lookalikeHeaders", found.lookalikes().keySet());
        describe(json, "", decision, sessionIdentity.apply(request));
        json.array("headerPaths", headers.headerPaths());
        if (!headers.countsOn(request.path())) {
            String headerPath = headers.headerPaths().get(0);
            Decision there;
            try {
                there = decideOn.apply(headerPath);
            } catch (RuntimeException e) {
                there = new Decision.Rejected(Reason.INTERNAL_ERROR, Set.of());
            }
            json.field("headerPath", headerPath);
            describe(json, "headerPath", there, sessionIdentity.apply(request));
        }
        return new Decision.Diagnosed(json.toString(), remove);
    }

    /** A header value for the report; tokens and secrets are never shown, only their length. */
    private String shownValue(RequestView request, String header) {
        List<String> values = request.headerValues(header);
        if (values.size() != 1 || values.get(0) == null) {
            return "(" + values.size() + " values)";
        }
        return secretHeaders.contains(header) ? "(not shown: " + values.get(0).length() + " characters)"
                : LogSafe.escape(values.get(0), 256);
    }

    /**
     * Adds a decision to the report: {@code decision} and what goes with its kind. With a prefix the field names are
     * prefixed ({@code headerPathDecision}, {@code headerPathUser} ...).
     */
    private static void describe(Json json, String prefix, Decision decision, Optional<Identity> inSession) {
        UnaryOperator<String> name = field -> prefix.isEmpty() ? field
                : prefix + Character.toUpperCase(field.charAt(0)) + field.substring(1);
        decision.accept(new Decision.Visitor<Void>() {
            @Override
            public Void authenticated(Decision.Authenticated authenticated) {
                json.field(name.apply("decision"), "authenticated");
                json.field(name.apply("source"), authenticated.source().name().toLowerCase(Locale.ROOT));
                json.field(name.apply("user"), authenticated.identity().name());
                json.array(name.apply("roles"), authenticated.identity().roles());
                json.array(name.apply("groups"), authenticated.identity().groups());
                return null;
            }

            @Override
            public Void rejected(Decision.Rejected rejected) {
                json.field(name.apply("decision"), "rejected");
                json.field(name.apply("reason"), rejected.reason().name());
                json.field(name.apply("status"), rejected.status());
                return null;
            }

            @Override
            public Void loggedOut(Decision.LoggedOut loggedOut) {
                json.field(name.apply("decision"), "logged-out");
                return null;
            }

            @Override
            public Void notAttempted(Decision.NotAttempted notAttempted) {
                json.field(name.apply("decision"), "not-attempted");
                json.field(name.apply("session"), inSession.map(Identity::name).orElse(""));
                return null;
            }

            @Override
            public Void diagnosed(Decision.Diagnosed diagnosed) {
                // the pipeline never answers a report with a report; this kind would describe nothing
                json.field(name.apply("decision"), "diagnosed");
                return null;
            }
        });
    }
}
