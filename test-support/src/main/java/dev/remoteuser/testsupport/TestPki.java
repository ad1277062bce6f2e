package dev.remoteuser.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test certificates made with the JDK's keytool: a server (CN=localhost), the proxy (CN=proxy,O=Test, SAN
 * dns:proxy.test and uri:spiffe://test/proxy), a stranger (CN=stranger,O=Test, SAN dns:stranger.test) and a key server
 * (CN=jwks, SAN dns:jwks). The server's truststore trusts both client certificates, so pinning by name is what tells
 * them apart; the clients' truststore trusts the server and the key server. All passwords: changeit.
 */
public final class TestPki {

    public static final String PASSWORD = "changeit";

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** Creates everything in {@code dir}. */
    public static TestPki create(Path dir) throws IOException, InterruptedException {
        TestPki pki = new TestPki(dir);
        pki.keypair("server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
        pki.keypair("proxy", "CN=proxy,O=Test", "SAN=dns:proxy.test,uri:spiffe://test/proxy");
        pki.keypair("stranger", "CN=stranger,O=Test", "SAN=dns:stranger.test");
        pki.keypair("jwks", "CN=jwks", "SAN=dns:jwks");
        for (String name : List.of("server", "proxy", "stranger", "jwks")) {
            pki.keytool("-exportcert", "-rfc", "-alias", name, "-keystore", pki.keystore(name).toString(),
                    "-storepass", PASSWORD, "-file", dir.resolve(name + ".crt").toString());
        }
        pki.trust("server-trust.p12", "proxy", "stranger");
        pki.trust("client-trust.p12", "server", "jwks");
        return pki;
    }

    /** The files {@link #create} made earlier in {@code dir} (a copy inside a container, say). */
    public static TestPki at(Path dir) {
        return new TestPki(dir);
    }

    private void keypair(String alias, String dname, String san) throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-ext", san, "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore(alias).toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
    }

    private void trust(String store, String... aliases) throws IOException, InterruptedException {
        for (String alias : aliases) {
            keytool("-importcert", "-noprompt", "-alias", alias, "-file", dir.resolve(alias + ".crt").toString(),
                    "-storetype", "PKCS12", "-keystore", dir.resolve(store).toString(), "-storepass", PASSWORD);
        }
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }

    /** The PKCS12 keystore holding this key pair: server, proxy, stranger or jwks. */
    public Path keystore(String name) {
        return dir.resolve(name + ".p12");
    }

    /** A truststore: server-trust.p12 (the two client certificates) or client-trust.p12 (server and key server). */
    public Path truststore(String name) {
        return dir.resolve(name);
    }

    /** The certificate of server, proxy or stranger. */
    public X509Certificate certificate(String name) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(dir.resolve(name + ".crt"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** A client TLS context presenting this key pair (or none when null) and trusting the server. */
    public SSLContext clientContext(String keyPair) throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = null;
        if (keyPair != null) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore(keyPair))) {
                store.load(in, PASSWORD.toCharArray());
            }
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(truststore("client-trust.p12"))) {
            trust.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trusts = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trusts.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trusts.getTrustManagers(), null);
        return context;
    }
}
