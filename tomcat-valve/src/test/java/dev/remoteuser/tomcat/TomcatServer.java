package dev.remoteuser.tomcat;

import dev.remoteuser.testsupport.client.HttpProbe;
import dev.remoteuser.testsupport.client.Reply;
import dev.remoteuser.testsupport.webapp.ReportServlet;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Valve;
import org.apache.catalina.Wrapper;
import org.apache.catalina.authenticator.BasicAuthenticator;
import org.apache.catalina.authenticator.FormAuthenticator;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;

/**
 * An embedded Tomcat with one webapp at {@code /app}: {@code /public/*} (no constraint), {@code /secure/*} (role
 * staff), {@code /admin/*} (role admin), {@code /async/*}, and a {@link TestRealm}. The valve sits at Engine level
 * unless {@link #valveInContext()} is called.
 */
final class TomcatServer implements AutoCloseable {

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<Valve> valvesBefore = new ArrayList<>();
    private final TestRealm realm = new TestRealm().user("admin", "secret", "admin", "staff")
            .user("alice", "alice-pw", "manager");
    private String loginMethod;
    private boolean valveInContext;
    private Tomcat tomcat;
    private RemoteUserValve valve;
    private Context context;

    /** The configuration built in code that the valve is made with, instead of options; null for options. */
    private dev.remoteuser.core.RemoteUserConfig config;

    /** A server whose valve is made with a configuration built in code (what embedders do). */
    static TomcatServer withConfig(dev.remoteuser.core.RemoteUserConfig config) {
        TomcatServer server = new TomcatServer();
        server.config = config;
        return server;
    }

    /** Adds one server.xml attribute to the valve. */
    TomcatServer option(String name, String value) {
        options.put(name, value);
        return this;
    }

    /** A server whose valve has these options (alternating names and values). */
    static TomcatServer withOptions(String... nameValues) {
        TomcatServer server = new TomcatServer();
        for (int i = 0; i < nameValues.length; i += 2) {
            server.options.put(nameValues[i], nameValues[i + 1]);
        }
        return server;
    }

    /** Gives the webapp a {@code <login-config>} with this method (BASIC or FORM). */
    TomcatServer login(String method) {
        this.loginMethod = method;
        return this;
    }

    private Class<? extends org.apache.catalina.core.StandardContext> contextClass;

    /** Makes the webapp's context of this class (public, with a public no-argument constructor), as server.xml can. */
    TomcatServer contextClass(Class<? extends org.apache.catalina.core.StandardContext> type) {
        this.contextClass = type;
        return this;
    }

    /** The webapp's context (of the {@link #contextClass} given, if one was). */
    Context context() {
        return context;
    }

    private boolean plainConnectorSecure;
    private org.apache.catalina.connector.Connector ajp;

    /** Adds an AJP/1.3 connector on loopback without a secret (the tests are its only client). */
    TomcatServer ajp() {
        ajp = new org.apache.catalina.connector.Connector("AJP/1.3");
        ajp.setPort(0);
        ajp.setProperty("address", "127.0.0.1");
        ajp.setProperty("secretRequired", "false");
        return this;
    }

    int ajpPort() {
        return ajp.getLocalPort();
    }

    /** Marks the plain HTTP connector {@code secure="true"} (what an operator does behind a TLS-terminating proxy). */
    TomcatServer plainConnectorSecure() {
        this.plainConnectorSecure = true;
        return this;
    }

    TomcatServer valveInContext() {
        this.valveInContext = true;
        return this;
    }

    /** Puts another valve in front of ours, in the same pipeline. */
    TomcatServer before(Valve other) {
        valvesBefore.add(other);
        return this;
    }

    TestRealm realm() {
        return realm;
    }

    RemoteUserValve valve() {
        return valve;
    }

    private dev.remoteuser.testsupport.fixture.TestPki pki;
    private org.apache.catalina.connector.Connector https;

    /** Adds an HTTPS connector that requires a client certificate trusted by the PKI's server truststore. */
    TomcatServer tls(dev.remoteuser.testsupport.fixture.TestPki pki) {
        this.pki = pki;
        return this;
    }

    /** A client of the HTTPS connector presenting this key pair (proxy, stranger, or null for none). */
    dev.remoteuser.testsupport.client.HttpProbe httpsProbe(String keyPair) throws Exception {
        return new dev.remoteuser.testsupport.client.HttpProbe("localhost", https.getLocalPort(), pki.clientContext(keyPair));
    }

