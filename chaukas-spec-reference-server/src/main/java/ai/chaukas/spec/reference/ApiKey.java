package ai.chaukas.spec.reference;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusException;
import java.util.Set;

/**
 * One key of an {@link ApiKeys} file: who made a call. {@link RulesService} finds it in the gRPC
 * {@link Context} of the call ({@link #CURRENT}), put there by {@link ApiKeyInterceptor} or {@link
 * HttpApi}, and refuses whatever lies outside its tenant and project.
 *
 * @param hash the SHA-256 of the key, hex
 * @param name its label, or null
 * @param tenant its one tenant, or null for every tenant
 * @param project its one project, or null for every project of its tenant
 * @param scopes what it allows
 */
record ApiKey(String hash, String name, String tenant, String project, Set<ApiKeys.Scope> scopes) {

  /** The key of the current call; absent when the server has no keys. */
  static final Context.Key<ApiKey> CURRENT = Context.key("chaukas-api-key");

  /** How lines and errors name it: its name, else the first 8 digits of its hash. */
  String label() {
    return name != null ? "'" + name + "'" : "sha256:" + hash.substring(0, 8);
  }

  /**
   * Refuses {@code tenant} and {@code project} (empty: none named) unless this key covers them.
   * {@code what} says where they were named, e.g. {@code query.filter}.
   */
  void check(String what, String tenant, String project) throws StatusException {
    if (this.tenant != null && !this.tenant.equals(tenant)) {
      throw new StatusException(Status.PERMISSION_DENIED.withDescription(
          "API key " + label() + " is for tenant " + this.tenant + ", not the tenant_id of " + what
              + "; use a key of that tenant (nothing was read or stored)"));
    }
    if (project != null && this.project != null && !this.project.equals(project)) {
      throw new StatusException(Status.PERMISSION_DENIED.withDescription(
          "API key " + label() + " is for project " + this.project + " of its tenant; the project_id"
              + " of " + what + " must be " + this.project + " (nothing was read or stored)"));
    }
  }

  /** Whether it covers {@code tenant} and {@code project} (null: not looked at). */
  boolean covers(String tenant, String project) {
    return (this.tenant == null || this.tenant.equals(tenant))
        && (project == null || this.project == null || this.project.equals(project));
  }

  /** Whether a check needs the project, so that a caller parses it only then. */
  boolean limitedToProject() {
    return project != null;
  }
}
