package org.dalaba.sim;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import java.util.List;

/**
 * An empty verticle whose only job is to own an event-loop context. The fleet deploys one instance per
 * event loop and spreads its endpoints over their contexts; undeploying them cancels any timer left.
 */
final class EndpointHost extends AbstractVerticle {

  private final List<Context> contexts;

  EndpointHost(List<Context> contexts) {
    this.contexts = contexts;
  }

  @Override
  public void start() {
    synchronized (contexts) {
      contexts.add(context);
    }
  }
}
