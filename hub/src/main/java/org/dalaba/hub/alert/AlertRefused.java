package org.dalaba.hub.alert;

/**
 * Why the alert domain refused a request (a field at fault, something that does not exist, or an alert that can
 * no longer change), with the message in Simplified Chinese and English. The API maps it to HTTP
 * ({@code api/DomainErrors}); the domain knows nothing of status codes.
 */
public final class AlertRefused extends RuntimeException {
  /** What kind of refusal. */
  public enum Reason { INVALID, NOT_FOUND, CONFLICT }

  private final Reason reason;
  private final String field;
  private final String zh;
  private final String en;

  private AlertRefused(Reason reason, String field, String zh, String en) {
    super(en, null, false, false);
    this.reason = reason;
    this.field = field;
    this.zh = zh;
    this.en = en;
  }

  /** A field of the request is wrong; {@code zh}/{@code en} say how, without the field's name. */
  public static AlertRefused invalid(String field, String zh, String en) {
    return new AlertRefused(Reason.INVALID, field, zh, en);
  }

  /** The request as a whole is wrong (e.g. not a JSON object). */
  public static AlertRefused invalidRequest(String zh, String en) {
    return new AlertRefused(Reason.INVALID, null, zh, en);
  }

  /** @param what e.g. {@code 预警|alert}: the thing's name in Chinese and English */
  public static AlertRefused notFound(String what, String id) {
    String[] names = what.split("\\|");
    return new AlertRefused(Reason.NOT_FOUND, null, names[0] + "|" + id, names[1] + "|" + id);
  }

  public static AlertRefused conflict(String zh, String en) {
    return new AlertRefused(Reason.CONFLICT, null, zh, en);
  }

  /** The targets name no endpoint at all (alerts and volume changes alike). */
  public static AlertRefused noEndpoints() {
    return invalid("targets", "所选范围内没有任何终端", "the targets contain no endpoint");
  }

  public Reason reason() { return reason; }

  /** The field at fault, or null. */
  public String field() { return field; }

  /** In Chinese; for {@link Reason#NOT_FOUND} {@code what|id}. */
  public String zh() { return zh; }

  /** In English; for {@link Reason#NOT_FOUND} {@code what|id}. */
  public String en() { return en; }
}
