package org.dalaba.hub.delivery;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Ids of commands the hub makes up on the spot (alerts, stops, volume changes). */
public final class CommandIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ID_ALPHABET = "0123456789abcdefghijkmnpqrstuvwxyz";

  private CommandIds() {
  }

  /** e.g. {@code a-20261125-k3m9x2qa}: kind (the receipt route, see ReceiptIngest), the county's local date, 8 random characters. */
  public static String next(String kind, long now, ZoneId zone) {
    StringBuilder id = new StringBuilder(kind).append('-')
        .append(LocalDate.ofInstant(Instant.ofEpochMilli(now), zone).format(DateTimeFormatter.BASIC_ISO_DATE))
        .append('-');
    for (int i = 0; i < 8; i++) {
      id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
    }
    return id.toString();
  }
}
