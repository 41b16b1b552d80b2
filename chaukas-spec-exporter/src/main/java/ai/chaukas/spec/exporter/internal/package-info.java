/**
 * This package is internal and is not part of the public API: its classes may change or disappear
 * in any release, and users must not call them. The exporter's queue, batches, transports and
 * spool.
 */
package ai.chaukas.spec.exporter.internal;
