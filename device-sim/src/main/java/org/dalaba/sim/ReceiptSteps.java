package org.dalaba.sim;

/**
 * Which receipts an endpoint sends when a command moves on at once (docs/protocol.md, "Receipts"): every step,
 * or the step it has reached by the time it answers, so that an alert it starts as it accepts it gets one
 * {@code started} instead of {@code received} then {@code started}.
 */
public enum ReceiptSteps {
  /** {@code received} as soon as a command is accepted, then each later step: the most a hub is ever sent. */
  EVERY_STEP("every-step"),
  /** {@code received} only when nothing follows at once; {@code started} (or {@code finished}, {@code failed}) stands for it. */
  FOLDED("folded");

  private final String wireName;

  ReceiptSteps(String wireName) {
    this.wireName = wireName;
  }

  /** The name on command lines and in benchmark results. */
  public String wireName() {
    return wireName;
  }

  /** @throws IllegalArgumentException naming the two choices */
  public static ReceiptSteps parse(String name) {
    for (ReceiptSteps steps : values()) {
      if (steps.wireName.equals(name.strip())) {
        return steps;
      }
    }
    throw new IllegalArgumentException("receipts are every-step or folded, was " + name);
  }
}
