package dev.remoteuser.testsupport;

import java.io.IOException;
import java.security.URIParameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import javax.security.auth.login.Configuration;

/**
 * The README's {@code jaas.conf}, written to a folder and installed as the JVM's JAAS configuration: entry
 * {@value #APP_NAME} stacks RemoteUserLoginModule and PropertiesRolesLoginModule over a roles file giving alice the
 * roles auditor and manager, and disabling carol.
 */
public final class JaasFixture implements AutoCloseable {

    /** The JAAS entry name. */
    public static final String APP_NAME = "remote-user-auth";

    private final Configuration previous;

    private JaasFixture(Configuration previous) {
        this.previous = previous;
    }

    /** Writes {@code jaas.conf} and {@code roles.properties} into {@code dir} and installs the configuration. */
    public static JaasFixture install(Path dir) throws IOException, NoSuchAlgorithmException {
        Path roles = Files.writeString(dir.resolve("roles.properties"), "alice=auditor,manager\ncarol=!disabled\n");
        Path conf = Files.writeString(dir.resolve("jaas.conf"), """
                remote-user-auth {
                    dev.remoteuser.jaas.RemoteUserLoginModule required;
                    dev.remoteuser.jaas.PropertiesRolesLoginModule required file="%s";
                };
                """.formatted(roles.toString().replace("\\", "/")));
        Configuration previous;
        try {
            previous = Configuration.getConfiguration();
        } catch (SecurityException e) {
            previous = null;
        }
        Configuration.setConfiguration(Configuration.getInstance("JavaLoginConfig", new URIParameter(conf.toUri())));
        return new JaasFixture(previous);
    }

    @Override
    public void close() {
        Configuration.setConfiguration(previous);
    }
}
