package org.dalaba.hub.cap;

/**
 * Why a CAP document was refused, in an operator's words (Simplified Chinese and English), naming the CAP element at
 * fault ({@code element}, e.g. {@code severity}) and the rule it broke. {@link Kind#MALFORMED} is a document that is
 * not well-formed, not safe or not CAP 1.2 by the schema (400); {@link Kind#UNPROCESSABLE} a valid CAP message the hub
 * will not broadcast as it stands (422); {@link Kind#CONFLICT} the same message being imported just now (409).
 */
public final class CapRefused extends RuntimeException {
  /** What kind of refusal; the API gives each its status. */
  public enum Kind { MALFORMED, UNPROCESSABLE, FORBIDDEN, CONFLICT, TOO_LARGE }

  private final Kind kind;
  private final String element;
  private final String zh;
  private final String en;

  private CapRefused(Kind kind, String element, String zh, String en) {
    super(en, null, false, false);
    this.kind = kind;
    this.element = element;
    this.zh = zh;
    this.en = en;
  }

  public static CapRefused malformed(String element, String zh, String en) {
    return new CapRefused(Kind.MALFORMED, element, zh, en);
  }

  public static CapRefused unprocessable(String element, String zh, String en) {
    return new CapRefused(Kind.UNPROCESSABLE, element, zh, en);
  }

  /** The user's scope does not cover what the message reaches (403). */
  public static CapRefused forbidden(String zh, String en) {
    return new CapRefused(Kind.FORBIDDEN, null, zh, en);
  }

  public static CapRefused conflict(String zh, String en) {
    return new CapRefused(Kind.CONFLICT, null, zh, en);
  }

  public static CapRefused tooLarge(long maxBytes) {
    return new CapRefused(Kind.TOO_LARGE, null, "CAP 文档过大：最多 " + maxBytes / 1024 + " KiB",
        "the CAP document is too large: at most " + maxBytes / 1024 + " KiB");
  }

  public Kind kind() { return kind; }

  /** The CAP element at fault (its local name), or null when the document as a whole is. */
  public String element() { return element; }

  public String zh() { return zh; }

  public String en() { return en; }
}
