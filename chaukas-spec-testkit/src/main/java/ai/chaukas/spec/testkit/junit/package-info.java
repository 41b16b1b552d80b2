/**
 * JUnit 5 support: {@link ai.chaukas.spec.testkit.junit.ChaukasServerExtension} (or the {@link
 * ai.chaukas.spec.testkit.junit.ChaukasServerTest} annotation) runs a {@link
 * ai.chaukas.spec.reference.ReferenceServer} with its in-memory store in-process or on a loopback
 * port, per test or per class, and injects channels, the generated client and server stubs and the
 * server itself into test methods, always shutting everything down afterwards. This package must not implement server
 * behaviour (that is {@code chaukas-spec-reference-server}) nor depend on JUnit 4 or a JUnit
 * engine.
 */
package ai.chaukas.spec.testkit.junit;
