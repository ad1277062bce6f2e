package dev.remoteuser.core;

import dev.remoteuser.core.assertion.AssertionSettings;
import dev.remoteuser.core.config.InvalidConfigurationException;
import dev.remoteuser.core.config.Option;
import dev.remoteuser.core.config.OptionReader;
import dev.remoteuser.core.diagnostics.DiagnosticsSettings;
import dev.remoteuser.core.headers.HeaderSettings;
import dev.remoteuser.core.identity.RoleSettings;
import dev.remoteuser.core.identity.UsernameSettings;
import dev.remoteuser.core.internal.HeaderNames;
import dev.remoteuser.core.session.SessionSettings;
import dev.remoteuser.core.store.StoreSettings;
import dev.remoteuser.core.store.UserStoreKind;
import dev.remoteuser.core.trust.IdentitySource;
import dev.remoteuser.core.trust.TrustSettings;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The validated, immutable configuration: one settings record per concern, each read from the string options of
 * {@link Option} (the names and formats shared by server.xml, Jetty, JAAS) by the same {@link OptionReader}, which
 * reports every problem at once. Built through {@link #builder()}; an embedder hands the built object to an adapter
 * instead of strings.
 *
 * @see Option for every option, its format and default
 */
public final class RemoteUserConfig {

    private final TrustSettings trust;
    private final HeaderSettings headers;
    private final UsernameSettings usernames;
    private final RoleSettings roles;
    private final SessionSettings sessions;
    private final StoreSettings store;
    private final Optional<AssertionSettings> assertion;
    private final DiagnosticsSettings diagnostics;

    private RemoteUserConfig(OptionReader options, Set<UserStoreKind> supportedStores, String container) {
        trust = TrustSettings.read(options);
        headers = HeaderSettings.read(options);
        usernames = UsernameSettings.read(options);
        roles = RoleSettings.read(options);
        sessions = SessionSettings.read(options);
        store = StoreSettings.read(options, supportedStores, container);
        assertion = AssertionSettings.read(options);
        diagnostics = DiagnosticsSettings.read(options);
        crossChecks(options);
        options.throwIfProblems();
    }

    /** A builder with every option at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a configuration from option names and string values, as an adapter reads them from its container.
     *
     * @throws InvalidConfigurationException listing every unknown option name and every invalid value
     */
    public static RemoteUserConfig fromOptions(Map<String, String> options) {
        Builder builder = builder();
        options.forEach(builder::set);
        return builder.build();
    }

    /** Whom the plugin trusts: peer addresses, certificate, secret, identity source. */
    public TrustSettings trust() {
        return trust;
    }

    /** The identity headers and where they count. */
    public HeaderSettings headers() {
        return headers;
    }

    /** How a raw user name becomes the principal's name. */
    public UsernameSettings usernames() {
        return usernames;
    }

    /** How groups become roles. */
    public RoleSettings roles() {
        return roles;
    }

    /** Session mode and logout. */
    public SessionSettings sessions() {
        return sessions;
    }

    /** The user store. */
    public StoreSettings store() {
        return store;
    }

    /** The signed-assertion settings, when {@code assertionProfile} or {@code assertionHeader} is set. */
    public Optional<AssertionSettings> assertion() {
        return assertion;
    }

    /** The diagnostics report. */
    public DiagnosticsSettings diagnostics() {
        return diagnostics;
    }

    /**
     * Checks that the adapter can provide the configured user store, for a configuration built without {@link
     * Builder#supportedStores} (an embedder's).
     *
     * @param container the container's name for the message
     * @throws InvalidConfigurationException when it cannot
     */
    public void requireSupportedStore(String container, UserStoreKind... kinds) {
        Set<UserStoreKind> supported = storeKinds(kinds);
        if (!supported.contains(store.kind())) {
            throw new InvalidConfigurationException(List.of(StoreSettings.unsupported(store.kind(), supported,
                    container)));
        }
    }

    /**
     * Every header that carries identity or proof, in this order: the user header, the secret header, the assertion
     * header, the groups header, the attribute headers. The webapp never sees one the core did not vouch for.
     */
    public List<String> identityHeaders() {
        List<String> result = new ArrayList<>();
        result.add(headers.userHeader());
        trust.secretHeader().ifPresent(result::add);
        assertion.map(AssertionSettings::header).ifPresent(result::add);
        headers.groupsHeader().ifPresent(result::add);
        result.addAll(headers.attributeHeaders().values());
        return List.copyOf(result);
    }

    /**
     * Every option's effective value in one line, for the startup log and JMX (the same text in both): what was
     * written or its default, as the settings read it. It never contains a secret, only whether one is set, and never
     * a file's contents.
     */
    @Override
    public String toString() {
        return headers.describe() + ", " + trust.describe() + ", "
                + assertion.map(AssertionSettings::describe).orElseGet(AssertionSettings::describeOff) + ", "
                + usernames.describe() + ", " + roles.describe() + ", " + sessions.describe() + ", "
                + store.describe() + ", " + diagnostics.describe();
    }

    private static Set<UserStoreKind> storeKinds(UserStoreKind... kinds) {
        Set<UserStoreKind> set = EnumSet.noneOf(UserStoreKind.class);
        set.addAll(List.of(kinds));
        return set;
    }

    /** The checks that span concerns: what one concern's settings mean for another's. */
    private void crossChecks(OptionReader options) {
        if (!trust.checkPeerAddress() && trust.certificates().isEmpty() && assertion.isEmpty()) {
            options.problem("trustedProxies: 'any' turns the peer address check off, so another proof must take its"
                    + " place: set trustedProxyCertificates or a signed assertion (assertionProfile or"
                    + " assertionHeader)");
        }
        if (diagnostics.path().isPresent() && diagnostics.path().equals(sessions.logoutPath())) {
            options.problem("diagnosticsPath: must differ from logoutPath");
        }
        assertion.ifPresent(settings -> {
            if (trust.identitySource() == IdentitySource.CONNECTOR) {
                options.problem("identitySource: 'connector' cannot be combined with signed assertions");
            }
            if (!trust.provesPeer() && (headers.groupsHeader().isPresent() || !headers.attributeHeaders().isEmpty())) {
                options.problem((headers.groupsHeader().isPresent() ? "groupsHeader" : "attributeHeaders")
                        + ": with the signed assertion as the only proof, unsigned headers could come from anyone;"
                        + " use groupsClaim, or also set trustedProxies (or trustedProxyCertificates or"
                        + " proxySecretHeader)");
            }
            if (headers.groupsHeader().isPresent() && settings.groupsClaim().isPresent()) {
                options.problem("groupsHeader: set groupsHeader or groupsClaim, not both");
            }
        });
        Map<String, String> canonicalOwners = new LinkedHashMap<>();
        for (String header : identityHeaders()) {
            String previous = canonicalOwners.putIfAbsent(HeaderNames.canonical(header), header);
            if (previous != null) {
                options.problem("identity headers '" + previous + "' and '" + header + "' are the same header or"
                        + " lookalikes of each other; each identity header needs its own name");
            }
        }
    }

    /**
     * Collects option values as strings. Nothing is checked until {@link #build()}, which reports every problem at
     * once. A {@code null} or empty value means "use the default".
     */
    public static final class Builder {
        private final Map<Option, String> values = new EnumMap<>(Option.class);
        private final List<String> unknown = new ArrayList<>();
        private Set<UserStoreKind> supportedStores = EnumSet.allOf(UserStoreKind.class);
        private String container = "this container";

        private Builder() {
        }

        /** Sets an option by its name (exact, case-sensitive); an unknown name is reported by {@link #build()}. */
        public Builder set(String name, String value) {
            Optional<Option> option = Option.byKey(name);
            if (option.isPresent()) {
                return set(option.get(), value);
            }
            unknown.add(name);
            return this;
        }

        /** Sets an option; {@code null} or empty restores its default. */
        public Builder set(Option option, String value) {
            if (value == null || value.isEmpty()) {
                values.remove(option);
            } else {
                values.put(option, value);
            }
            return this;
        }

        /** The value set for an option, or its default. */
        public Optional<String> get(Option option) {
            String value = values.get(option);
            return value != null ? Optional.of(value) : option.defaultValue();
        }

        /**
         * The user stores the adapter can provide; any other {@code userStore} is one more problem of {@link
         * #build()}. Default: every kind.
         *
         * @param container the container's name for that message ({@code Tomcat}, {@code Jetty})
         */
        public Builder supportedStores(String container, UserStoreKind... kinds) {
            this.container = container;
            this.supportedStores = storeKinds(kinds);
            return this;
        }

        /**
         * Validates every option.
         *
         * @throws InvalidConfigurationException listing all problems found
         */
        public RemoteUserConfig build() {
            OptionReader reader = new OptionReader(values);
            unknown.forEach(reader::unknownOption);
            return new RemoteUserConfig(reader, supportedStores, container);
        }
    }
}
