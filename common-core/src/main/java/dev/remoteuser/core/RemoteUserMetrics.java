package dev.remoteuser.core;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.ReflectionException;

/**
 * The plugin's JMX view, the same on both containers: one read-only numeric attribute ({@code long}) per counter of
 * {@link DecisionCounters#snapshot()} (outcomes, reason codes, stripped forged headers per identity header) and the
 * effective options as {@code configuration}, the text of the startup line. Generic scrapers (the Prometheus JMX
 * exporter, jconsole, Jolokia) read it like Tomcat's own request counters.
 * <p>
 * Registered on the platform MBean server under a name that depends only on where the plugin is installed, never
 * on an identity hash, so it is the same at every start:
 * {@code dev.remoteuser:type=RemoteUserAuth,container=Tomcat,engine=Catalina,host=localhost} for a valve in a Host,
 * {@code dev.remoteuser:type=RemoteUserAuth,container=Jetty,context=/app} for a Jetty webapp. A second instance with
 * the same name (two servers in one JVM) gets {@code ,instance=2} and so on.
 */
public final class RemoteUserMetrics implements DynamicMBean {

    /** The ObjectName domain. */
    public static final String DOMAIN = "dev.remoteuser";
    /** The ObjectName type. */
    public static final String TYPE = "RemoteUserAuth";

    private static final Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z0-9/._@#+-]*");
    private static final int MAX_INSTANCES = 100;

    private final DecisionCounters counters;
    private final String configuration;
    private final MBeanInfo info;
    private volatile ObjectName registeredAs;

    /**
     * @param counters      the counters to publish
     * @param configuration the effective options ({@code RemoteUserConfig.toString()})
     */
    public RemoteUserMetrics(DecisionCounters counters, String configuration) {
        this.counters = counters;
        this.configuration = configuration;
        List<MBeanAttributeInfo> attributes = new ArrayList<>();
        attributes.add(new MBeanAttributeInfo("configuration", String.class.getName(),
                "The effective options (secrets masked)", true, false, false));
        for (String name : counters.snapshot().keySet()) {
            attributes.add(new MBeanAttributeInfo(name, long.class.getName(), "Requests since startup: " + name,
                    true, false, false));
        }
        this.info = new MBeanInfo(RemoteUserMetrics.class.getName(),
                "Trusted-proxy (REMOTE_USER) authentication: requests per outcome, reason and stripped header",
                attributes.toArray(new MBeanAttributeInfo[0]), null, null, null);
    }

    /**
     * The name for an installation: {@code container} and then the scope keys in their order ({@code engine},
     * {@code host}, {@code context} ...). An empty value (the root context's path) is written {@code /}; a value
     * outside {@code [A-Za-z0-9/._@#+-]} is quoted.
     */
    public static ObjectName objectName(String container, Map<String, String> scope) {
        StringBuilder name = new StringBuilder(DOMAIN).append(":type=").append(TYPE).append(",container=")
                .append(value(container));
        scope.forEach((key, value) -> name.append(',').append(key).append('=').append(value(value)));
        try {
            return new ObjectName(name.toString());
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not an ObjectName: " + name, e);
        }
    }

    private static String value(String value) {
        if (value.isEmpty()) {
            return "/";
        }
        return PLAIN_VALUE.matcher(value).matches() ? value : ObjectName.quote(value);
    }

    /**
     * Registers this view on the platform MBean server under {@code name}, or the first free {@code
     * name,instance=N}.
     *
     * @return the name it was registered under
     * @throws IllegalStateException when JMX refuses it
     */
    public ObjectName register(ObjectName name) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (int instance = 1; instance <= MAX_INSTANCES; instance++) {
            try {
                ObjectName candidate = instance == 1 ? name : new ObjectName(name.getDomain() + ":"
                        + name.getKeyPropertyListString() + ",instance=" + instance);
                server.registerMBean(this, candidate);
                registeredAs = candidate;
                return candidate;
            } catch (InstanceAlreadyExistsException taken) {
                // try the next instance number
            } catch (JMException e) {
                throw new IllegalStateException("cannot register " + name + " for JMX", e);
            }
        }
        throw new IllegalStateException("more than " + MAX_INSTANCES + " instances named " + name);
    }

    /** Removes this view from the platform MBean server, if it is registered. */
    public void unregister() {
        ObjectName name = registeredAs;
        registeredAs = null;
        if (name != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            } catch (InstanceNotFoundException gone) {
                // already gone
            } catch (JMException e) {
                throw new IllegalStateException("cannot unregister " + name, e);
            }
        }
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        if ("configuration".equals(attribute)) {
            return configuration;
        }
        Long value = counters.snapshot().get(attribute);
        if (value == null) {
            throw new AttributeNotFoundException(attribute);
        }
        return value;
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        Map<String, Long> snapshot = counters.snapshot();
        AttributeList list = new AttributeList();
        for (String attribute : attributes) {
            if ("configuration".equals(attribute)) {
                list.add(new Attribute(attribute, configuration));
            } else if (snapshot.containsKey(attribute)) {
                list.add(new Attribute(attribute, snapshot.get(attribute)));
            }
        }
        return list;
    }

    /** Read-only: always refused. */
    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    /** Read-only: sets nothing. */
    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    /** No operations. */
    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) throws ReflectionException {
        throw new ReflectionException(new NoSuchMethodException(actionName), "no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return info;
    }
}
