package ai.chaukas.spec.toolkit.integrity;

import ai.chaukas.spec.common.v1.EventOrBuilder;
import java.util.Objects;

/**
 * Which hash chain an event belongs to: one chain per {@code (tenant_id, project_id, session_id)}.
 * Empty strings are values like any other, so events without tenant or project form chains too.
 *
 * @param tenantId the event's {@code tenant_id}
 * @param projectId the event's {@code project_id}
 * @param sessionId the event's {@code session_id}
 * @since 1.0.5
 */
public record ChainKey(String tenantId, String projectId, String sessionId) {

  public ChainKey {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(sessionId, "sessionId");
  }

  /** The chain {@code event} belongs to. */
  public static ChainKey of(EventOrBuilder event) {
    return new ChainKey(event.getTenantId(), event.getProjectId(), event.getSessionId());
  }

  /** {@code tenant/project/session}. */
  @Override
  public String toString() {
    return tenantId + "/" + projectId + "/" + sessionId;
  }
}
