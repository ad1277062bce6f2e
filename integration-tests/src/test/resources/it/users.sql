-- The user database of StoreFaultsIT's database realms: user0 .. user19 with the role manager; one schema that
-- serves both Tomcat's DataSourceRealm (users + the view user_role_names) and Jetty's JDBCLoginService (users,
-- roles, user_roles by key).
CREATE ROLE app LOGIN PASSWORD 'app-db-password';
CREATE DATABASE users OWNER app;
\connect users
SET ROLE app;
CREATE TABLE users (id integer PRIMARY KEY, username varchar(64) UNIQUE NOT NULL, pwd varchar(128) NOT NULL);
CREATE TABLE roles (id integer PRIMARY KEY, role varchar(64) UNIQUE NOT NULL);
CREATE TABLE user_roles (user_id integer NOT NULL REFERENCES users (id), role_id integer NOT NULL REFERENCES roles (id));
CREATE VIEW user_role_names AS
    SELECT u.username, r.role FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id;
INSERT INTO users SELECT i, 'user' || i, 'not-used-by-the-header-login' FROM generate_series(0, 19) AS i;
INSERT INTO roles VALUES (1, 'manager');
INSERT INTO user_roles SELECT i, 1 FROM generate_series(0, 19) AS i;
