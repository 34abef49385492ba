package org.dalaba.hub.directory;

/** Who grid workers and emergency staff phone about a village. Both fields may be empty. */
public record Contact(String name, String phone) {
  public static final Contact NONE = new Contact("", "");
}
