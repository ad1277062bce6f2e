package dev.remoteuser.jetty;

import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;

/** The request as the webapp sees it: Jetty's headers are immutable, so the removed ones are hidden by a wrapper. */
final class HeaderFilteringRequest extends Request.Wrapper {

    private final HttpFields headers;

    HeaderFilteringRequest(Request request, Set<String> removed) {
        super(request);
        HttpFields.Mutable remaining = HttpFields.build(request.getHeaders());
        removed.forEach(remaining::remove);
        this.headers = remaining.asImmutable();
    }

    @Override
    public HttpFields getHeaders() {
        return headers;
    }
}
