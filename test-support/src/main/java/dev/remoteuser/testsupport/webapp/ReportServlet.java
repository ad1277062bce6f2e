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
 * data}), {@code ?logout=1} calls {@code request.logout()} first. {@code ?plant=KIND} makes a session and puts a
 * forgery of an admin's identity under the plugin's session attribute, as a webapp could: {@code identity} (the core's
 * {@code Identity} object, when the webapp can load the class), {@code name} (the string {@code admin}), {@code
 * forged-mac} (a sealed identity's format with a MAC the webapp made up).
 */
public class ReportServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The roles whose {@code isUserInRole} answers are reported. */
    public static final String[] ROLES = {"staff", "admin", "manager", "user", "*"};
    /** The session attribute in which the plugin keeps the identity it logged in. */
    public static final String IDENTITY_ATTRIBUTE = "dev.remoteuser.identity";
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
        if (request.getParameter("plant") != null) {
            request.getSession(true).setAttribute(IDENTITY_ATTRIBUTE, forgery(request.getParameter("plant")));
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
        // which node of a cluster answered (the NODE_NAME environment variable; null outside a cluster test)
        report.put("node", System.getenv("NODE_NAME"));
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

    /** A forged identity of the user {@code admin} (roles admin and staff) of this kind. */
    static Object forgery(String kind) throws ServletException {
        switch (kind) {
            case "identity":
                try {
                    return Class.forName("dev.remoteuser.core.decision.Identity").getConstructor(String.class,
                            java.util.Set.class, java.util.Set.class, java.util.Map.class).newInstance("admin",
                            java.util.Set.of("admin", "staff"), java.util.Set.of("admins"), java.util.Map.of());
                } catch (ReflectiveOperationException e) {
                    throw new ServletException("cannot make an Identity here", e);
                }
            case "name":
                return "admin";
            case "forged-mac":
                try {
                    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
                    out.writeUTF("admin");
                    out.writeInt(2);
                    out.writeUTF("admin");
                    out.writeUTF("staff");
                    out.writeInt(0);
                    out.writeInt(0);
                    out.flush();
                    java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
                    byte[] mac = new byte[32];
                    new java.security.SecureRandom().nextBytes(mac);
                    return "v1." + base64.encodeToString(bytes.toByteArray()) + "." + base64.encodeToString(mac);
                } catch (IOException e) {
                    throw new ServletException(e);
                }
            default:
                throw new ServletException("no such forgery: " + kind);
        }
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
