/**
 * Redaction of Chaukas events, recorded in {@code Event.redaction} ({@code RedactionInfo}), and a
 * small PII detector that fills {@code Event.pii_categories} and can drive redaction.
 *
 * <p>{@link ai.chaukas.spec.toolkit.redaction.RedactionPath} parses and normalizes the paths (RFC
 * 9535 normalized paths over the event's proto3 JSON with proto field names, plus a dotted
 * shorthand); {@link ai.chaukas.spec.toolkit.redaction.Redactor} applies one
 * {@link ai.chaukas.spec.toolkit.redaction.RedactionMethod} to a set of paths and records what it
 * did; {@link ai.chaukas.spec.toolkit.redaction.KeyProvider} supplies the HMAC keys named by
 * {@code salt_id}; {@link ai.chaukas.spec.toolkit.redaction.PiiDetector} finds e-mail addresses,
 * phone numbers, payment card numbers and IP addresses. {@code docs/redaction.md} is the reference
 * for the syntax, the exact output forms and the order "redact, then hash".
 *
 * <p>Everything here is pure: events in, events out, no I/O, no logging, no computation of
 * {@code content_hash} (the integrity code does that, after redaction). It must not contain JSON
 * conversion or validation rules.
 */
package ai.chaukas.spec.toolkit.redaction;
