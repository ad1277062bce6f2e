package dev.remoteuser.core.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for the plugin's own background work (user-store look-ups, key fetches). They are created from request
 * threads of some webapp, so they inherit nothing from them: no inheritable thread locals, no context class loader
 * (a webapp's loader would be pinned for the thread's life), and they are daemons, so they never keep a container
 * from stopping.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A factory whose threads are named {@code prefix-1}, {@code prefix-2} ... */
    public static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(null, task, prefix + "-" + count.incrementAndGet(), 0, false);
            thread.setDaemon(true);
            thread.setContextClassLoader(null);
            return thread;
        };
    }
}
