package org.dalaba.hub.cap.feed;

import io.vertx.core.Future;
import java.util.List;
import org.dalaba.hub.access.User;
import org.dalaba.hub.alert.AlertLevel;
import org.dalaba.hub.alert.Targets;

/**
 * What the feeds need of the CAP import ({@code org.dalaba.hub.cap}): read a document without acting on it (to
 * choose a rule and to fill the queue), and import it. The import owns the schema, the hardened parser, the mapping
 * and the sender + identifier idempotence; the feeds never parse CAP themselves.
 */
public interface CapIntake {
  /**
   * Validates and maps; fails with the import's own refusal (an ApiError naming the element and the rule) when the
   * document is not acceptable. Creates nothing.
   */
  Future<Mapped> map(byte[] xml);

  /**
   * Imports as {@code user} (a new alert, an update or a cancel) as coming from the feed; the same sender + identifier
   * again gives the same alert.
   */
  Future<Imported> importDocument(byte[] xml, User user, String feedId);

  /**
   * A document as the import reads it.
   *
   * @param areas  the {@code areaDesc} texts, for people
   * @param level  null for a Cancel (it only ends alerts), as are {@code targets}
   */
  record Mapped(String sender, String identifier, String msgType, AlertLevel level, Targets targets, String title,
                String text, long expiresAt, List<String> areas, boolean exercise) {
  }

  /** @param created false: the same sender + identifier was imported before, this is its alert */
  record Imported(String alertId, boolean created) {
  }
}
