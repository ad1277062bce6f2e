package dev.remoteuser.tomcat;

import dev.remoteuser.testsupport.webapp.ReportServlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Reports from an async thread: fails with 500 when any valve in the pipeline disabled async support. */
public class AsyncReportServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
        AsyncContext async = request.startAsync();
        async.start(() -> {
            try {
                response.setContentType("text/plain;charset=UTF-8");
                ReportServlet.report(request, response.getWriter());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } finally {
                async.complete();
            }
        });
    }
}
