package dev.remoteuser.bench;

import dev.remoteuser.core.Identity;
import dev.remoteuser.core.RequestView;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A prepared request for the microbenchmarks: what an adapter's view answers, with headers in a case-insensitive map
 * (as containers look them up), no session and no TLS.
 */
final class BenchRequest implements RequestView {

    private final String peer;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final List<String> names = new ArrayList<>();

    BenchRequest(String peer, String... nameValues) {
        this.peer = peer;
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.computeIfAbsent(nameValues[i], k -> new ArrayList<>()).add(nameValues[i + 1]);
            names.add(nameValues[i]);
        }
        headers.put("Host", List.of("app.example.com"));
        headers.put("Accept", List.of("*/*"));
        names.add("Host");
        names.add("Accept");
    }

    @Override
    public String peerAddress() {
        return peer;
    }

    @Override
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name, List.of());
    }

    @Override
    public Collection<String> headerNames() {
        return names;
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public List<X509Certificate> clientCertificates() {
        return List.of();
    }

    @Override
    public String path() {
        return "/app/page";
    }

    @Override
    public boolean hasSession() {
        return false;
    }

    @Override
    public Optional<Identity> sessionIdentity() {
        return Optional.empty();
    }
}
