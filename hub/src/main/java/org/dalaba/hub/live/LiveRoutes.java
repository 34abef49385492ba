package org.dalaba.hub.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.User;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.alert.TargetsParser;
import org.dalaba.hub.api.ApiError;
import org.dalaba.hub.api.AuditLog;
import org.dalaba.hub.api.DomainErrors;
import org.dalaba.hub.api.Http;
import org.dalaba.hub.api.HttpApi;
import org.dalaba.hub.api.ScopedDeliveries;
import org.dalaba.hub.api.Times;
import org.dalaba.hub.config.Limits;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.media.MediaFiles;
import org.dalaba.hub.media.MediaServer;

/**
 * {@code /api/v1/live} (docs/api.md, "Live sessions"): open a live session to targets in the caller's scope, follow
 * it, stop it, and feed it audio (a chunked upload of Ogg Opus or WAV, or a browser's WebSocket of Ogg pages); and
 * {@code /live/{id}/stream} for endpoints ({@link LiveStreamServer}). Whoever may send alerts to the targets may
 * open, feed and stop a session to them.
 */
public final class LiveRoutes implements HttpApi.ApiRoutes {
  private static final Pattern STREAMED = Pattern.compile("/api/v1/live/[^/]+/(audio|source)");

  private final Vertx vertx;
  private final Supplier<Directory> directory;
  private final LiveService live;
  private final AuditLog audit;
  private final LiveView view;
  private final MediaFiles files;
  private final LiveStreamServer streams;
  private final MediaServer media;
  private final WorkerExecutor encoders;
  private final LiveOrigins origins;

  public LiveRoutes(Vertx vertx, Supplier<Directory> directory, LiveService live, LiveOrigins origins, AuditLog audit, Times times,
                    MediaFiles files, MediaServer media, WorkerExecutor encoders) {
    this.origins = origins;
    this.vertx = vertx;
    this.directory = directory;
    this.live = live;
    this.audit = audit;
    this.view = new LiveView(times);
    this.files = files;
    this.streams = new LiveStreamServer(live, media);
    this.media = media;
    this.encoders = encoders;
  }

  @Override
  public boolean streamsBody(HttpServerRequest request) {
    return (request.method() == HttpMethod.PUT || request.method() == HttpMethod.GET) && STREAMED.matcher(request.path()).matches();
  }

  @Override
  public void mount(Router router) {
    router.post("/api/v1/live").handler(this::create);
    router.get("/api/v1/live").handler(this::list);
    router.get("/api/v1/live/:id").handler(this::get);
    router.get("/api/v1/live/:id/recording").handler(this::recording);
    router.post("/api/v1/live/:id/stop").handler(this::stop);
    router.put("/api/v1/live/:id/audio").handler(this::upload);
    router.get("/api/v1/live/:id/source").handler(this::webSocket);
    streams.mount(router);
  }

  private void create(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    JsonObject body = Http.body(ctx);
    Directory dir = directory.get();
    Targets targets = TargetsParser.parse(body.getValue("targets"), dir);
    LiveLevel level = LiveLevel.parse(body.getValue("level"));
    if (level == null) {
      throw ApiError.badField("level", "级别须为 routine（日常喊话）或 blue、yellow、orange、red（应急喊话）",
          "must be routine, blue, yellow, orange or red");
    }
    String title = "现场喊话";
    if (body.getValue("title") != null) {
      if (!(body.getValue("title") instanceof String t) || t.isBlank() || t.codePointCount(0, t.length()) > Limits.ALERT_TITLE_CHARS) {
        throw ApiError.badField("title", "标题须为 1 到 " + Limits.ALERT_TITLE_CHARS + " 个字", "must be 1-" + Limits.ALERT_TITLE_CHARS + " characters");
      }
      title = t.strip();
    }
    int maxSeconds = live.settings().defaultSeconds();
    if (body.getValue("maxSeconds") != null) {
      if (!(body.getValue("maxSeconds") instanceof Integer m) || m < 1 || m > live.settings().maxSeconds()) {
        throw ApiError.badField("maxSeconds", "时长上限须为 1 到 " + live.settings().maxSeconds() + " 秒",
            "must be a whole number of seconds, 1-" + live.settings().maxSeconds());
      }
      maxSeconds = m;
    }
    if (!user.scope().covers(targets, dir)) {
      throw ApiError.forbidden("targets", "目标超出您的管辖范围，不能向其喊话", "the targets lie outside your scope (" + user.scope().stored() + ")");
    }
    Http.reply(ctx, 201, live.create(targets, level, title, maxSeconds, user)
        .recover(e -> Future.failedFuture(DomainErrors.toApi(e) instanceof ApiError api ? api
            : ApiError.unavailable("存储暂不可用，喊话未能开始，请稍后重试", "storage is unavailable: the live session was not opened")))
        // this hub streams it: other hubs can name it to a source from the first moment (the renewals keep it)
        .compose(s -> origins.claim(s.id()).otherwiseEmpty().map(s))
        .compose(audit.passing(user.username(), "live.create", s -> new JsonObject().put("liveId", s.id()).put("level", s.level().wire())
            .put("title", s.title()).put("targets", s.targets().toJson())))
        .map(s -> {
          ctx.response().putHeader(HttpHeaders.LOCATION, "/api/v1/live/" + s.id());
          return view.summary(s).put("counts", new JsonObject().put("targets", s.endpointCount()));
        }));
  }

