package dev.remoteuser.core.session;

/** The bytes of a session key file ({@code sessionKeyFile}); never shown, not even by {@link #toString()}. */
public final class SessionKey {

    private final byte[] bytes;

    SessionKey(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return "SessionKey[not shown]";
    }
}
