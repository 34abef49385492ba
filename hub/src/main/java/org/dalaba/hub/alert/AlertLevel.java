package org.dalaba.hub.alert;

/** The four warning colours of Chinese early-warning practice, least to most severe. */
public enum AlertLevel {
  BLUE("蓝色"), YELLOW("黄色"), ORANGE("橙色"), RED("红色");

  public final String chinese;

  AlertLevel(String chinese) {
    this.chinese = chinese;
  }

  public String wire() { return name().toLowerCase(); }

  /** @return the level, or null when the text is not one */
  public static AlertLevel parse(String text) {
    for (AlertLevel level : values()) {
      if (level.wire().equals(text)) {
        return level;
      }
    }
    return null;
  }
}
