# DO NOT EDIT - See: https://jetty.org/docs/index.html

[description]
Trusted-proxy (REMOTE_USER) authentication: an authenticating reverse proxy passes the user in a header,
and every webapp sees it through getUserPrincipal(), getRemoteUser() and isUserInRole().

[tags]
security

[depend]
server
security

[lib]
lib/remote-user-auth/*.jar

[xml]
etc/remote-user-auth.xml

[ini-template]
## remote-user-auth options: the same names as Tomcat's valve attributes (see README.md).
## Only the proxy's own addresses may assert an identity. The address is checked whether or not this line is here;
## 'any' turns the check off, accepted only beside trustedProxyCertificates or signed assertions:
remoteuser.trustedProxies=127.0.0.0/8,::1
## Every other option, at its default:
# remoteuser.userHeader=Remote-User
# remoteuser.trustedProxyCertificates=
# remoteuser.proxySecretHeader=
# remoteuser.proxySecret=
# remoteuser.proxySecretFile=
# remoteuser.assertionProfile=
# remoteuser.assertionHeader=
# remoteuser.jwksUrl=
# remoteuser.jwksFile=
# remoteuser.issuer=
# remoteuser.audience=
# remoteuser.algorithms=
# remoteuser.userClaim=
# remoteuser.groupsClaim=
# remoteuser.clockSkew=30
# remoteuser.assertionSigner=
# remoteuser.untrustedHeaders=strip
# remoteuser.groupsHeader=
# remoteuser.groupsSeparator=,
# remoteuser.maxGroups=256
# remoteuser.attributeHeaders=
# remoteuser.usernamePattern=[A-Za-z0-9._@+-]{1,256}
# remoteuser.stripRealm=
# remoteuser.stripDomain=
# remoteuser.lowercaseUsername=false
# remoteuser.defaultRoles=
# remoteuser.roleMapping=
# remoteuser.excludedGroups=
# remoteuser.mode=per-request
# remoteuser.headerPaths=
# remoteuser.requireHeader=false
# remoteuser.diagnosticsPath=
# remoteuser.logoutPath=
# remoteuser.logoutRedirect=
# remoteuser.sessionKeyFile=
# remoteuser.createUnknownUsers=true
# remoteuser.userStore=none
# remoteuser.jaasAppName=
# remoteuser.jaasUserClasses=
# remoteuser.jaasRoleClasses=dev.remoteuser.jaas.RolePrincipal
# remoteuser.identitySource=header
# remoteuser.userCacheTtl=60
# remoteuser.userCacheSize=10000
# remoteuser.userStoreTimeout=5
