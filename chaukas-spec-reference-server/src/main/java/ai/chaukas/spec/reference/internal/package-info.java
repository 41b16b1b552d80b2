/**
 * This package is internal and is not part of the public API: its classes may change or disappear
 * in any release, and users must not call them. The reference server's stores (in memory, and
 * embedded on disk) behind one interface, and where an event sits in the order of queries.
 */
package ai.chaukas.spec.reference.internal;
