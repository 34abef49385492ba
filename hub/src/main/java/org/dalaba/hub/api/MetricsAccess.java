package org.dalaba.hub.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets {@code GET /metrics} through only with {@code Authorization: Bearer <metrics token>}: the figures
 * say how many speakers are offline and where, which an attacker should not read. A token, not a
 * loopback listener, because Prometheus usually scrapes from another machine ({@code bearer_token_file}).
 */
public final class MetricsAccess implements Handler<RoutingContext> {
  private final byte[] expected;

  public MetricsAccess(String token) {
    this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    Http.fail(ctx, new ApiError(401, "unauthorized", null, "读取运行指标需要指标令牌（见数据目录 credentials/metrics.token）",
        "/metrics needs the metrics token (dataDir/credentials/metrics.token) as a Bearer token"));
  }
}
