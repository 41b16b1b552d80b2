/**
 * {@link ai.chaukas.spec.reference.ReferenceServer}, a Chaukas server that keeps events
 * in memory and implements every rule of {@code docs/server-semantics.md} under both service names,
 * usable in-process or on a loopback port ({@link ai.chaukas.spec.reference.RunningServer}).
 * It is the reference for conformance checks, the engine of {@code chaukas serve} and a fake for
 * SDK tests. This package must not contain JUnit code, command-line code, persistence or anything
 * that listens beyond {@code 127.0.0.1}.
 */
package ai.chaukas.spec.reference;
