package ai.chaukas.spec.reference.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * Where a {@link PostgresStore} is: a URL as {@code psql} and libpq take it ({@code
 * postgresql://user:password@host:port/database?sslmode=require}, also {@code postgres://}) or as
 * the JDBC driver takes it ({@code jdbc:postgresql://host:port/database?user=…&password=…}), turned
 * into what the driver connects with. The password never leaves through {@link #toString()}.
 *
 * <p>One parameter is this store's own and is not sent to the server: {@code pool_size}, the most
 * connections one store opens (default {@value #DEFAULT_POOL_SIZE}, at least 2: one writes, the
 * others read). libpq's {@code connect_timeout} and {@code application_name} are renamed to the
 * driver's names; other parameters ({@code sslmode}, {@code sslrootcert}, …) go to the driver as
 * they are.
 */
public final class PostgresUrl {

  /** Connections a store opens at most when the URL does not say. */
  public static final int DEFAULT_POOL_SIZE = 8;

  private static final int MAX_POOL_SIZE = 100;
  private static final Map<String, String> LIBPQ_TO_JDBC =
      Map.of("connect_timeout", "connectTimeout", "application_name", "ApplicationName");

  private final String jdbcUrl;
  private final Properties properties;
  private final String hostPort;
  private final String display;
  private final int poolSize;

  private PostgresUrl(
      String jdbcUrl, Properties properties, String hostPort, String display, int poolSize) {
    this.jdbcUrl = jdbcUrl;
    this.properties = properties;
    this.hostPort = hostPort;
    this.display = display;
    this.poolSize = poolSize;
  }

  /**
   * Reads {@code url}.
   *
   * @throws IllegalArgumentException naming what is wrong, without the password
   */
  public static PostgresUrl parse(String url) {
    boolean jdbc = url.startsWith("jdbc:postgresql://");
    String scheme = jdbc ? "jdbc:postgresql://"
        : url.startsWith("postgresql://") ? "postgresql://"
        : url.startsWith("postgres://") ? "postgres://" : null;
    if (scheme == null) {
      throw new IllegalArgumentException(
          "a PostgreSQL URL starts with postgresql://, postgres:// or jdbc:postgresql://, as in"
              + " postgresql://user:password@host:5432/database");
    }
    String rest = url.substring(scheme.length());
    int queryAt = rest.indexOf('?');
    String query = queryAt < 0 ? "" : rest.substring(queryAt + 1);
    String beforeQuery = queryAt < 0 ? rest : rest.substring(0, queryAt);
    int pathAt = beforeQuery.indexOf('/');
    String authority = pathAt < 0 ? beforeQuery : beforeQuery.substring(0, pathAt);
    String database = pathAt < 0 ? "" : beforeQuery.substring(pathAt + 1);
    int userAt = authority.lastIndexOf('@');
    String userInfo = userAt < 0 ? null : authority.substring(0, userAt);
    String hosts = userAt < 0 ? authority : authority.substring(userAt + 1);
    if (jdbc && userInfo != null) {
      throw new IllegalArgumentException(
          "a jdbc:postgresql:// URL takes the user and password as ?user=…&password=…, not before"
              + " the host; or write it as postgresql://user:password@host:port/database");
    }

    Properties properties = new Properties();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      properties.setProperty("user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) {
        properties.setProperty("password", decode(userInfo.substring(colon + 1)));
      }
    }
    int poolSize = DEFAULT_POOL_SIZE;
    StringBuilder jdbcQuery = new StringBuilder();
    StringBuilder shownQuery = new StringBuilder();
    for (String parameter : query.isEmpty() ? new String[0] : query.split("&")) {
      int equals = parameter.indexOf('=');
      String name = decode(equals < 0 ? parameter : parameter.substring(0, equals));
      String value = equals < 0 ? "" : decode(parameter.substring(equals + 1));
      if (name.equals("pool_size")) {
        poolSize = poolSize(value);
        continue;
      }
      if (jdbc) {
        jdbcQuery.append(jdbcQuery.length() == 0 ? "?" : "&").append(parameter);
      } else {
        properties.setProperty(LIBPQ_TO_JDBC.getOrDefault(name, name), value);
      }
      shownQuery.append(shownQuery.length() == 0 ? "?" : "&")
          .append(name.equalsIgnoreCase("password") ? "password=***" : parameter);
    }
    String hostPort = hosts.isEmpty() ? "localhost:5432" : hosts.contains(":") && !hosts.endsWith("]")
        ? hosts : hosts + ":5432";
    String jdbcUrl = "jdbc:postgresql://" + hosts + "/" + database + jdbcQuery;
    String shownUser = userInfo == null ? ""
        : (userInfo.contains(":") ? userInfo.substring(0, userInfo.indexOf(':')) + ":***" : userInfo) + "@";
    String display = scheme + shownUser + hosts + "/" + database + shownQuery;
    return new PostgresUrl(jdbcUrl, properties, hostPort, display, poolSize);
  }

  private static int poolSize(String value) {
    try {
      int size = Integer.parseInt(value);
      if (size >= 2 && size <= MAX_POOL_SIZE) {
        return size;
      }
    } catch (NumberFormatException e) {
      // Reported below with the range.
    }
    throw new IllegalArgumentException(
        "pool_size in the PostgreSQL URL must be a whole number from 2 (one connection writes, the"
            + " others read) to " + MAX_POOL_SIZE + ", was '" + value + "'");
  }

  private static String decode(String text) {
    // URLDecoder would turn '+' into a space; in a URL's user, password or path it is a '+'.
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The URL for the JDBC driver, without the user and password of a libpq URL. */
  String jdbcUrl() {
    return jdbcUrl;
  }

  /** The driver's connection properties: user, password and the libpq URL's parameters. */
  Properties properties() {
    Properties copy = new Properties();
    copy.putAll(properties);
    return copy;
  }

  /** The host and port (or the list of them) the driver connects to, for messages. */
  public String hostPort() {
    return hostPort;
  }

  /** Most connections a store opens. */
  int poolSize() {
    return poolSize;
  }

  /** The URL as given, with its password replaced by {@code ***}. */
  @Override
  public String toString() {
    return display;
  }
}
