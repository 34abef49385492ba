package org.dalaba.hub.testing;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The same request from many callers at the same moment (a thread each, released together), for races. */
public final class AtOnce {
  private AtOnce() {
  }

  /** POSTs {@code body} to {@code path} once per client, all at once; @return the replies, in the clients' order */
  public static ApiClient.Reply[] post(List<ApiClient> clients, String path, JsonObject body) throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    ApiClient.Reply[] replies = new ApiClient.Reply[clients.size()];
    Thread[] threads = new Thread[clients.size()];
    for (int i = 0; i < threads.length; i++) {
      int n = i;
      threads[i] = new Thread(() -> {
        try {
          go.await();
          replies[n] = clients.get(n).post(path, body);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      threads[i].start();
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(60_000);
    }
    return replies;
  }
}
