package ai.chaukas.spec.testkit.conformance;

/**
 * A check as the check classes declare it: the rule it covers, its name (the name of the method
 * that implements it) and its body.
 */
record CheckDefinition(String rule, String name, Body body) {

  /** What the check does, with everything it needs in its {@link Scope}. */
  @FunctionalInterface
  interface Body {
    void run(Scope scope) throws Exception;
  }

  static CheckDefinition check(String rule, String name, Body body) {
    return new CheckDefinition(rule, name, body);
  }
}
