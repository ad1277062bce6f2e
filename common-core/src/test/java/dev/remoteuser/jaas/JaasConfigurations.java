package dev.remoteuser.jaas;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;

/** JAAS login configurations built in code, installed as the JVM-wide configuration for one test. */
final class JaasConfigurations {

    private final Map<String, AppConfigurationEntry[]> entries = new LinkedHashMap<>();

    /** Adds an entry: alternating module class, control flag and options map. */
    JaasConfigurations entry(String name, Object... modules) {
        AppConfigurationEntry[] list = new AppConfigurationEntry[modules.length / 3];
        for (int i = 0; i < modules.length; i += 3) {
            @SuppressWarnings("unchecked")
            Map<String, ?> options = (Map<String, ?>) modules[i + 2];
            list[i / 3] = new AppConfigurationEntry(((Class<?>) modules[i]).getName(),
                    (LoginModuleControlFlag) modules[i + 1], options);
        }
        entries.put(name, list);
        return this;
    }

    /** Installs it; returns what was installed before, to restore. */
    Configuration install() {
        Configuration previous;
        try {
            previous = Configuration.getConfiguration();
        } catch (SecurityException e) {
            previous = null;
        }
        Configuration.setConfiguration(new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return entries.get(name);
            }
        });
        return previous;
    }

    static final LoginModuleControlFlag REQUIRED = LoginModuleControlFlag.REQUIRED;
    static final LoginModuleControlFlag REQUISITE = LoginModuleControlFlag.REQUISITE;
    static final LoginModuleControlFlag OPTIONAL = LoginModuleControlFlag.OPTIONAL;

    static List<String> names(java.util.Set<? extends java.security.Principal> principals) {
        return principals.stream().map(p -> p.getClass().getSimpleName() + ":" + p.getName()).sorted().toList();
    }
}
