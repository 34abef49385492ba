package org.dalaba.hub.api;

import org.dalaba.hub.alert.AlertRefused;

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
        case NOT_FOUND -> notFound(refused);
        case CONFLICT -> ApiError.conflict(refused.zh(), refused.en());
      };
    }
    return error;
  }

  private static ApiError notFound(AlertRefused refused) {
    String[] zh = refused.zh().split("\\|", 2);
    String[] en = refused.en().split("\\|", 2);
    return ApiError.notFound(zh[0] + "|" + en[0], zh[1]);
  }
}
