package dev.remoteuser.bench;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationProvider;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedGrantedAuthoritiesUserDetailsService;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedGrantedAuthoritiesWebAuthenticationDetails;
import org.springframework.security.web.authentication.preauth.RequestHeaderAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * Variant (c) of the load benchmark: what a Spring developer would configure instead of the plugin, without a Spring
 * context. {@code RequestHeaderAuthenticationFilter} takes the user from {@code Remote-User}; the details source maps
 * {@code Remote-Groups} through the same mapping as the plugin's ({@code g1=role1;g2=role2}) to authorities; the
 * servlet API filter makes {@code getRemoteUser()} and {@code isUserInRole()} answer from them. Like the plugin
 * configured per request, nothing is kept in a session. (Unlike the plugin it checks no peer address.)
 */
final class SpringHeaderChain {

    private SpringHeaderChain() {
    }

    static Filter create() {
        PreAuthenticatedAuthenticationProvider provider = new PreAuthenticatedAuthenticationProvider();
        provider.setPreAuthenticatedUserDetailsService(new PreAuthenticatedGrantedAuthoritiesUserDetailsService());
        RequestHeaderAuthenticationFilter headers = new RequestHeaderAuthenticationFilter();
        headers.setPrincipalRequestHeader("Remote-User");
        headers.setExceptionIfHeaderMissing(false);
        headers.setAuthenticationManager(new ProviderManager(provider));
        headers.setSecurityContextRepository(new RequestAttributeSecurityContextRepository());
        headers.setAuthenticationDetailsSource((HttpServletRequest request) ->
                new PreAuthenticatedGrantedAuthoritiesWebAuthenticationDetails(request, roles(request)));
        headers.afterPropertiesSet();
        SecurityContextHolderAwareRequestFilter servletApi = new SecurityContextHolderAwareRequestFilter();
        servletApi.setRolePrefix("");
        try {
            servletApi.afterPropertiesSet();
        } catch (jakarta.servlet.ServletException e) {
            throw new IllegalStateException(e);
        }
        SecurityContextHolderFilter context = new SecurityContextHolderFilter(
                new RequestAttributeSecurityContextRepository());
        FilterChainProxy proxy = new FilterChainProxy(new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE,
                context, headers, servletApi));
        proxy.afterPropertiesSet();
        return proxy;
    }

    /** Remote-Groups mapped like the plugin's roleMapping g1=role1;g2=role2. */
    private static List<GrantedAuthority> roles(HttpServletRequest request) {
        List<GrantedAuthority> roles = new ArrayList<>();
        String groups = request.getHeader("Remote-Groups");
        if (groups != null) {
            for (String group : groups.split(",")) {
                switch (group.trim()) {
                    case "g1" -> roles.add(new SimpleGrantedAuthority("role1"));
                    case "g2" -> roles.add(new SimpleGrantedAuthority("role2"));
                    default -> { }
                }
            }
        }
        return roles;
    }
}
