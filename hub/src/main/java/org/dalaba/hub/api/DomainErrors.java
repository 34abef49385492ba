package org.dalaba.hub.api;

import org.dalaba.hub.alert.AlertRefused;
import org.dalaba.hub.refusal.Refusal;

/** Maps the domain's refusals to the API's errors (HTTP status and code), with the domain's own words. */
public final class DomainErrors {
  private DomainErrors() {
  }

  /** @return the API error for a domain refusal, or {@code error} itself when it is none */
  public static Throwable toApi(Throwable error) {
    if (error instanceof AlertRefused refused) {
      return switch (refused.reason()) {
        case INVALID -> refused.field() == null ? ApiError.badRequest(refused.zh(), refused.en())
            : ApiError.badField(refused.field(), refused.zh(), refused.en());
        case NOT_FOUND -> notFound(refused.zh(), refused.en());
        case CONFLICT -> ApiError.conflict(refused.zh(), refused.en());
      };
    }
    if (error instanceof Refusal refused) {
      return toApi(refused);
    }
    if (error instanceof org.dalaba.hub.cap.CapRefused refused) {
      return toApi(refused);
    }
    return error;
  }

  private static ApiError toApi(Refusal refused) {
    return switch (refused.reason()) {
      case INVALID -> refused.field() == null ? ApiError.badRequest(refused.zh(), refused.en())
          : ApiError.badField(refused.field(), refused.zh(), refused.en());
      case NOT_FOUND -> notFound(refused.zh(), refused.en());
      case CONFLICT -> ApiError.conflict(refused.zh(), refused.en());
      case TOO_LARGE -> new ApiError(413, code(refused, "too_large"), refused.field(), refused.zh(), refused.en());
      case BUSY -> new ApiError(503, code(refused, "busy"), refused.field(), refused.zh(), refused.en());
      case STORAGE_FULL -> new ApiError(507, code(refused, "storage_full"), refused.field(), refused.zh(), refused.en());
    };
  }

  /** A CAP document's refusal names the element at fault ({@code field}); 400 malformed, 422 not broadcast. */
  private static ApiError toApi(org.dalaba.hub.cap.CapRefused refused) {
    return switch (refused.kind()) {
      case MALFORMED -> new ApiError(400, "invalid_cap", refused.element(), refused.zh(), refused.en());
      case UNPROCESSABLE -> new ApiError(422, "cap_not_broadcast", refused.element(), refused.zh(), refused.en());
      case FORBIDDEN -> ApiError.forbidden(refused.element(), refused.zh(), refused.en());
      case CONFLICT -> ApiError.conflict(refused.zh(), refused.en());
      case TOO_LARGE -> new ApiError(413, "too_large", null, refused.zh(), refused.en());
    };
  }

  private static String code(Refusal refused, String otherwise) {
    return refused.code() == null ? otherwise : refused.code();
  }

  /** @param whatIdZh {@code what|id} in Chinese; {@code whatIdEn} the same in English */
  private static ApiError notFound(String whatIdZh, String whatIdEn) {
    String[] zh = whatIdZh.split("\\|", 2);
    String[] en = whatIdEn.split("\\|", 2);
    return ApiError.notFound(zh[0] + "|" + en[0], zh[1]);
  }
}
