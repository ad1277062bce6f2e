package dev.remoteuser.jetty;

import dev.remoteuser.core.config.Option;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plugin's options as a JavaBean, so Jetty XML can write {@code <Set name="trustedProxies">10.0.0.5</Set>} with
 * the same names as server.xml and JAAS. The jetty-base module adds one to the Server; a context XML can hand one to
 * {@link RemoteUserAuthenticatorFactory}. Values are checked when the authenticator is created, all at once.
 */
public class RemoteUserSettings {

    private final Map<String, String> options = new LinkedHashMap<>();

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
