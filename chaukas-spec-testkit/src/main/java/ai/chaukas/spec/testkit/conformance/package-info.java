/**
 * The conformance suite: checks whether any Chaukas server, reached through a gRPC channel, honours
 * the numbered rules of {@code docs/server-semantics.md}. {@link
 * ai.chaukas.spec.testkit.conformance.ConformanceSuite} runs its {@link
 * ai.chaukas.spec.testkit.conformance.Check}s in plain Java and returns {@link
 * ai.chaukas.spec.testkit.conformance.CheckResult}s; {@link
 * ai.chaukas.spec.testkit.conformance.ConformanceReport} prints them as a table; {@link
 * ai.chaukas.spec.testkit.conformance.ConformanceTests} runs them as JUnit 5 dynamic tests, and
 * {@code chaukas conformance --target host:port} from the command line.
 *
 * <p>The checks talk to the server through the generated stubs only, never through {@link
 * ai.chaukas.spec.reference.ReferenceServer} internals, so they judge any implementation
 * the same way; the reference server passes all of them. This package must not contain server
 * behaviour, command-line code, or checks that depend on one server's error messages beyond what the
 * rules require.
 */
package ai.chaukas.spec.testkit.conformance;
