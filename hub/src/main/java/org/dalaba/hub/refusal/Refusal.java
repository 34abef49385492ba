package org.dalaba.hub.refusal;

/**
 * Why a service refused a request, in words for the operator (Simplified Chinese and English), without HTTP: the API
 * maps it to a status at the edge ({@code api/DomainErrors}). The alert domain has its own {@code AlertRefused}.
 */
public final class Refusal extends RuntimeException {
  /** What kind of refusal; the API gives each its status. */
  public enum Reason {
    /** The request or one of its fields is wrong (400). */
    INVALID,
    /** What the request names does not exist (404). */
    NOT_FOUND,
    /** The thing cannot change as asked in its present state (409). */
    CONFLICT,
    /** Taking it would pass a size limit or quota (413). */
    TOO_LARGE,
    /** Too much work is waiting: try again shortly (503). */
    BUSY,
    /** The disk is nearly full (507). */
    STORAGE_FULL
  }

  private final Reason reason;
  private final String code;
  private final String field;
  private final String zh;
  private final String en;

  private Refusal(Reason reason, String code, String field, String zh, String en) {
    super(en, null, false, false);
    this.reason = reason;
    this.code = code;
    this.field = field;
    this.zh = zh;
    this.en = en;
  }

  /** A field of the request is wrong; {@code zh}/{@code en} say how. */
  public static Refusal invalid(String field, String zh, String en) {
    return new Refusal(Reason.INVALID, null, field, zh, en);
  }

  /** @param what the thing's name in Chinese and English, e.g. {@code 音频|media} */
  public static Refusal notFound(String what, String id) {
    String[] names = what.split("\\|", 2);
    return new Refusal(Reason.NOT_FOUND, null, null, names[0] + "|" + id, names[1] + "|" + id);
  }

  public static Refusal conflict(String zh, String en) {
    return new Refusal(Reason.CONFLICT, null, null, zh, en);
  }

  /** @param code the stable code programs see, e.g. {@code quota_exceeded} */
  public static Refusal tooLarge(String code, String field, String zh, String en) {
    return new Refusal(Reason.TOO_LARGE, code, field, zh, en);
  }

  public static Refusal busy(String code, String zh, String en) {
    return new Refusal(Reason.BUSY, code, null, zh, en);
  }

  public static Refusal storageFull(String code, String field, String zh, String en) {
    return new Refusal(Reason.STORAGE_FULL, code, field, zh, en);
  }

  public Reason reason() { return reason; }

  /** The stable code for programs, or null to take the API's default for the reason. */
  public String code() { return code; }

  /** The field at fault, or null. */
  public String field() { return field; }

  /** In Chinese; for {@link Reason#NOT_FOUND} {@code what|id}. */
  public String zh() { return zh; }

  /** In English; for {@link Reason#NOT_FOUND} {@code what|id}. */
  public String en() { return en; }
}
