package dev.remoteuser.core;

import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.request.RequestView;

import java.security.cert.X509Certificate;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request as a container would present it: header names matched case-insensitively, one value per field, in
 * arrival order. Shared with the benchmarks (this module's test jar), so a lookup costs what a container's does: the
 * lists it answers are its own, not copies.
 */
public class FakeRequest implements RequestView {

    private final String peer;
    /** Each header's values in arrival order, looked up case-insensitively as containers do. */
    private final Map<String, List<String>> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    /** The header names as spelled, each once, in arrival order. */
    private final List<String> names = new ArrayList<>();
    /** Every field as name and value, in arrival order. */
    private final List<Map.Entry<String, String>> fields = new ArrayList<>();
    private String path = "/app/page";
    /** Whether every read of a header value gives a new string, as a container decodes each request's values. */
    private boolean freshValues;
    private boolean session;
    private Object sessionValue;
    private String connectorUser;
    private final List<X509Certificate> certificates = new ArrayList<>();

    protected FakeRequest(String peer) {
        this.peer = peer;
    }

    /** A request from this connection peer. */
    public static FakeRequest from(String peer) {
        return new FakeRequest(peer);
    }

    /** A request from the default trusted proxy (loopback). */
    public static FakeRequest fromProxy() {
        return new FakeRequest("127.0.0.1");
    }

    /** Adds one header field (call twice for a duplicate). */
    public FakeRequest header(String name, String value) {
        values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        fields.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
        if (!names.contains(name)) {
            names.add(name);
        }
        return this;
    }

    /**
     * Makes every read of a header value return a new string of the same characters, as each request's values are
     * new strings in a container: their hashes are not known yet (benchmarks of a returning user need that).
     */
    public FakeRequest freshValues() {
        this.freshValues = true;
        return this;
    }

    public FakeRequest path(String path) {
        this.path = path;
        return this;
    }

    /** Gives the request a session that we did not log anyone into. */
    public FakeRequest withSession() {
        this.session = true;
        return this;
    }

    /**
     * Gives the request a session that remembers this identity, sealed under {@link Policies#SESSION_KEY_FILE} (the
     * key of every policy from {@link Policies#policy}).
     */
    public FakeRequest withSession(Identity identity) {
        return withSessionValue(Policies.SESSION_SEAL.seal(identity));
    }

    /** Gives the request a session whose identity attribute holds this value (anything a webapp may put there). */
    public FakeRequest withSessionValue(Object value) {
        this.session = true;
        this.sessionValue = value;
        return this;
    }

    /** The user name an AJP connector delivered. */
    public FakeRequest connectorUser(String name) {
        this.connectorUser = name;
        return this;
    }

    @Override
    public Optional<String> connectorUser() {
        return Optional.ofNullable(connectorUser);
    }

    @Override
    public String peerAddress() {
        return peer;
    }

    @Override
    public List<String> headerValues(String name) {
        List<String> found = values.getOrDefault(name, List.of());
        return freshValues ? found.stream().map(String::new).toList() : found;
    }

    @Override
    public Collection<String> headerNames() {
        return names;
    }

    @Override
    public int headerCount() {
        return fields.size();
    }

    @Override
    public CharSequence headerName(int index) {
        return fields.get(index).getKey();
    }

    @Override
    public String headerValue(int index) {
        String value = fields.get(index).getValue();
        return freshValues ? new String(value) : value;
    }

    /** A TLS connection whose client presented this verified chain (leaf first). */
    public FakeRequest clientCertificate(X509Certificate... chain) {
        certificates.addAll(List.of(chain));
        return this;
    }

    @Override
    public boolean isSecure() {
        return !certificates.isEmpty();
    }

    @Override
    public List<X509Certificate> clientCertificates() {
        return certificates;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public boolean hasSession() {
        return session;
    }

    @Override
    public Object sessionValue() {
        return sessionValue;
    }
}
