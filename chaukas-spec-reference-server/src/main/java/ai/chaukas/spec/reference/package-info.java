/**
 * {@link ai.chaukas.spec.reference.ReferenceServer}, the Chaukas reference server: every rule of
 * {@code docs/server-semantics.md} over a store in memory or on disk, usable in-process through its
 * gRPC service definitions or on a port ({@link ai.chaukas.spec.reference.RunningServer}) that
 * serves gRPC, the HTTP API of the OpenAPI document and Prometheus metrics together. It is what
 * {@code chaukas serve} runs, what the testkit's JUnit 5 extension starts, and the reference for
 * conformance checks. This package must not contain JUnit code or command-line code; stores live
 * in {@code ai.chaukas.spec.reference.internal}.
 */
package ai.chaukas.spec.reference;
