package ai.chaukas.spec.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.reference.ApiKeys.Scope;
import io.grpc.Status;
import io.grpc.StatusException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key file: its lines as {@link ApiKeys#fileLine} writes them, and strict reading. */
class ApiKeysTest {

  @TempDir Path dir;

  private ApiKeys load(String... lines) throws Exception {
    Path file = dir.resolve("keys");
    Files.write(file, List.of(lines));
    return ApiKeys.load(file);
  }

  private String loadError(String... lines) {
    Path file = dir.resolve("keys");
    Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> load(lines));
    assertThat(e).isInstanceOf(IllegalArgumentException.class);
    return e.getMessage().replace(file.toString(), "keys");
  }

  @Test
  void newKeysAreRandomAndUrlSafe() {
    String key = ApiKeys.newKey();
    assertThat(key).matches("ck_[A-Za-z0-9_-]{43}");
    assertThat(ApiKeys.newKey()).isNotEqualTo(key);
  }

  @Test
  void aWrittenLineHoldsTheHashNotTheKeyAndReadsBackAsTheSameKey() throws Exception {
    String key = ApiKeys.newKey();
    String line = ApiKeys.fileLine(key, "acme corp", "web#1", List.of(Scope.QUERY, Scope.INGEST), "ci, nightly");
    assertThat(line)
        .doesNotContain(key)
        .isEqualTo(ApiKeys.hash(key) + " tenant=acme%20corp project=web%231 scopes=ingest,query"
            + " name=ci%2C%20nightly");
    ApiKeys keys = load("# comment", "", line);
    assertThat(keys.size()).isEqualTo(1);
    ApiKey found = keys.authorize("Bearer " + key, "QueryEvents");
    assertThat(found.tenant()).isEqualTo("acme corp");
    assertThat(found.project()).isEqualTo("web#1");
    assertThat(found.name()).isEqualTo("ci, nightly");
    assertThat(found.scopes()).containsExactlyInAnyOrder(Scope.INGEST, Scope.QUERY);
  }

  @Test
  void starIsEveryTenantAndAnEncodedStarIsATenantNamedStar() throws Exception {
    String operator = ApiKeys.newKey();
    String star = ApiKeys.newKey();
    ApiKeys keys = load(
        ApiKeys.fileLine(operator, "*", null, Set.of(Scope.METRICS, Scope.QUERY), null),
        ApiKeys.hash(star) + " tenant=%2A scopes=query");
    assertThat(keys.operatorKeys()).isEqualTo(1);
    assertThat(keys.authorize("Bearer " + operator, "Metrics").covers("anyone", "any")).isTrue();
    ApiKey literal = keys.authorize("Bearer " + star, "QueryEvents");
    assertThat(literal.covers("*", null)).isTrue();
    assertThat(literal.covers("anyone", null)).isFalse();
  }

  @Test
  void missingUnknownAndMalformedKeysAreUnauthenticatedAndAMissingScopeIsPermissionDenied()
      throws Exception {
    String key = ApiKeys.newKey();
    ApiKeys keys = load(ApiKeys.fileLine(key, "t", null, Set.of(Scope.INGEST), "agents"));
    for (String authorization : new String[] {null, "", "Basic abc", "Bearer", "Bearer nope", key}) {
      assertThatThrownBy(() -> keys.authorize(authorization, "IngestEvent"))
          .as("authorization %s", authorization)
          .isInstanceOfSatisfying(StatusException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }
    assertThat(keys.authorize("bearer  " + key + " ", "IngestEvent").name()).isEqualTo("agents");
    assertThatThrownBy(() -> keys.authorize("Bearer " + key, "QueryEvents"))
        .isInstanceOfSatisfying(StatusException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
          assertThat(e.getStatus().getDescription())
              .isEqualTo("API key 'agents' lacks the scope query that QueryEvents needs; use a key"
                  + " made with --scopes query");
        });
  }

  @Test
  void badLinesAreRefusedWithFileAndLine() {
    String hash = ApiKeys.hash("k");
    assertThat(loadError("# keys", "ck_notahash tenant=t scopes=query"))
        .startsWith("keys:2: a line starts with the SHA-256 of the key")
        .doesNotContain("ck_notahash");
    assertThat(loadError(hash + " scopes=query")).startsWith("keys:1: tenant= is missing");
    assertThat(loadError(hash + " tenant=t")).startsWith("keys:1: scopes= is missing");
    assertThat(loadError(hash + " tenant=t scopes=query,admin"))
        .startsWith("keys:1: scopes= holds \"admin\"; the scopes are ingest, query and metrics");
    assertThat(loadError(hash + " tenant=t scopes=query role=x"))
        .startsWith("keys:1: \"role=x\" is not a field");
    assertThat(loadError(hash + " tenant=t tenant=u scopes=query"))
        .startsWith("keys:1: tenant= is given twice");
    assertThat(loadError(hash + " tenant=t scopes=query", hash + " tenant=u scopes=query"))
        .startsWith("keys:2: this key's hash is already on an earlier line");
    assertThat(loadError(hash + " tenant=* project=p scopes=query"))
        .startsWith("keys:1: project is for a key of one tenant");
    assertThat(loadError(hash + " tenant=t scopes=metrics"))
        .startsWith("keys:1: the metrics scope shows counts over every tenant");
    assertThat(loadError(hash + " tenant=a%2 scopes=query"))
        .startsWith("keys:1: tenant= holds a % not followed by two hex digits");
    assertThat(loadError(hash + " tenant= scopes=query")).startsWith("keys:1: tenant must not be empty");
  }

  @Test
  void fileLineRefusesFieldsThatDisagree() {
    assertThatThrownBy(() -> ApiKeys.fileLine("k", "t", null, Set.of(), null))
        .hasMessageContaining("scopes must name at least one");
    assertThatThrownBy(() -> ApiKeys.fileLine("k", "t", null, Set.of(Scope.METRICS), null))
        .hasMessageContaining("metrics scope");
    assertThatThrownBy(() -> ApiKeys.fileLine("k", "*", "p", Set.of(Scope.QUERY), null))
        .hasMessageContaining("project is for a key of one tenant");
  }
}
