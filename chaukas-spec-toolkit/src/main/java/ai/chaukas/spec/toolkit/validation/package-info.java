/**
 * Validation of Chaukas events and batches: {@link ai.chaukas.spec.toolkit.validation.EventValidator}
 * checks the rules listed in {@link ai.chaukas.spec.toolkit.validation.Rule} (described with their
 * defaults in {@code docs/validation.md}) and reports each violation with its rule id and field
 * path. Both sides use it: SDKs before sending, platforms on receipt, the CLI on files. It must not
 * contain I/O, JSON handling or anything that changes an event.
 */
package ai.chaukas.spec.toolkit.validation;
