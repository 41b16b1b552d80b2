/**
 * The event exporter every Java agent SDK needs: {@link ai.chaukas.spec.exporter.ChaukasExporter}
 * queues events without blocking the agent and sends them in batches, with retries, over gRPC or
 * the Python SDK's HTTP protocol. It holds no rules of the spec itself: validation, hashing and
 * JSON forms come from the toolkit.
 */
package ai.chaukas.spec.exporter;
