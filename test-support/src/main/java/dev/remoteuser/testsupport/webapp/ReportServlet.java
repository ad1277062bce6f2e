package dev.remoteuser.testsupport.webapp;

import dev.remoteuser.testsupport.client.FlatJson;

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
 * What a webapp sees, as one flat JSON object, on any container: principal, remote user, auth type, a fixed list
 * of role answers, the session id, every identity-header spelling, and the attributes. {@code ?session=create} makes
 * the webapp create a session, {@code ?store=VALUE} creates one and keeps {@code VALUE} in it (reported as {@code
 * data}), {@code ?logout=1} calls {@code request.logout()} first.
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
        if (request.getParameter("store") != null) {
            request.getSession(true).setAttribute("data", request.getParameter("store"));
        }
        response.setContentType("text/plain;charset=UTF-8");
        report(request, response.getWriter());
    }

    /** Writes the report for this request as one flat JSON object. */
    public static void report(HttpServletRequest request, PrintWriter out) {
        java.util.Map<String, Object> report = new java.util.LinkedHashMap<>();
        Principal principal = request.getUserPrincipal();
        report.put("principal", principal == null ? "none" : principal.getName());
        report.put("remoteUser", request.getRemoteUser());
        report.put("authType", request.getAuthType());
        for (String role : ROLES) {
            report.put("role." + role, request.isUserInRole(role));
        }
        HttpSession session = request.getSession(false);
        report.put("session", session == null ? "none" : session.getId());
        report.put("data", session == null ? null : (String) session.getAttribute("data"));
        for (String header : HEADERS) {
            report.put("header." + header, request.getHeader(header) + "/"
                    + Collections.list(request.getHeaders(header)).size());
        }
        report.put("headerNames", String.join(",", Collections.list(request.getHeaderNames())));
        Object email = principalAttribute(principal, "email");
        report.put("principalAttribute.email", email == null ? null : email.toString());
        Object requestEmail = request.getAttribute("dev.remoteuser.attribute.email");
        report.put("requestAttribute.email", requestEmail == null ? null : requestEmail.toString());
        Object groups = request.getAttribute("dev.remoteuser.groups");
        report.put("groups", groups == null ? null : groups.toString());
        out.println(FlatJson.write(report));
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
