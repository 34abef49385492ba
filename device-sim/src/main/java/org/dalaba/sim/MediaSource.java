package org.dalaba.sim;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;

/** Where an endpoint gets a command's media: the simulator's {@link MediaFetcher}, a real endpoint's {@link CachingFetcher}. */
interface MediaSource {

  /**
   * Every file, verified, by SHA-256; fails with a {@link MediaFetcher.MediaException} on the first problem.
   *
   * @param keepUntil epoch ms (hub time) until which a command needs the files, or null
   */
  Future<Map<String, Buffer>> fetchAll(List<MediaRef> refs, String username, String password, Long keepUntil);
}
