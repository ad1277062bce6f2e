[description]
StoreFaultsIT: the webapp's "Test Realm" from PostgreSQL, a JDBCLoginService.

[depends]
security

[lib]
lib/postgresql.jar

[xml]
etc/jdbc-realm.xml
