package org.dalaba.hub.cap.feed;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dalaba.hub.access.Role;
import org.dalaba.hub.access.Scope;
import org.dalaba.hub.access.User;
import org.dalaba.hub.api.ApiError;
import org.dalaba.hub.api.AuditLog;
import org.dalaba.hub.api.DomainErrors;
import org.dalaba.hub.cluster.Leadership;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.events.Events;
import org.dalaba.hub.logging.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the configured CAP sources, on the leader only (every instance may hold the configuration; only the one
 * holding the lease reads the feeds, so an entry is decided once). Each source runs its own chain on the event loop
 * — fetch (bounded, {@link BoundedGet}), read the index (worker), for each new entry fetch its document, check its
 * signature (worker), map it through the import, choose a rule, and import, queue or ignore it — and arms its next
 * poll only when the chain is over, so a slow source never overlaps itself and never delays another. Whatever a
 * source does (down, slow, garbage, too large) ends in its status and metrics, and the next poll comes all the same.
 */
public final class FeedPoller {
  private static final Logger LOG = LoggerFactory.getLogger(FeedPoller.class);

  private final Vertx vertx;
  private final Clock clock;
  private final Leadership leadership;
  private final List<FeedSource> sources;
  private final CapIntake intake;
  private final ExternalWarnings queue;
  private final FeedStatus status;
  private final SeenEntries seen;
  private final AuditLog audit;
  private final Events events;
  private final Supplier<Directory> directory;
  private final BoundedGet http;
  private final Map<String, Long> timers = new HashMap<>();
  /** Bumped when leadership is lost or the hub stops: a chain still running from before arms no further poll. */
  private long generation;
  /** The last poll's failure kind per source, so the log gets one line per change and not one per poll. */
  private final Map<String, String> lastFailure = new HashMap<>();

  public FeedPoller(Vertx vertx, Clock clock, Leadership leadership, List<FeedSource> sources, CapIntake intake,
                    ExternalWarnings queue, FeedStatus status, AuditLog audit, Events events, Supplier<Directory> directory) {
    this.vertx = vertx;
    this.clock = clock;
    this.leadership = leadership;
    this.sources = List.copyOf(sources);
    this.intake = intake;
    this.queue = queue;
    this.status = status;
    this.seen = new SeenEntries(status.redis());
    this.audit = audit;
    this.events = events;
    this.directory = directory;
    this.http = new BoundedGet(vertx);
  }

  public List<FeedSource> sources() {
    return sources;
  }

  /** Starts polling every source at once when this instance becomes the leader; stops when it no longer is. */
  public void onLeadership(boolean leader) {
    generation++;
    timers.values().forEach(vertx::cancelTimer);
    timers.clear();
    if (leader) {
      long current = generation;
      for (FeedSource source : sources) {
        arm(source, current, 1);
      }
      if (!sources.isEmpty()) {
        LOG.info("Polling {} CAP source(s) as the leader", sources.size());
      }
    }
  }

  public void stop() {
    onLeadership(false);
    http.close();
  }

  private void arm(FeedSource source, long current, long delayMs) {
    if (current != generation) {
      return;
    }
    timers.put(source.id(), vertx.setTimer(Math.max(1, delayMs), t -> {
      timers.remove(source.id());
      if (current != generation || !leadership.isLeader()) {
        return;
      }
      poll(source).onComplete(r -> {
        if (r.failed()) {
          LOG.warn("CAP source {}: poll ended with an unexpected error: {}", source.id(), r.cause().toString());
        }
        arm(source, current, source.pollSeconds() * 1000L);
      });
    }));
  }