  private void list(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    Directory dir = directory.get();
    Http.reply(ctx, 200, live.store().recent(Limits.LIVE_SESSIONS_LISTED).compose(all -> {
      List<LiveSession> visible = all.stream().filter(s -> user.scope().touches(s.targets(), dir)).toList();
      List<Future<JsonObject>> seen = visible.stream().map(s -> Future.all(scoped(s.id(), user, dir), live.store().lags(s.id()))
          .map(d -> view.brief(s, d.resultAt(0), d.resultAt(1), dir))).toList();
      return Future.all(seen).map(f -> {
        JsonArray items = new JsonArray();
        for (int i = 0; i < visible.size(); i++) {
          items.add(f.<JsonObject>resultAt(i));
        }
        return new JsonObject().put("items", items);
      });
    }));
  }

  private Future<ScopedDeliveries> scoped(String id, User user, Directory dir) {
    return Future.all(live.store().deliveries().counts(id), live.store().deliveries().records(id))
        .map(all -> ScopedDeliveries.of(all.resultAt(1), all.resultAt(0), user.scope(), dir));
  }

  /** The session if the user may see it (404 unknown, 403 outside the scope). */
  private Future<LiveSession> visible(String id, User user) {
    return live.store().get(id).compose(s -> {
      if (s == null) {
        return Future.failedFuture(ApiError.notFound("喊话|live session", id));
      }
      if (!user.scope().touches(s.targets(), directory.get())) {
        return Future.failedFuture(ApiError.forbidden(null, "该喊话不在您的管辖范围内", "this live session lies outside your scope"));
      }
      return Future.succeededFuture(s);
    });
  }

  /** The session if the user may act on it: send alerts, and cover its targets. */
  private Future<LiveSession> mine(String id, User user) {
    return visible(id, user).compose(s -> user.may(Permission.SEND_ALERTS) && user.scope().covers(s.targets(), directory.get())
        ? Future.succeededFuture(s)
        : Future.failedFuture(ApiError.forbidden(null, "您无权操作这场喊话", "you may not act on this live session")));
  }

  private Future<JsonObject> full(LiveSession s, User user) {
    Directory dir = directory.get();
    return Future.all(scoped(s.id(), user, dir), live.store().lags(s.id()))
        .map(all -> view.full(s, all.resultAt(0), all.resultAt(1), dir));
  }

  private void get(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    Http.reply(ctx, 200, visible(ctx.pathParam("id"), user).compose(s -> full(s, user)));
  }

  /**
   * The session's recording (Ogg Opus, with ranges), for whoever may see the session: the console plays it from here,
   * whatever the recording's place in the media library. 404 until it is stored, and for a session without audio.
   */
  private void recording(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    visible(ctx.pathParam("id"), user).onFailure(e -> Http.fail(ctx, e)).onSuccess(s -> {
      if (s.recording() == null || s.recording().getString("sha256") == null) {
        Http.fail(ctx, ApiError.notFound("喊话录音|live recording", s.id()));
      } else {
        media.sendFile(ctx, s.recording().getString("sha256"));
      }
    });
  }

  private void stop(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    String id = ctx.pathParam("id");
    Http.reply(ctx, 200, mine(id, user).compose(s -> s.open() ? live.end(id, "stopped", user.username())
            : Future.failedFuture(ApiError.conflict("喊话已结束", "the live session has ended already")))
        .recover(e -> Future.failedFuture(DomainErrors.toApi(e)))
        .compose(audit.passing(user.username(), "live.stop", s -> new JsonObject().put("liveId", s.id())))
        .compose(s -> full(s, user)));
  }

  /** The source's broadcast, once the caller may feed it and it has no other source; else the refusal. */
  private Future<LiveBroadcast> source(String id, User user) {
    return mine(id, user).compose(s -> {
      LiveBroadcast broadcast = live.broadcast(id);
      if (s.open() && broadcast == null) {
        return origins.of(id).recover(e -> Future.succeededFuture()).compose(origin -> Future.failedFuture(elsewhere(origin)));
      }
      if (!s.open() || broadcast.ended()) {
        return Future.failedFuture(ApiError.conflict("喊话已结束", "the live session has ended already"));
      }
      if (broadcast.hasSource()) {
        return Future.failedFuture(ApiError.conflict("这场喊话已有音源", "this live session has a source already"));
      }
      return Future.succeededFuture(broadcast);
    });
  }

  /** A source reached a hub that does not stream the session: name the one that does (its public URL). */
  private static ApiError elsewhere(io.vertx.core.json.JsonObject origin) {
    if (origin == null || origin.getString("url") == null) {
      return ApiError.conflict("开始这场喊话的服务器已失联，喊话即将自动结束；请重新开始一场喊话",
          "the hub that opened this live session is gone and the session is about to end: open a new one");
    }
    String url = origin.getString("url");
    return ApiError.conflict("这场喊话的音频只能送到开始它的服务器：" + url + "（请把音源连到该地址）",
        "this live session takes its audio only on the hub that opened it: " + url);
  }

