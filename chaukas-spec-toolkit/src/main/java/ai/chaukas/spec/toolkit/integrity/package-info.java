/**
 * chaukas-hash-v1, the integrity algorithm of Chaukas events (specified in {@code
 * docs/chaukas-hash-v1.md}; this code's use in {@code docs/integrity.md}): {@link
 * ai.chaukas.spec.toolkit.integrity.ContentHash} writes an event's canonical bytes and computes and
 * checks {@code content_hash}, {@link
 * ai.chaukas.spec.toolkit.integrity.HashChain} sets {@code hash_prev} and {@code content_hash} on a
 * sequence, and {@link ai.chaukas.spec.toolkit.integrity.ChainVerifier} verifies chains as a stream
 * and says where and why one breaks. Merkle logs and proofs live in the {@code merkle} sub-package.
 * This package does no I/O and depends on nothing but protobuf-java, the toolkit's shared
 * vocabulary ({@code FieldPath}, {@code Reason}) and its internal JSON writer.
 */
package ai.chaukas.spec.toolkit.integrity;
