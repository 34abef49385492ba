package org.dalaba.hub.cap.feed;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.dalaba.hub.alert.AlertLevel;

/**
 * One configured CAP source the leader polls (docs/cap.md, "Feeds"): where it is, what it serves, how often and how
 * patiently it is read, what of it goes out at once and what waits for an operator, and whose signatures it must carry.
 *
 * @param maxBytes      largest answer read from it; a longer one is refused while it arrives, never read whole
 * @param rules         tried in order, the first that matches decides; none matching → {@code otherwise}
 * @param trusted       certificates a signature must be made with (PEM files of the configuration)
 */
public record FeedSource(String id, String name, URI url, Kind kind, int pollSeconds, int timeoutSeconds, int maxBytes,
                         List<Rule> rules, Action otherwise, boolean requireSignature, List<X509Certificate> trusted) {

  /** What the URL returns: an Atom or RSS index whose entries link to CAP documents, or one CAP document. */
  public enum Kind {
    ATOM, RSS, CAP;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What happens to a warning a rule matches. */
  public enum Action {
    /** sent at once: the configuration is the approval */
    AUTO,
    /** waits in the external-warnings queue for an operator to send, edit then send, or dismiss */
    QUEUE,
    /** recorded (audit) and dropped */
    IGNORE;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Matches a warning by its level and where it goes.
   *
   * @param levels empty: any level
   * @param areas  township or village ids (or the county's code); empty: anywhere. A warning matches when every
   *               village it reaches lies in one of them.
   */
  public record Rule(Set<AlertLevel> levels, Set<String> areas, Action action) {
  }
}
