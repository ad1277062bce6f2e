package dev.remoteuser.jetty;

import dev.remoteuser.core.config.InvalidConfigurationException;
import dev.remoteuser.core.config.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin's options as a JavaBean, so Jetty XML can write {@code <Set name="trustedProxies">10.0.0.5</Set>} with
 * the same names as server.xml and JAAS. The jetty-base module adds one to the Server; a context XML can hand one to
 * {@link RemoteUserAuthenticatorFactory}.
 * <p>
 * On the Server it is a lifecycle bean: {@link #check()} runs when the Server starts (and the module's XML calls it
 * as soon as the options are set), so an invalid configuration stops the whole server, with every problem listed,
 * before any webapp starts, instead of failing each webapp's startup while the server runs on. Settings handed only
 * to a factory are checked when the webapp's authenticator is created, and fail that webapp's startup.
 */
public class RemoteUserSettings extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteUserSettings.class);

    private final Map<String, String> options = new LinkedHashMap<>();
    private String jettyBase = "";

    /** Sets an option by its name; unknown names fail when the authenticator is created. */
    public void setOption(String name, String value) {
        if (value == null || value.isEmpty()) {
            options.remove(name);
        } else {
            options.put(name, value);
        }
    }

    /** The options set so far, by name. */
    public Map<String, String> getOptions() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * The jetty-base whose {@code start.ini} and {@code start.d/*.ini} {@link #check()} searches for
     * {@code remoteuser.*} properties that are not options (misspelt, or in the wrong case, which start.jar lets
     * replace the right one). The module sets it from {@code jetty.base}; empty (the default) searches nothing.
     */
    public void setJettyBase(String path) {
        jettyBase = path == null ? "" : path;
    }

    /**
     * Checks everything at once: every {@code remoteuser.*} start property is an option (when {@link #setJettyBase}
     * named a jetty-base), and the options make a valid configuration for Jetty. Logs the problems at ERROR, a log
     * line each, before throwing.
     *
     * @throws InvalidConfigurationException listing every problem
     */
    public void check() {
        List<String> problems = new ArrayList<>();
        if (!jettyBase.isEmpty()) {
            List<String> commandLine = ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
            problems.addAll(StartProperties.problems(StartProperties.find(Path.of(jettyBase), commandLine)));
        }
        try {
            JettyPolicies.configuration(options);
        } catch (InvalidConfigurationException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            InvalidConfigurationException invalid = new InvalidConfigurationException(problems);
            // a line each: Jetty's log folds a message's line breaks into '|'
            invalid.getMessage().lines().forEach(line -> LOG.error("{}", line));
            throw invalid;
        }
    }

    /** Checks the settings when the Server starts them as its bean; see {@link #check()}. */
    @Override
    protected void doStart() {
        check();
    }

    /** Sets {@code userHeader}; see README.md's option table. */
    public void setUserHeader(String value) {
        setOption(Option.USER_HEADER.key(), value);
    }

    /** Sets {@code trustedProxies}; see README.md's option table. */
    public void setTrustedProxies(String value) {
        setOption(Option.TRUSTED_PROXIES.key(), value);
    }

    /** Sets {@code trustedProxyCertificates}; see README.md's option table. */
    public void setTrustedProxyCertificates(String value) {
        setOption(Option.TRUSTED_PROXY_CERTIFICATES.key(), value);
    }

    /** Sets {@code proxySecretHeader}; see README.md's option table. */
    public void setProxySecretHeader(String value) {
        setOption(Option.PROXY_SECRET_HEADER.key(), value);
    }

    /** Sets {@code proxySecret}; see README.md's option table. */
    public void setProxySecret(String value) {
        setOption(Option.PROXY_SECRET.key(), value);
    }

    /** Sets {@code proxySecretFile}; see README.md's option table. */
    public void setProxySecretFile(String value) {
        setOption(Option.PROXY_SECRET_FILE.key(), value);
    }

    /** Sets {@code assertionProfile}; see README.md's option table. */
    public void setAssertionProfile(String value) {
        setOption(Option.ASSERTION_PROFILE.key(), value);
    }

    /** Sets {@code assertionHeader}; see README.md's option table. */
    public void setAssertionHeader(String value) {
        setOption(Option.ASSERTION_HEADER.key(), value);
    }

    /** Sets {@code jwksUrl}; see README.md's option table. */
    public void setJwksUrl(String value) {
        setOption(Option.JWKS_URL.key(), value);
    }

    /** Sets {@code jwksFile}; see README.md's option table. */
    public void setJwksFile(String value) {
        setOption(Option.JWKS_FILE.key(), value);
    }

    /** Sets {@code issuer}; see README.md's option table. */
    public void setIssuer(String value) {
        setOption(Option.ISSUER.key(), value);
    }

    /** Sets {@code audience}; see README.md's option table. */
    public void setAudience(String value) {
        setOption(Option.AUDIENCE.key(), value);
    }

    /** Sets {@code algorithms}; see README.md's option table. */
    public void setAlgorithms(String value) {
        setOption(Option.ALGORITHMS.key(), value);
    }

    /** Sets {@code userClaim}; see README.md's option table. */
    public void setUserClaim(String value) {
        setOption(Option.USER_CLAIM.key(), value);
    }

    /** Sets {@code groupsClaim}; see README.md's option table. */
    public void setGroupsClaim(String value) {
        setOption(Option.GROUPS_CLAIM.key(), value);
    }

    /** Sets {@code clockSkew}; see README.md's option table. */
    public void setClockSkew(String value) {
        setOption(Option.CLOCK_SKEW.key(), value);
    }

    /** Sets {@code assertionSigner}; see README.md's option table. */
    public void setAssertionSigner(String value) {
        setOption(Option.ASSERTION_SIGNER.key(), value);
    }

    /** Sets {@code untrustedHeaders}; see README.md's option table. */
    public void setUntrustedHeaders(String value) {
        setOption(Option.UNTRUSTED_HEADERS.key(), value);
    }

    /** Sets {@code groupsHeader}; see README.md's option table. */
    public void setGroupsHeader(String value) {
        setOption(Option.GROUPS_HEADER.key(), value);
    }

    /** Sets {@code groupsSeparator}; see README.md's option table. */
    public void setGroupsSeparator(String value) {
        setOption(Option.GROUPS_SEPARATOR.key(), value);
    }

    /** Sets {@code maxGroups}; see README.md's option table. */
    public void setMaxGroups(String value) {
        setOption(Option.MAX_GROUPS.key(), value);
    }

    /** Sets {@code attributeHeaders}; see README.md's option table. */
    public void setAttributeHeaders(String value) {
        setOption(Option.ATTRIBUTE_HEADERS.key(), value);
    }

    /** Sets {@code usernamePattern}; see README.md's option table. */
    public void setUsernamePattern(String value) {
        setOption(Option.USERNAME_PATTERN.key(), value);
    }

    /** Sets {@code stripRealm}; see README.md's option table. */
    public void setStripRealm(String value) {
        setOption(Option.STRIP_REALM.key(), value);
    }

    /** Sets {@code stripDomain}; see README.md's option table. */
    public void setStripDomain(String value) {
        setOption(Option.STRIP_DOMAIN.key(), value);
    }

    /** Sets {@code lowercaseUsername}; see README.md's option table. */
    public void setLowercaseUsername(String value) {
        setOption(Option.LOWERCASE_USERNAME.key(), value);
    }

    /** Sets {@code defaultRoles}; see README.md's option table. */
    public void setDefaultRoles(String value) {
        setOption(Option.DEFAULT_ROLES.key(), value);
    }

    /** Sets {@code roleMapping}; see README.md's option table. */
    public void setRoleMapping(String value) {
        setOption(Option.ROLE_MAPPING.key(), value);
    }

    /** Sets {@code excludedGroups}; see README.md's option table. */
    public void setExcludedGroups(String value) {
        setOption(Option.EXCLUDED_GROUPS.key(), value);
    }

    /** Sets {@code mode}; see README.md's option table. */
    public void setMode(String value) {
        setOption(Option.MODE.key(), value);
    }

    /** Sets {@code headerPaths}; see README.md's option table. */
    public void setHeaderPaths(String value) {
        setOption(Option.HEADER_PATHS.key(), value);
    }

    /** Sets {@code requireHeader}; see README.md's option table. */
    public void setRequireHeader(String value) {
        setOption(Option.REQUIRE_HEADER.key(), value);
    }

    /** Sets {@code diagnosticsPath}; see README.md's option table. */
    public void setDiagnosticsPath(String value) {
        setOption(Option.DIAGNOSTICS_PATH.key(), value);
    }

    /** Sets {@code logoutPath}; see README.md's option table. */
    public void setLogoutPath(String value) {
        setOption(Option.LOGOUT_PATH.key(), value);
    }

    /** Sets {@code logoutRedirect}; see README.md's option table. */
    public void setLogoutRedirect(String value) {
        setOption(Option.LOGOUT_REDIRECT.key(), value);
    }

    /** Sets {@code sessionKeyFile}; see README.md's option table. */
    public void setSessionKeyFile(String value) {
        setOption(Option.SESSION_KEY_FILE.key(), value);
    }

    /** Sets {@code createUnknownUsers}; see README.md's option table. */
    public void setCreateUnknownUsers(String value) {
        setOption(Option.CREATE_UNKNOWN_USERS.key(), value);
    }

    /** Sets {@code userStore}; see README.md's option table. */
    public void setUserStore(String value) {
        setOption(Option.USER_STORE.key(), value);
    }

    /** Sets {@code jaasAppName}; see README.md's option table. */
    public void setJaasAppName(String value) {
        setOption(Option.JAAS_APP_NAME.key(), value);
    }

    /** Sets {@code jaasUserClasses}; see README.md's option table. */
    public void setJaasUserClasses(String value) {
        setOption(Option.JAAS_USER_CLASSES.key(), value);
    }

    /** Sets {@code jaasRoleClasses}; see README.md's option table. */
    public void setJaasRoleClasses(String value) {
        setOption(Option.JAAS_ROLE_CLASSES.key(), value);
    }

    /** Sets {@code identitySource}; see README.md's option table. */
    public void setIdentitySource(String value) {
        setOption(Option.IDENTITY_SOURCE.key(), value);
    }

    /** Sets {@code userCacheTtl}; see README.md's option table. */
    public void setUserCacheTtl(String value) {
        setOption(Option.USER_CACHE_TTL.key(), value);
    }

    /** Sets {@code userCacheSize}; see README.md's option table. */
    public void setUserCacheSize(String value) {
        setOption(Option.USER_CACHE_SIZE.key(), value);
    }

    /** Sets {@code userStoreTimeout}; see README.md's option table. */
    public void setUserStoreTimeout(String value) {
        setOption(Option.USER_STORE_TIMEOUT.key(), value);
    }
}
