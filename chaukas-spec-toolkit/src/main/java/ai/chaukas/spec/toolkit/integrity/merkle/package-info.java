/**
 * Merkle transparency for Chaukas events, after RFC 9162 (Certificate Transparency 2.0) and the
 * C2SP {@code tlog-checkpoint} and {@code signed-note} formats: an append-only
 * {@link ai.chaukas.spec.toolkit.integrity.merkle.MerkleLog} whose leaves are the 32 bytes of each
 * event's {@code content_hash}; inclusion and consistency proofs; checkpoints (origin, tree size,
 * root) signed with Ed25519 by a {@link ai.chaukas.spec.toolkit.integrity.merkle.CheckpointSigner};
 * {@link ai.chaukas.spec.toolkit.integrity.merkle.WormProofId} for the {@code worm_proof_id} field;
 * and {@link ai.chaukas.spec.toolkit.integrity.merkle.ProofVerifier}, which needs only a
 * {@link ai.chaukas.spec.toolkit.integrity.merkle.ProofBundle}, the leaf and the trusted key. The
 * formats are specified in {@code docs/chaukas-hash-v1.md} ("Merkle log, proofs and checkpoints").
 *
 * <p>Everything is in memory and does no I/O; the log keeps no history on disk. It must not hold
 * event contents or private keys beyond the signer's, nor depend on how a content hash was computed.
 */
package ai.chaukas.spec.toolkit.integrity.merkle;
