/**
 * The toolkit's shared vocabulary: {@link ai.chaukas.spec.toolkit.FieldPath} names a place inside
 * a message, {@link ai.chaukas.spec.toolkit.ChaukasException} is the root of every refusal, and
 * {@link ai.chaukas.spec.toolkit.Reason} lists why. The feature packages (events, validation,
 * json, integrity, redaction) build on it; it must not depend on them.
 */
package ai.chaukas.spec.toolkit;
