package dev.remoteuser.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The demo's sample page: an unchanged webapp's view of the request, through the standard servlet API only.
 */
final class WhoAmIServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private final String server;

    WhoAmIServlet(String server) {
        this.server = server;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("server: " + server + ", page " + request.getRequestURI());
        out.println("user: " + (request.getRemoteUser() == null ? "(anonymous)" : request.getRemoteUser()));
        out.println("auth type: " + request.getAuthType());
        out.println("isUserInRole(admin): " + yesNo(request.isUserInRole("admin"))
                + ", isUserInRole(staff): " + yesNo(request.isUserInRole("staff")));
        out.println("groups: " + request.getAttribute("dev.remoteuser.groups"));
        for (String header : new String[] {"Remote-User", "Remote_User", "Remote-Groups"}) {
            String value = request.getHeader(header);
            out.println(header + " header seen by the app: " + (value == null ? "(none)" : value));
        }
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
