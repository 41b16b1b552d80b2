package ai.chaukas.spec.toolkit.events;

import ai.chaukas.spec.common.v1.EventOrBuilder;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The correlation that {@link EventFactory} stamps on every event it starts: {@code tenant_id},
 * {@code project_id}, {@code session_id}, {@code trace_id} and {@code parent_span_id}.
 *
 * <p>A context is an immutable value passed by hand, never held in a thread-local: start a session
 * with {@link #newSession}, then derive the context for the work inside a span with {@link
 * #child(EventOrBuilder)}.
 *
 * <pre>{@code
 * TraceContext session = events.newSession("tenant-a", "project-x");
 * Event start = events.sessionStart(session).build();           // no parent
 * TraceContext inSession = session.child(start);                // parent = the session's span
 * Event agent = events.agentStart(inSession, "a-1", "planner").build();
 * TraceContext inAgent = inSession.child(agent);                // parent = the agent's span
 * }</pre>
 *
 * @param tenantId the tenant, may be empty for single-tenant deployments
 * @param projectId the project, may be empty
 * @param sessionId the session, never empty
 * @param traceId the end-to-end trace, may be empty when resuming a session that had none
 * @param parentSpanId the span that events created with this context hang under; empty for none
 * @since 1.0.5
 */
public record TraceContext(
    String tenantId, String projectId, String sessionId, String traceId, String parentSpanId) {

  /**
   * Creates a context, e.g. to continue a session whose ids arrived from elsewhere.
   *
   * @param tenantId the tenant, may be empty
   * @param projectId the project, may be empty
   * @param sessionId the session, not empty
   * @param traceId the trace, may be empty
   * @param parentSpanId the parent span, empty for none
   * @throws NullPointerException if a component is {@code null}
   * @throws IllegalArgumentException if {@code sessionId} is empty
   */
  public TraceContext {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(parentSpanId, "parentSpanId");
    if (sessionId.isEmpty()) {
      throw new IllegalArgumentException("sessionId is empty; every event needs a session id");
    }
  }

  /**
   * Starts a new session: allocates the session id and then the trace id from {@code ids}; the
   * context has no parent span.
   *
   * @param tenantId the tenant, may be empty
   * @param projectId the project, may be empty
   * @param ids the id source, e.g. {@code new UuidV7()::next}; must return non-empty ids
   * @return the root context of a new session
   * @throws IllegalStateException if {@code ids} returns {@code null} or an empty id
   */
  public static TraceContext newSession(String tenantId, String projectId, Supplier<String> ids) {
    Objects.requireNonNull(ids, "ids");
    String sessionId = Ids.next(ids);
    String traceId = Ids.next(ids);
    return new TraceContext(tenantId, projectId, sessionId, traceId, "");
  }

  /**
   * Returns this context with {@code parentSpanId} replaced by {@code spanId}.
   *
   * @param spanId the span the new context's events hang under, not empty
   * @return a new context; this one is unchanged
   * @throws IllegalArgumentException if {@code spanId} is empty
   */
  public TraceContext child(String spanId) {
    Objects.requireNonNull(spanId, "spanId");
    if (spanId.isEmpty()) {
      throw new IllegalArgumentException("spanId is empty; pass the span id of the parent event");
    }
    return new TraceContext(tenantId, projectId, sessionId, traceId, spanId);
  }

  /**
   * Returns this context with {@code parentSpanId} set to the span of {@code parent}, usually a
   * {@code *_START} event created with this context or its ancestor.
   *
   * @param parent the event whose span becomes the parent
   * @return a new context; this one is unchanged
   * @throws IllegalArgumentException if {@code parent} belongs to another session or trace, or has
   *     no span id
   */
  public TraceContext child(EventOrBuilder parent) {
    Objects.requireNonNull(parent, "parent");
    if (!parent.getSessionId().equals(sessionId) || !parent.getTraceId().equals(traceId)) {
      throw new IllegalArgumentException(
          "parent event belongs to session '"
              + parent.getSessionId()
              + "', trace '"
              + parent.getTraceId()
              + "', not to this context's session '"
              + sessionId
              + "', trace '"
              + traceId
              + "'; derive the child from the context the parent was created with");
    }
    return child(parent.getSpanId());
  }
}
