/**
 * This package is internal and is not part of the public API: its classes may change or disappear
 * in any release, and users must not call them. Helpers shared by several packages of the toolkit.
 */
package ai.chaukas.spec.toolkit.internal;
