package org.dalaba.hub.escalation;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import org.dalaba.hub.escalation.channel.Channel;
import org.dalaba.hub.escalation.channel.ChannelRequest;
import org.dalaba.hub.escalation.channel.Notice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications to the channels' servers without blocking: a bounded queue ({@link #QUEUED}, counting those
 * waiting for a retry), at most {@link #IN_FLIGHT} requests at once, each with a timeout, and a failed one retried
 * after a back-off that doubles, up to {@code maxAttempts} in all. Every attempt's outcome goes to the listener.
 * A 2xx answer is a success, except a robot's {@code errcode} other than 0. Logs name the channel, never its URL's
 * query or a header (they hold tokens). Runs on the hub's context.
 */
public final class Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  static final int QUEUED = org.dalaba.hub.config.Limits.NOTIFY_QUEUED;
  static final int IN_FLIGHT = org.dalaba.hub.config.Limits.NOTIFY_IN_FLIGHT;
  private static final long MAX_BACKOFF_MS = 300_000;

  /** One notification to send; {@code key} names it for the listener (alert, step, village, contact, channel). */
  public record Job(String alertId, String key, Channel channel, Notice notice) {
  }

  /** Told of each attempt: sent, or failed with an error an operator reads, and whether another attempt follows. */
  public interface Listener {
    void attempted(Job job, int attempt, boolean sent, boolean retrying, String error);
  }

  /** @param firstRetryMs the wait before the second attempt; it doubles for each further one */
  public record Settings(long timeoutMs, int maxAttempts, long firstRetryMs) {
  }

  private record Attempt(Job job, int number) {
  }

  private final Vertx vertx;
  private final Clock clock;
  private final WebClient client;
  private final Settings settings;
  private final Listener listener;
  private final Deque<Attempt> queue = new ArrayDeque<>();
  private int inFlight;
  private int waitingRetry;
  private boolean closed;

  public Notifier(Vertx vertx, Clock clock, Settings settings, Listener listener) {
    this.vertx = vertx;
    this.clock = clock;
    this.settings = settings;
    this.listener = listener;
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.timeoutMs()))
        .setUserAgent("Dalaba-hub").setFollowRedirects(false).setMaxPoolSize(IN_FLIGHT));
  }

  /** @return false when the queue is full (the caller records it as given up) */
  public boolean offer(Job job) {
    if (closed || queue.size() + inFlight + waitingRetry >= QUEUED) {
      return false;
    }
    queue.add(new Attempt(job, 1));
    drain();
    return true;
  }

  /** Notifications queued, in flight or waiting for a retry. */
  public int pending() {
    return queue.size() + inFlight + waitingRetry;
  }

  public void close() {
    closed = true;
    queue.clear();
    client.close();
  }

  private void drain() {
    while (!closed && inFlight < IN_FLIGHT && !queue.isEmpty()) {
      Attempt attempt = queue.poll();
      inFlight++;
      send(attempt);
    }
  }

  private void send(Attempt attempt) {
    ChannelRequest request;
    try {
      request = ChannelRequest.of(attempt.job().channel(), attempt.job().notice(), clock.millis());
    } catch (RuntimeException e) {
      done(attempt, false, "无法生成请求：" + e.getClass().getSimpleName());
      return;
    }
    HttpRequest<Buffer> http = client.requestAbs(HttpMethod.valueOf(request.method()), request.url()).timeout(settings.timeoutMs());
    request.headers().forEach(http::putHeader);
    (request.body() == null ? http.send() : http.sendBuffer(Buffer.buffer(request.body())))
        .onComplete(result -> {
          if (result.failed()) {
            Throwable cause = result.cause();
            String error = cause instanceof java.util.concurrent.TimeoutException || String.valueOf(cause.getMessage()).contains("timeout")
                ? "超时：" + (settings.timeoutMs() / 1000.0) + " 秒内无回答" : "连接失败：" + cause.getClass().getSimpleName();
            done(attempt, false, error);
          } else {
            String refused = accepted(attempt.job().channel(), result.result());
            done(attempt, refused == null, refused);
          }
        });
  }

  /** @return null when the answer means the message was taken, else why not */
  static String accepted(Channel channel, HttpResponse<Buffer> response) {
    if (response.statusCode() / 100 != 2) {
      return "服务器回答 HTTP " + response.statusCode();
    }
    if (channel.type() == Channel.Type.WECOM || channel.type() == Channel.Type.DINGTALK) {
      try {
        JsonObject body = response.bodyAsJsonObject();
        Integer errcode = body == null ? null : body.getInteger("errcode");
        if (errcode != null && errcode != 0) {
          return "机器人回答 errcode " + errcode + "：" + org.dalaba.hub.logging.LogText.of(body.getString("errmsg", ""));
        }
      } catch (RuntimeException e) {
        return "机器人的回答不是 JSON";
      }
    }
    return null;
  }

  private void done(Attempt attempt, boolean sent, String error) {
    inFlight--;
    boolean retry = !sent && !closed && attempt.number() < settings.maxAttempts();
    if (!sent) {
      // names the alert, village and channel, not the person's phone number
      LOG.warn("Notification of alert {} for village {} on channel {} failed (attempt {} of {}): {}", attempt.job().alertId(),
          attempt.job().notice().villageId(), attempt.job().channel(), attempt.number(), settings.maxAttempts(), error);
    }
    try {
      listener.attempted(attempt.job(), attempt.number(), sent, retry, sent ? null : error);
    } catch (RuntimeException e) {
      LOG.error("Recording a notification of alert {} failed: {}", attempt.job().alertId(), e.toString());
    }
    if (retry) {
      waitingRetry++;
      long backoff = Math.min(MAX_BACKOFF_MS, settings.firstRetryMs() << Math.min(20, attempt.number() - 1));
      vertx.setTimer(Math.max(1, backoff), t -> {
        waitingRetry--;
        if (!closed) {
          queue.add(new Attempt(attempt.job(), attempt.number() + 1));
          drain();
        }
      });
    }
    drain();
  }
}
