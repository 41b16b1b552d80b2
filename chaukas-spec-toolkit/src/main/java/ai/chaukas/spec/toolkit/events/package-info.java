/**
 * Builds Chaukas {@link ai.chaukas.spec.common.v1.Event events} the way the spec and the Python SDK
 * expect them: {@link ai.chaukas.spec.toolkit.events.EventFactory} has one method per event type that
 * returns a pre-filled {@code Event.Builder} (right content case, default status, severity and
 * author), {@link ai.chaukas.spec.toolkit.events.TraceContext} is the explicit, immutable value that
 * stamps tenant, project, session, trace and parent span ids, {@link
 * ai.chaukas.spec.toolkit.events.UuidV7} generates the RFC 9562 version-7 ids, and {@link
 * ai.chaukas.spec.toolkit.events.MicrosecondTimestamps} turns a {@link java.time.Clock} into
 * microsecond timestamps. Correlation is passed by hand, never through thread-locals or globals, so
 * every class here is safe to share between threads. This package only creates events; it must not
 * validate, send, hash or redact them (other toolkit packages do that), and nothing here may require
 * ids to be UUIDv7: the spec accepts any non-empty id.
 */
package ai.chaukas.spec.toolkit.events;
