package org.dalaba.sim.bench;

/**
 * A county directory of villages as the CSV the hub imports: 100 villages per township, ids in the
 * statistical-code style under Kaiyuan's county code (211282 + 3-digit township + 3-digit village), every
 * entry marked sample; each village has one endpoint ({@code <village>-01}) or, for a realistic fleet,
 * several ({@code -01} to {@code -0K}: Chinese counties run about five broadcast points per village).
 */
final class SyntheticDirectory {
  static final int VILLAGES_PER_TOWNSHIP = 100;
  private static final String COUNTY = "211282";

  private SyntheticDirectory() {
  }

  static String csv(int villages) {
    return csv(villages, 1);
  }

  /** {@code endpoints} in all, {@code perVillage} to a village (the last village may have fewer). */
  static String fleet(int endpoints, int perVillage) {
    return csv(villagesFor(endpoints, perVillage), perVillage, endpoints);
  }

  static int villagesFor(int endpoints, int perVillage) {
    return (endpoints + perVillage - 1) / perVillage;
  }

  private static String csv(int villages, int perVillage) {
    return csv(villages, perVillage, villages * perVillage);
  }

  private static String csv(int villages, int perVillage, int endpoints) {
    if (villages < 1 || villages > 899 * VILLAGES_PER_TOWNSHIP) {
      throw new IllegalArgumentException("villages must be 1-" + 899 * VILLAGES_PER_TOWNSHIP + ", was " + villages);
    }
    StringBuilder csv = new StringBuilder("township_id,township_name,village_id,village_name,endpoint_ids,contact_name,"
        + "contact_phone,lat,lon,sample\n");
    for (int i = 0; i < villages; i++) {
      String township = COUNTY + (101 + i / VILLAGES_PER_TOWNSHIP);
      String village = township + String.format("%03d", 1 + i % VILLAGES_PER_TOWNSHIP);
      csv.append(township).append(",样例镇").append(township.substring(6)).append(',')
          .append(village).append(",样例村").append(village.substring(6)).append(',')
          .append(endpointIds(village, Math.min(perVillage, endpoints - i * perVillage))).append(",,,,,true\n");
    }
    return csv.toString();
  }

  /** Empty (the hub's default {@code <village>-01}) for one endpoint, else {@code -01;-02;…}. */
  private static String endpointIds(String village, int count) {
    if (count == 1) {
      return "";
    }
    StringBuilder ids = new StringBuilder();
    for (int k = 1; k <= count; k++) {
      ids.append(k == 1 ? "" : ";").append(village).append(String.format("-%02d", k));
    }
    return ids.toString();
  }
}