  /** One poll of one source; never fails for anything the source does (that is recorded in its status). */
  Future<Void> poll(FeedSource source) {
    long started = clock.millis();
    return status.read(source.id()).compose(stored -> {
      String etag = blankToNull(stored.get("etag"));
      String lastModified = blankToNull(stored.get("lastModified"));
      return http.get(source.url(), source.timeoutSeconds() * 1000, source.maxBytes(), etag, lastModified)
          .compose(answer -> answer.notModified()
              ? status.polled(source.id(), started, etag, lastModified, true).map(v -> (Void) null)
              : handle(source, answer.body().getBytes()).compose(complete -> status.polled(source.id(), started,
                  complete ? answer.etag() : null, complete ? answer.lastModified() : null, false)))
          .onSuccess(v -> recovered(source))
          .recover(e -> {
            String kind = e instanceof BoundedGet.Failed f ? f.kind : e instanceof FeedIndex.Unreadable ? "garbage" : "error";
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!kind.equals(lastFailure.put(source.id(), kind))) {
              LOG.warn("CAP source {} ({}): {} — {}; the hub keeps polling it and the other sources", source.id(),
                  LogText.of(source.url().toString()), kind, LogText.of(message));
            }
            return status.failed(source.id(), started, kind, message);
          });
    });
  }

  private void recovered(FeedSource source) {
    if (lastFailure.remove(source.id()) != null) {
      LOG.info("CAP source {} answers again", source.id());
    }
  }

  /** The answer of a poll: an index whose new entries are read one after the other, or one document. @return whether every entry was dealt with */
  private Future<Boolean> handle(FeedSource source, byte[] body) {
    if (source.kind() == FeedSource.Kind.CAP) {
      String key = "sha256:" + sha256(body);
      // the same document polled again is nothing new (not a repeat of a message: that is the import's ledger)
      return seen.seen(source.id(), key).compose(known -> known ? Future.succeededFuture(true) : document(source, key, body));
    }
    return vertx.executeBlocking(() -> FeedIndex.read(body, source.url(), source.kind()), false).compose(entries -> {
      List<FeedIndex.Entry> oldestFirst = new ArrayList<>(entries);
      Collections.reverse(oldestFirst); // an update after the alert it updates
      Future<Boolean> chain = Future.succeededFuture(true);
      for (FeedIndex.Entry entry : oldestFirst) {
        chain = chain.compose(allSoFar -> entry(source, entry).map(done -> allSoFar && done));
      }
      return chain;
    });
  }

  /** @return false if the entry is to be tried again at the next poll (its document could not be fetched) */
  private Future<Boolean> entry(FeedSource source, FeedIndex.Entry entry) {
    return seen.seen(source.id(), entry.key()).compose(known -> {
      if (known) {
        return Future.succeededFuture(true);
      }
      if (entry.problem() != null) {
        return refuse(source, entry.key(), null, entry.problem()).map(true);
      }
      return http.get(entry.document(), source.timeoutSeconds() * 1000, source.maxBytes(), null, null)
          .compose(answer -> document(source, entry.key(), answer.body().getBytes()))
          .recover(e -> {
            String message = "the entry's document " + entry.document() + " could not be fetched: " + e.getMessage();
            LOG.warn("CAP source {}: {}; tried again at the next poll", source.id(), LogText.of(message));
            return status.entryProblem(source.id(), clock.millis(), e instanceof BoundedGet.Failed f ? f.kind : "error", message)
                .map(false);
          });
    });
  }

  /** One CAP document of a source: signature, mapping, rule, then import, queue or ignore. @return false: try again later */
  private Future<Boolean> document(FeedSource source, String entryKey, byte[] xml) {
    return vertx.executeBlocking(() -> {
      try {
        return CapSignatureCheck.check(xml, source.requireSignature(), source.trusted());
      } catch (CapSignatureCheck.Refused e) {
        throw new RefusedDocument(e.getMessage());
      }
    }, false).compose(signature -> intake.map(xml).recover(e -> Future.failedFuture(refusal(e))).compose(mapped -> {
      Directory dir = directory.get();
      // a Cancel only ends alerts this hub already sent for the issuer: applied at once, whatever the rules say
      FeedRules.Decision decision = mapped.level() == null ? new FeedRules.Decision(FeedSource.Action.AUTO, 0)
          : FeedRules.decide(source, mapped.level(), mapped.targets(), dir);
      JsonObject details = details(source, entryKey, mapped).put("rule", decision.rule()).put("signature", signature.wire());
      return switch (decision.action()) {
        case AUTO -> intake.importDocument(xml, feedUser(source), source.id()).recover(e -> Future.failedFuture(refusal(e)))
            .compose(imported -> audit.record(user(source), "cap.feed.imported", details.put("alertId", imported.alertId())
                .put("repeat", !imported.created()))
                .compose(v -> status.count(source.id(), imported.created() ? FeedStatus.Count.IMPORTED : FeedStatus.Count.REPEATS)));
        case QUEUE -> queue.add(queueItem(source, mapped, xml, signature), clock.millis()).compose(added -> {
          if (!added.isNew()) {
            return status.count(source.id(), FeedStatus.Count.REPEATS);
          }
          JsonObject item = added.item();
          events.publishShared("cap.queued", new JsonObject().put("id", item.getString("id")).put("sourceId", source.id())
              .put("sourceName", source.name()).put("level", mapped.level().wire()).put("headline", mapped.title())
              .put("targets", mapped.targets().toJson()));
          return audit.record(user(source), "cap.feed.queued", details.put("queueId", item.getString("id")))
              .compose(v -> status.count(source.id(), FeedStatus.Count.QUEUED));
        });
        case IGNORE -> audit.record(user(source), "cap.feed.ignored", details)
            .compose(v -> status.count(source.id(), FeedStatus.Count.IGNORED));
      };
    })).compose(v -> seen.remember(source.id(), entryKey, clock.millis())).map(true).recover(e -> {
      if (e instanceof RefusedDocument refused) {
        return refuse(source, entryKey, null, refused.getMessage()).map(true);
      }
      LOG.warn("CAP source {}: entry {} not decided ({}); tried again at the next poll", source.id(), LogText.of(entryKey), e.toString());
      return status.entryProblem(source.id(), clock.millis(), "error", "the entry could not be decided: " + e.getMessage()).map(false);
    });
  }

  /** A document the import refuses (4xx: invalid, no village of the county) is refused for good; anything else is tried again. */
  private static Throwable refusal(Throwable e) {
    Throwable api = DomainErrors.toApi(e);
    if (api instanceof ApiError error && error.status() >= 400 && error.status() < 500) {
      return new RefusedDocument(error.toJson(true).getString("messageEn") + " / " + error.toJson(false).getString("messageZh"));
    }
    return e;
  }

  private Future<Void> refuse(FeedSource source, String entryKey, String sender, String reason) {
    LOG.warn("CAP source {}: entry {} refused: {}", source.id(), LogText.of(entryKey), LogText.of(reason));
    return audit.record(user(source), "cap.feed.refused", new JsonObject().put("sourceId", source.id()).put("entry", entryKey)
            .put("reason", reason))
        .compose(v -> status.count(source.id(), FeedStatus.Count.REFUSED))
        .compose(v -> status.entryProblem(source.id(), clock.millis(), "refused", reason))
        .compose(v -> seen.remember(source.id(), entryKey, clock.millis()));
  }

  private static JsonObject details(FeedSource source, String entryKey, CapIntake.Mapped mapped) {
    return new JsonObject().put("sourceId", source.id()).put("entry", entryKey).put("sender", mapped.sender())
        .put("identifier", mapped.identifier()).put("msgType", mapped.msgType())
        .put("level", mapped.level() == null ? null : mapped.level().wire()).put("title", mapped.title())
        .put("targets", mapped.targets() == null ? null : mapped.targets().toJson());
  }

  private static JsonObject queueItem(FeedSource source, CapIntake.Mapped mapped, byte[] xml, CapSignatureCheck.Outcome signature) {
    return new JsonObject().put("sourceId", source.id()).put("sourceName", source.name()).put("sender", mapped.sender())
        .put("identifier", mapped.identifier()).put("msgType", mapped.msgType()).put("level", mapped.level().wire())
        .put("title", mapped.title()).put("text", mapped.text()).put("expiresAt", mapped.expiresAt())
        .put("areas", new io.vertx.core.json.JsonArray(mapped.areas())).put("targets", mapped.targets().toJson())
        .put("exercise", mapped.exercise()).put("signature", signature.wire())
        .put("document", new String(xml, StandardCharsets.UTF_8));
  }

  /** Who the audit log names for a feed's own decisions. */
  static String user(FeedSource source) {
    return "feed:" + source.id();
  }

  /**
   * Whom an automatic import runs as: the source itself, county-wide — its rules (written by the county in the
   * configuration) are the decision and count as the approval (docs/cap.md, "Feeds and the two-person rule").
   */
  static User feedUser(FeedSource source) {
    return new User(user(source), source.name(), Role.COUNTY_OPERATOR, Scope.COUNTY, 0);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A document refused for good: recorded once, never fetched again. */
  static final class RefusedDocument extends RuntimeException {
    RefusedDocument(String message) {
      super(message, null, false, false);
    }
  }
}
