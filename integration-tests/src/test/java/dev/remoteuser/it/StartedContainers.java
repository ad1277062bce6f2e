package dev.remoteuser.it;

import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startables;

/** The containers a test class started on its own network, stopped in reverse order with the network at the end. */
final class StartedContainers implements AutoCloseable {

    private final Network network = Network.newNetwork();
    private final List<GenericContainer<?>> started = new ArrayList<>();

    Network network() {
        return network;
    }

    /** Starts the container (on this network, as the caller configured it) and remembers it for {@link #close}. */
    <T extends GenericContainer<?>> T start(T container) {
        started.add(container);
        container.start();
        return container;
    }

    /** Starts the containers at once (nodes that wait for each other's names), remembering them for {@link #close}. */
    void startTogether(List<? extends GenericContainer<?>> containers) {
        started.addAll(containers);
        Startables.deepStart(containers).join();
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop();
        }
        network.close();
    }
}