    private void addHttpsConnector() {
        https = new org.apache.catalina.connector.Connector("HTTP/1.1");
        https.setPort(0);
        https.setSecure(true);
        https.setScheme("https");
        https.setProperty("SSLEnabled", "true");
        org.apache.tomcat.util.net.SSLHostConfig ssl = new org.apache.tomcat.util.net.SSLHostConfig();
        ssl.setCertificateVerification("required");
        ssl.setTruststoreFile(pki.truststore("server-trust.p12").toString());
        ssl.setTruststorePassword(dev.remoteuser.testsupport.fixture.TestPki.PASSWORD);
        ssl.setTruststoreType("PKCS12");
        org.apache.tomcat.util.net.SSLHostConfigCertificate certificate =
                new org.apache.tomcat.util.net.SSLHostConfigCertificate(ssl,
                        org.apache.tomcat.util.net.SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystoreFile(pki.keystore("server").toString());
        certificate.setCertificateKeystorePassword(dev.remoteuser.testsupport.fixture.TestPki.PASSWORD);
        certificate.setCertificateKeystoreType("PKCS12");
        ssl.addCertificate(certificate);
        https.addSslHostConfig(ssl);
        tomcat.getService().addConnector(https);
    }

    TomcatServer start() throws LifecycleException, IOException {
        tomcat = new Tomcat();
        File base = Files.createTempDirectory("tomcat").toFile();
        tomcat.setBaseDir(base.getAbsolutePath());
        tomcat.setPort(0);
        tomcat.getConnector().setSecure(plainConnectorSecure);
        if (pki != null) {
            addHttpsConnector();
        }
        if (ajp != null) {
            tomcat.getService().addConnector(ajp);
        }
        if (contextClass != null) {
            ((org.apache.catalina.core.StandardHost) tomcat.getHost()).setContextClass(contextClass.getName());
        }
        context = tomcat.addContext("/app", base.getAbsolutePath());
        context.setRealm(realm);
        addServlets();
        context.addSecurityRole("staff");
        context.addSecurityRole("admin");
        constrain("/secure/*", "staff");
        constrain("/admin/*", "admin");
        if (loginMethod != null) {
            context.setLoginConfig(new LoginConfig(loginMethod, "test", "/public/login-form", "/public/login-error"));
            context.getPipeline().addValve(loginMethod.equals("FORM") ? new FormAuthenticator()
                    : new BasicAuthenticator());
        }
        valve = config != null ? new RemoteUserValve(config) : new RemoteUserValve();
        // the way server.xml attributes arrive: Tomcat's digester sets them through IntrospectionUtils
        options.forEach((name, value) -> {
            if (!org.apache.tomcat.util.IntrospectionUtils.setProperty(valve, name, value)) {
                throw new IllegalStateException("Tomcat could not set " + name);
            }
        });
        var pipeline = valveInContext ? context.getPipeline() : tomcat.getEngine().getPipeline();
        valvesBefore.forEach(pipeline::addValve);
        pipeline.addValve(valve);
        tomcat.start();
        return this;
    }

    private void addServlets() {
        addServlet("report", new ReportServlet(), false, "/public/*", "/secure/*", "/admin/*", "/login/*");
        addServlet("async", new AsyncReportServlet(), true, "/async/*");
    }

    /**
     * Restarts the webapp as a reload in a running server does ({@code StandardContext.reload()}: stop, start), with
     * {@code whileStopped} run in between; the servlets are added again, as their web.xml would be.
     */
    void restartWebapp(java.util.function.Consumer<Context> whileStopped) throws LifecycleException {
        context.stop();
        whileStopped.accept(context);
        addServlets();
        context.start();
    }

    private void addServlet(String name, jakarta.servlet.Servlet servlet, boolean async, String... patterns) {
        Wrapper wrapper = Tomcat.addServlet(context, name, servlet);
        wrapper.setAsyncSupported(async);
        for (String pattern : patterns) {
            context.addServletMappingDecoded(pattern, name);
        }
    }

    private void constrain(String pattern, String role) {
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.addAuthRole(role);
        SecurityCollection collection = new SecurityCollection();
        collection.addPatternDecoded(pattern);
        constraint.addCollection(collection);
        context.addConstraint(constraint);
    }

    /** Sessions the webapp's manager has created since it started. */
    long sessionsCreated() {
        return context.getManager().getSessionCounter();
    }

    int port() {
        return tomcat.getConnector().getLocalPort();
    }

    /** Sends a GET from loopback with these headers (alternating names and values; repeat a name for duplicates). */
    Reply get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        return probe().get(pathAndQuery, headers);
    }

    /** A client for this server from loopback. */
    HttpProbe probe() {
        return new HttpProbe("127.0.0.1", port());
    }

    @Override
    public void close() throws LifecycleException {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