  private void upload(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    HttpServerRequest request = ctx.request();
    String type = String.valueOf(request.getHeader(HttpHeaders.CONTENT_TYPE)).split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
    boolean ogg = type.equals("audio/ogg") || type.equals("audio/opus");
    boolean wav = type.equals("audio/wav") || type.equals("audio/x-wav") || type.equals("audio/wave");
    if (!ogg && !wav) {
      request.resume();
      Http.fail(ctx, new ApiError(415, "unsupported_media_type", "audio", "音频须为 audio/ogg（Ogg Opus）或 audio/wav（16 位 PCM）",
          "the audio must be audio/ogg (Ogg Opus) or audio/wav (16-bit PCM)"));
      return;
    }
    String id = ctx.pathParam("id");
    source(id, user).onFailure(e -> {
      request.resume();
      Http.fail(ctx, e);
    }).onSuccess(broadcast -> {
      PauseCount flow = new PauseCount(request);
      boolean[] answered = new boolean[1];
      Runnable answer = () -> {
        if (!answered[0]) {
          answered[0] = true;
          live.store().get(id).compose(s -> full(s, user)).onComplete(r -> {
            if (r.succeeded()) {
              Http.json(ctx, 200, r.result());
            } else {
              Http.fail(ctx, r.cause());
            }
            if (!request.isEnded()) {
              request.connection().close(); // the session ended before the upload did
            }
          });
        }
      };
      LiveIngest ingest = ogg
          ? LiveIngest.ogg(broadcast, live.settings().maxBitrate(), false, refused -> refused(ctx, id, refused, answered))
          : LiveIngest.wav(vertx, encoders, broadcast, refused -> refused(ctx, id, refused, answered));
      LiveIngest.flow(ingest, flow);
      startSource(broadcast, flow, request, ingest, answer);
      if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
        ctx.response().writeContinue(); // curl -T asks first, and would otherwise wait a second before sending
      }
      request.handler(ingest::feed);
      request.endHandler(v -> ingest.end());
      request.exceptionHandler(e -> ingest.end());
      request.resume();
    });
  }

  private void refused(RoutingContext ctx, String id, LiveAudioException refused, boolean[] answered) {
    live.end(id, "source_refused", null);
    if (!answered[0]) {
      answered[0] = true;
      Http.fail(ctx, DomainErrors.toApi(refused.refusal()));
      ctx.request().connection().close();
    }
  }

  private void startSource(LiveBroadcast broadcast, LiveBroadcast.Flow flow, ReadStream<?> input, LiveIngest ingest, Runnable onEnded) {
    broadcast.attach(flow);
    try {
      broadcast.recordTo(files.newLivePart(broadcast.id()));
    } catch (java.io.IOException e) {
      // the session still goes out; it is just not recorded
      org.slf4j.LoggerFactory.getLogger(LiveRoutes.class).error("Cannot record live session {}: {}", broadcast.id(), e.toString());
    }
    broadcast.onEnded(onEnded);
  }

  private void webSocket(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    String id = ctx.pathParam("id");
    source(id, user).onFailure(e -> {
      ctx.request().resume();
      Http.fail(ctx, e);
    }).onSuccess(broadcast -> ctx.request().toWebSocket().onFailure(e -> live.end(id, "source_ended", null)).onSuccess(ws -> {
      PauseCount flow = new PauseCount(ws);
      LiveIngest ingest = LiveIngest.ogg(broadcast, live.settings().maxBitrate(), true, refused -> {
        live.end(id, "source_refused", null);
        ws.close((short) (refused.status == 413 ? 1009 : 1003), refused.english.length() > 120 ? refused.english.substring(0, 120) : refused.english);
      });
      startSource(broadcast, flow, ws, ingest, () -> {
        if (!ws.isClosed()) {
          ws.close((short) 1000, "ended");
        }
      });
      ws.binaryMessageHandler(ingest::feed);
      ws.closeHandler(v -> ingest.end());
      ws.exceptionHandler(e -> ingest.end());
    }));
  }

  /** Pauses a source while anyone asks it to, resumes it when the last one lets go. */
  private static final class PauseCount implements LiveBroadcast.Flow {
    private final ReadStream<?> stream;
    private int count;

    PauseCount(ReadStream<?> stream) {
      this.stream = stream;
    }

    @Override
    public void pause() {
      if (count++ == 0) {
        quietly(stream::pause);
      }
    }

    @Override
    public void resume() {
      if (count > 0 && --count == 0) {
        quietly(stream::resume);
      }
    }

    /**
     * An upload read to its end has nothing left to pause: over HTTP/2 (java.net.http's default) the whole body of a
     * short WAV can arrive before the pacing asks for a pause, and Vert.x then throws instead of ignoring it.
     */
    private static void quietly(Runnable flowControl) {
      try {
        flowControl.run();
      } catch (IllegalStateException alreadyRead) {
        // nothing to hold back
      }
    }
  }
}
