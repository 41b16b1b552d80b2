/**
 * The spec's JSON forms, both ways, for any message by its descriptor: {@link
 * ai.chaukas.spec.toolkit.json.ProtoJson} is the protobuf JSON mapping (printing through {@code
 * JsonFormat}, parsing with a streaming decoder that also takes the Python SDK's zone-less
 * timestamps when asked), {@link ai.chaukas.spec.toolkit.json.OpenApiJson} is the form of the
 * OpenAPI document (proto field names, unprefixed enums, one {@code content} object tagged by
 * {@code kind}), and {@link ai.chaukas.spec.toolkit.json.JsonLinesReader}/{@link
 * ai.chaukas.spec.toolkit.json.JsonLinesWriter} stream files of one event per line. Decoding never
 * builds a JSON tree, enforces {@link ai.chaukas.spec.toolkit.json.JsonLimits} (nesting depth,
 * string and line length, number of values) before it allocates or recurses, reads bytes as strict
 * UTF-8, refuses what could not come back out unchanged (an unpaired surrogate, a
 * google.protobuf.Value number beyond the range of a double), and reports every problem as a
 * {@link ai.chaukas.spec.toolkit.json.JsonDecodeException} naming its path (and line); bad input
 * never ends in a stack overflow or out-of-memory error. Printing reports a message that JSON
 * cannot hold as a {@link ai.chaukas.spec.toolkit.json.JsonPrintException} naming its path. This package only converts: it must not
 * validate events against the spec's rules, hash, redact or send them, and it must not depend on
 * the client or server packages.
 */
package ai.chaukas.spec.toolkit.json;
