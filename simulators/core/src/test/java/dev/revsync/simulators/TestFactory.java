package dev.revsync.simulators;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Contacts with ids {@code C000000001}… and a few generated fields. */
final class TestFactory implements RecordFactory {
  @Override
  public String id(long index) {
    String digits = Long.toString(index);
    return "C" + "000000000".substring(digits.length()) + digits;
  }

  @Override
  public Map<String, Object> fields(long index, String id, Random random) {
    Map<String, Object> f = new LinkedHashMap<>();
    String first = DataGenerator.firstName(random);
    String last = DataGenerator.lastName(random);
    String company = DataGenerator.company(random);
    f.put("FirstName", first);
    f.put("LastName", last);
    f.put("Company", company);
    f.put("Email", DataGenerator.email(random, first, last, company));
    f.put("Score", DataGenerator.integer(random, 0, 100));
    return f;
  }
}
