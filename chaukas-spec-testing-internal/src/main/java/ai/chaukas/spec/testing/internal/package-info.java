/**
 * This package is internal and is not part of the public API: its classes may change or disappear
 * in any release, and users must not call them.
 *
 * <p>Fixtures shared by the tests of this repository and by its benchmarks: sample events,
 * shorthands for the well-known types events carry, and helpers for gRPC calls. The artifact,
 * {@code chaukas-spec-testing-internal}, is never published and is not in the BOM.
 *
 * <p>Everything here is built from the generated messages alone: this module must not depend on
 * the toolkit or any other hand-written module, since their own tests use it and Maven allows no
 * cycle. Events built with the toolkit's {@code EventFactory} stay in the toolkit's tests.
 */
package ai.chaukas.spec.testing.internal;
