/**
 * JAAS for remote-user-auth: {@link dev.remoteuser.jaas.RemoteUserLoginModule}, which only ever accepts an identity
 * our adapters vouched for; {@link dev.remoteuser.jaas.PropertiesRolesLoginModule}, a small module that adds roles
 * from a properties file; and {@link dev.remoteuser.jaas.JaasUserStore}, which runs a JAAS login for
 * {@code userStore="jaas"}. JDK only.
 */
package dev.remoteuser.jaas;
