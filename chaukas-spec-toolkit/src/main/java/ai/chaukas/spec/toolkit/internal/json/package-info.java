/**
 * This package is internal and is not part of the public API: its classes may change or disappear
 * in any release, and users must not call them.
 *
 * <p>The toolkit's one JSON writer, shared by the canonical form of chaukas-hash-v1 ({@code
 * integrity}) and the printers and decoders of the JSON forms ({@code json}): {@link
 * ai.chaukas.spec.toolkit.internal.json.JsonByteWriter} writes UTF-8 bytes (and can stream them
 * into a digest), {@link ai.chaukas.spec.toolkit.internal.json.JsonCharWriter} writes characters;
 * both escape strings by the one table of {@link ai.chaukas.spec.toolkit.internal.json.JsonStrings}
 * and write timestamps alike. This package knows JSON text only: it must not know messages,
 * descriptors or either JSON form's rules.
 */
package ai.chaukas.spec.toolkit.internal.json;
