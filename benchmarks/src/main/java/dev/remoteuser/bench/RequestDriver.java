package dev.remoteuser.bench;

import java.util.Locale;

/**
 * Serves whole requests of one embedded container without the network, one at a time on the calling thread, so that
 * what an authenticating component adds to a request can be timed apart from the socket and the load generator
 * ({@link InProcessPairs}, {@link WholeRequestBenchmark}).
 */
interface RequestDriver extends AutoCloseable {

    /** What authenticates the requests, in front of the load servers' servlet. */
    enum Variant {
        /** Nothing: the container without authentication. */
        NONE,
        /** The floor of any authenticating component: reads the user header, sets a principal with the role. */
        FLOOR,
        /** The floor plus the container calls the plugin's checks and promises need. */
        FLOOR_CALLS,
        /** The plugin with the load servers' options. */
        PLUGIN;

        /** The name in result files: {@code none}, {@code floor}, {@code floor-calls}, {@code plugin}. */
        String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The servlet's answer with this variant: the user and whether it has role1. */
        String expectedBody() {
            return this == NONE ? "ok null false\n" : "ok user1 true\n";
        }
    }

    /** The containers there is a driver for. */
    enum Container {
        /** Tomcat, the variants as engine valves ({@link TomcatDriver}). */
        TOMCAT("valve"),
        /** Jetty, the variants as the security handler's authenticator ({@link JettyDriver}). */
        JETTY("authenticator");

        /** What the plugin is on this container, as the report names it. */
        final String plugin;

        Container(String plugin) {
            this.plugin = plugin;
        }

        /** The name in result files and on the command line: {@code tomcat}, {@code jetty}. */
        String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The container's name for people: {@code Tomcat}, {@code Jetty}. */
        String title() {
            return name().charAt(0) + key().substring(1);
        }

        /** A started container with the variant, checked to answer one request as expected. */
        RequestDriver start(Variant variant) throws Exception {
            return switch (this) {
                case TOMCAT -> new TomcatDriver(variant);
                case JETTY -> new JettyDriver(variant);
            };
        }
    }

    /** Serves one request; answers the number of bytes its response wrote. */
    long serve() throws Exception;
}
