package dev.remoteuser.tomcat;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.realm.RealmBase;

/** An in-memory Realm (like tomcat-users.xml) that counts password-less look-ups and can be made to fail. */
public class TestRealm extends RealmBase {

    private record User(String password, List<String> roles) {
    }

    private final Map<String, User> users = new ConcurrentHashMap<>();
    final AtomicInteger lookups = new AtomicInteger();
    volatile Fault fault = Fault.NONE;
    /** When set, every look-up waits for it to open first (a slow directory), at most 30 seconds. */
    volatile CountDownLatch hold;

    /** How the realm fails. */
    enum Fault {
        NONE,
        /** The look-up throws. */
        THROWS,
        /** Like a DataSourceRealm without a connection: the look-up answers null, the realm reports itself down. */
        UNAVAILABLE,
        /**
         * Like a DataSourceRealm while its database comes back: one look-up answers null although the realm reports
         * itself available (its query failed on a connection it got, or another thread's connection reset the
         * realm's one shared flag); the next one answers.
         */
        NULL_ONCE
    }

    TestRealm user(String name, String password, String... roles) {
        users.put(name, new User(password, List.of(roles)));
        return this;
    }

    @Override
    protected String getPassword(String username) {
        User user = users.get(username);
        return user == null ? null : user.password();
    }

    @Override
    protected Principal getPrincipal(String username) {
        lookups.incrementAndGet();
        CountDownLatch held = hold;
        if (held != null) {
            try {
                held.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        if (fault == Fault.THROWS) {
            throw new IllegalStateException("user database unreachable");
        }
        if (fault == Fault.UNAVAILABLE) {
            return null;
        }
        if (fault == Fault.NULL_ONCE) {
            fault = Fault.NONE;
            return null;
        }
        User user = users.get(username);
        return user == null ? null : new GenericPrincipal(username, user.roles());
    }

    @Override
    public boolean isAvailable() {
        return fault != Fault.UNAVAILABLE;
    }
}
