package dev.remoteuser.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The README's demo: starts an embedded Tomcat and an embedded Jetty with the plugin (the same valve and
 * authenticator classes a deployment uses), prints the {@code curl} lines to try and what each shows, and runs until
 * Ctrl-C.
 *
 * <p>Usage: {@code java -jar remote-user-auth-demo.jar [TOMCAT_PORT [JETTY_PORT]]} (defaults 8081 and 8082).
 */
public final class Demo implements AutoCloseable {

    private final Tomcat tomcat;
    private final Server jetty;

    private Demo(Tomcat tomcat, Server jetty) {
        this.tomcat = tomcat;
        this.jetty = jetty;
    }

    /** Starts both containers on these ports (0: any free port), on 127.0.0.1 only. */
    public static Demo start(int tomcatPort, int jettyPort) throws Exception {
        Tomcat tomcat = DemoServers.tomcat(tomcatPort, DemoServers.OPTIONS);
        try {
            return new Demo(tomcat, DemoServers.jetty(jettyPort, DemoServers.OPTIONS));
        } catch (Exception e) {
            tomcat.stop();
            tomcat.destroy();
            throw e;
        }
    }

    public int tomcatPort() {
        return tomcat.getConnector().getLocalPort();
    }

    public int jettyPort() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    /** What to try on each server, in the order printed. */
    public List<Example> examples() {
        List<Example> all = new ArrayList<>();
        for (int port : new int[] {tomcatPort(), jettyPort()}) {
            all.addAll(Example.all(port));
        }
        return all;
    }

    /** The text printed at startup: the options, then each example's curl line and what it should show. */
    public String instructions() {
        StringBuilder out = new StringBuilder();
        out.append("\nremote-user-auth demo\n");
        out.append("  Tomcat on http://127.0.0.1:").append(tomcatPort()).append("/  (RemoteUserValve)\n");
        out.append("  Jetty  on http://127.0.0.1:").append(jettyPort()).append("/  (RemoteUserAuthenticator)\n");
        out.append("  plugin options: ").append(DemoServers.OPTIONS).append('\n');
        out.append("  /admin/ needs the role admin; 127.0.0.2 is a local address the plugin does not trust.\n\n");
        out.append("Try these (Tomcat first, then the same on Jetty):\n\n");
        for (Example example : examples()) {
            out.append("# ").append(example.title()).append('\n');
            out.append(example.curl()).append('\n');
            out.append("#   -> ").append(example.expectation()).append("\n\n");
        }
        out.append("Ctrl-C stops both servers.\n");
        return out.toString();
    }

    private static int port(String[] args, int at, int otherwise) {
        if (args.length <= at) {
            return otherwise;
        }
        try {
            int port = Integer.parseInt(args[at]);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + args[at] + "' is not a port; usage: ./scripts/demo.sh [TOMCAT_PORT"
                + " [JETTY_PORT]]");
    }

    /** Fails with one line when another program holds the port on 127.0.0.1 (the address the demo listens on). */
    private static void requireFree(int port, String server) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        } catch (IOException e) {
            throw new IllegalArgumentException("port " + port + " (" + server + ") is already in use; stop what holds"
                    + " it or give other ports: ./scripts/demo.sh TOMCAT_PORT JETTY_PORT");
        }
    }

    @Override
    public void close() throws Exception {
        try {
            jetty.stop();
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    /**
     * Starts the demo, or with a port that is taken or not a port, prints one line naming it and exits with 1
     * (nothing is left running).
     */
    public static void main(String[] args) throws Exception {
        int tomcatPort;
        int jettyPort;
        try {
            tomcatPort = port(args, 0, 8081);
            jettyPort = port(args, 1, 8082);
            requireFree(tomcatPort, "Tomcat");
            requireFree(jettyPort, "Jetty");
        } catch (IllegalArgumentException e) {
            System.out.println("demo: " + e.getMessage());
            System.exit(1);
            return;
        }
        Demo demo = start(tomcatPort, jettyPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                demo.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "demo-shutdown"));
        System.out.println(demo.instructions());
        stopped.await();
    }
}
