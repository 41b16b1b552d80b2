/**
 * Hand-written helpers for platforms that implement {@code chaukas.spec.server.v1.ChaukasServerService}:
 * {@link ai.chaukas.spec.server.ChaukasServices} serves one implementation under both gRPC service
 * names, the server's and the client's that agent SDKs call. Generated classes live in {@code
 * ai.chaukas.spec.server.v1}, never here; this package must hold nothing generated, no transport and
 * no storage or business logic, and it stays on Java 8 like the rest of the jar.
 */
package ai.chaukas.spec.server;
