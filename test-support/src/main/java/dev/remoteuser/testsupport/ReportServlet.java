package dev.remoteuser.testsupport;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Collections;

/**
 * What a webapp sees, as {@code key=value} lines, on any container: principal, remote user, auth type, a fixed list
 * of role answers, the session id, every identity-header spelling, and the attributes. {@code ?session=create} makes
 * the webapp create a session, {@code ?logout=1} calls {@code request.logout()} first.
 */
public class ReportServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The roles whose {@code isUserInRole} answers are reported. */
    public static final String[] ROLES = {"staff", "admin", "manager", "user", "*"};
    /** The header spellings whose visibility is reported. */
    public static final String[] HEADERS = {"Remote-User", "remote-user", "Remote_User", "Remote.User",
        "Remote-Groups", "Remote-Email"};

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
        report(request, response.getWriter());
    }

    /** Writes the report for this request. */
    public static void report(HttpServletRequest request, PrintWriter out) {
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
        out.println("principalAttribute.email=" + principalAttribute(principal, "email"));
        out.println("requestAttribute.email=" + request.getAttribute("dev.remoteuser.attribute.email"));
        out.println("groups=" + request.getAttribute("dev.remoteuser.groups"));
    }

    /** {@code getAttribute(name)} of the container's principal (Tomcat's TomcatPrincipal, our Jetty principal). */
    private static Object principalAttribute(Principal principal, String name) {
        if (principal == null) {
            return null;
        }
        try {
            Method getAttribute = principal.getClass().getMethod("getAttribute", String.class);
            return getAttribute.invoke(principal, name);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
