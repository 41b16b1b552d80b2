package ai.chaukas.spec.reference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** PostgreSQL URLs as psql and the JDBC driver take them, and never a password in a message. */
class PostgresUrlTest {

  @Test
  void aLibpqUrlBecomesTheDriversUrlWithUserAndPasswordApart() {
    PostgresUrl url = PostgresUrl.parse(
        "postgresql://chaukas:p%40ss+w@db.example:6432/events?sslmode=require&connect_timeout=5");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6432/events");
    assertThat(url.properties())
        .containsEntry("user", "chaukas")
        .containsEntry("password", "p@ss+w")
        .containsEntry("sslmode", "require")
        .containsEntry("connectTimeout", "5");
    assertThat(url.hostPort()).isEqualTo("db.example:6432");
    assertThat(url.poolSize()).isEqualTo(PostgresUrl.DEFAULT_POOL_SIZE);
    assertThat(url).hasToString(
        "postgresql://chaukas:***@db.example:6432/events?sslmode=require&connect_timeout=5");
  }

  @Test
  void aJdbcUrlIsKeptAndItsPasswordParameterMasked() {
    PostgresUrl url = PostgresUrl.parse(
        "jdbc:postgresql://localhost/events?user=chaukas&password=hunter2&pool_size=3");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/events?user=chaukas&password=hunter2");
    assertThat(url.hostPort()).isEqualTo("localhost:5432");
    assertThat(url.poolSize()).isEqualTo(3);
    assertThat(url).hasToString("jdbc:postgresql://localhost/events?user=chaukas&password=***");
  }

  @Test
  void mistakesAreNamedWithoutThePassword() {
    assertThatThrownBy(() -> PostgresUrl.parse("mysql://root:hunter2@db/events"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("a PostgreSQL URL starts with postgresql://")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PostgresUrl.parse("postgres://u:hunter2@db/events?pool_size=1"))
        .hasMessageContaining("pool_size in the PostgreSQL URL must be a whole number from 2")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PostgresUrl.parse("jdbc:postgresql://u:hunter2@db/events"))
        .hasMessageContaining("?user=…&password=…")
        .hasMessageNotContaining("hunter2");
  }
}
