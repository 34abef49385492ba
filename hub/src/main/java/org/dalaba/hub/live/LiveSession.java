package org.dalaba.hub.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.dalaba.hub.alert.Targets;

/**
 * One live session as stored: who opened it to which targets at what level, its time limit, and how it went
 * ({@code waiting} for audio, {@code live}, {@code ended} with a reason); {@code anchorMs} is the hub's wall clock at
 * granule position 0 of the stream, fixed by the first audio page (docs/protocol.md, "Live stream").
 */
public record LiveSession(String id, String title, LiveLevel level, Targets targets, List<String> topics, int endpointCount,
                          long createdAt, String createdBy, String creatorScope, int maxSeconds, long expiresAt, String state,
                          long startedAt, long anchorMs, long endedAt, String endReason, long audioMs, String streamUrl,
                          JsonObject recording) {
  public static final String WAITING = "waiting";
  public static final String LIVE = "live";
  public static final String ENDED = "ended";

  public LiveSession {
    topics = List.copyOf(topics);
  }

  public boolean open() { return !ENDED.equals(state); }

  public LiveSession live(long now, long anchor) {
    return new LiveSession(id, title, level, targets, topics, endpointCount, createdAt, createdBy, creatorScope, maxSeconds, expiresAt,
        LIVE, now, anchor, endedAt, endReason, audioMs, streamUrl, recording);
  }

  public LiveSession ended(long now, String reason, long audio) {
    return new LiveSession(id, title, level, targets, topics, endpointCount, createdAt, createdBy, creatorScope, maxSeconds, expiresAt,
        ENDED, startedAt, anchorMs, now, reason, audio, streamUrl, recording);
  }

  public LiveSession recorded(JsonObject reference) {
    return new LiveSession(id, title, level, targets, topics, endpointCount, createdAt, createdBy, creatorScope, maxSeconds, expiresAt,
        state, startedAt, anchorMs, endedAt, endReason, audioMs, streamUrl, reference);
  }

  /** The protocol's {@code live} command (docs/protocol.md, "live"); re-sends send the same bytes. */
  public JsonObject command() {
    return new JsonObject().put("v", 1).put("id", id).put("type", "live").put("ts", startedAt).put("expiresAt", expiresAt)
        .put("level", level.wire()).put("title", title)
        .put("stream", new JsonObject().put("url", streamUrl).put("format", "ogg-opus")).put("anchorMs", anchorMs);
  }

  /** Ends the session on endpoints: they report {@code finished} for it. */
  public JsonObject stopCommand(String stopId, long now) {
    return new JsonObject().put("v", 1).put("id", stopId).put("type", "stop").put("ts", now).put("ref", id).put("reason", "ENDED");
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("title", title).put("level", level.wire()).put("targets", targets.toJson())
        .put("topics", new JsonArray(topics)).put("endpointCount", endpointCount).put("createdAt", createdAt)
        .put("createdBy", createdBy).put("creatorScope", creatorScope).put("maxSeconds", maxSeconds).put("expiresAt", expiresAt)
        .put("state", state).put("startedAt", startedAt).put("anchorMs", anchorMs).put("endedAt", endedAt)
        .put("endReason", endReason).put("audioMs", audioMs).put("streamUrl", streamUrl).put("recording", recording);
  }

  @SuppressWarnings("unchecked")
  public static LiveSession fromJson(JsonObject json) {
    return new LiveSession(json.getString("id"), json.getString("title"), LiveLevel.parse(json.getString("level")),
        Targets.fromJson(json.getJsonObject("targets")), json.getJsonArray("topics").getList(), json.getInteger("endpointCount"),
        json.getLong("createdAt"), json.getString("createdBy"), json.getString("creatorScope"), json.getInteger("maxSeconds"),
        json.getLong("expiresAt"), json.getString("state"), json.getLong("startedAt", 0L), json.getLong("anchorMs", 0L),
        json.getLong("endedAt", 0L), json.getString("endReason"), json.getLong("audioMs", 0L), json.getString("streamUrl"),
        json.getJsonObject("recording"));
  }
}
