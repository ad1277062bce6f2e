package dev.remoteuser.jetty;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.Principal;
import java.util.Collections;

/**
 * What the webapp sees, as {@code key=value} lines. {@code ?session=create} makes the webapp create a session,
 * {@code ?logout=1} calls {@code request.logout()} first. Shared by the ee10 and ee11 webapps.
 */
public class ReportServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final String[] ROLES = {"staff", "admin", "manager", "user"};
    static final String[] HEADERS = {"Remote-User", "remote-user", "Remote_User", "Remote.User", "Remote-Groups",
        "Remote-Email"};

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if ("1".equals(request.getParameter("logout"))) {
            request.logout();
        }
        if ("create".equals(request.getParameter("session"))) {
            request.getSession(true);
        }
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        Principal principal = request.getUserPrincipal();
        out.println("principal=" + (principal == null ? "none" : principal.getName()));
        out.println("remoteUser=" + request.getRemoteUser());
        out.println("authType=" + request.getAuthType());
        for (String role : ROLES) {
            out.println("role." + role + "=" + request.isUserInRole(role));
        }
        HttpSession session = request.getSession(false);
        out.println("session=" + (session == null ? "none" : session.getId()));
        for (String header : HEADERS) {
            out.println("header." + header + "=" + request.getHeader(header) + "/"
                    + Collections.list(request.getHeaders(header)).size());
        }
        out.println("headerNames=" + String.join(",", Collections.list(request.getHeaderNames())));
        Object email = principal instanceof RemoteUserPrincipal p ? p.getAttribute("email").orElse(null) : null;
        out.println("principalAttribute.email=" + email);
        out.println("requestAttribute.email=" + request.getAttribute(RemoteUserAuthenticator.ATTRIBUTE_PREFIX
                + "email"));
        out.println("groups=" + request.getAttribute(RemoteUserAuthenticator.GROUPS_ATTRIBUTE));
    }
}
