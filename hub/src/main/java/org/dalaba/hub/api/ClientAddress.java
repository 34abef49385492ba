package org.dalaba.hub.api;

import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The address a request came from, as the login throttle and the audit log name it. Behind a load
 * balancer every request arrives from the balancer, so its {@code X-Forwarded-For} is believed — but
 * only when the connection comes from one of the configured trusted proxies ({@code http.trustedProxies});
 * from anyone else the header is ignored, or a guesser could claim a fresh address for every try.
 */
public final class ClientAddress {
  private static final Pattern IP = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final Set<String> trusted;

  public ClientAddress(List<String> trustedProxies) {
    this.trusted = trustedProxies.stream().map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
  }

  /** No proxy: the connection's address is the client's. */
  public static ClientAddress direct() {
    return new ClientAddress(List.of());
  }

  /** @param commaSeparated the {@code http.trustedProxies} value */
  public static ClientAddress trusting(String commaSeparated) {
    return new ClientAddress(Arrays.asList(commaSeparated.split(",")));
  }

  public String of(RoutingContext ctx) {
    String peer = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    String forwarded = ctx.request().getHeader("X-Forwarded-For");
    if (forwarded == null || !trusted.contains(peer)) {
      return peer;
    }
    // the right-most entry not added by one of our proxies is the client's
    String[] hops = forwarded.split(",");
    String client = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].strip();
      if (!IP.matcher(hop).matches()) {
        break;
      }
      client = hop;
      if (!trusted.contains(hop)) {
        break;
      }
    }
    return client;
  }
}
