package dev.remoteuser.it;

/** A server under test: a distribution, the plugin's mode, and the names it has on the test network. */
record ServerKind(String distribution, String version, String mode) {

    /** The network alias of its container. */
    String alias() {
        return distribution + "-" + version.replace('.', '-') + "-" + mode;
    }

    boolean persistent() {
        return mode.equals("persistent");
    }

    @Override
    public String toString() {
        return distribution + " " + version + " (" + mode + ")";
    }
}
