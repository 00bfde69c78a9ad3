package dev.revsync.benchmarks.micro;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * Inputs for the micro-benchmarks, shaped like the systems' real bodies (a Salesforce query page, a
 * Bulk API 2.0 result chunk) with the awkward values real data has: accents, apostrophes, commas
 * and quotes inside fields, nulls. Deterministic.
 */
public final class MicroData {
  private static final String[] FIRST = {
    "Olivia", "Zoë", "José", "Siobhán", "Jean-Luc", "Wei", "Noor", "Søren"
  };
  private static final String[] LAST = {
    "O'Brien", "Müller", "Nguyen", "Van der Berg", "D'Angelo", "Østergaard", "Chen"
  };
  private static final String[] CITY = {
    "München", "São Paulo", "New York", "Lyon", "Tokyo", "Dublin"
  };
  private static final String[] COMPANY = {
    "Acme, Inc.", "Globex \"West\" LLC", "Initech GmbH", "Wonka & Co."
  };

  private MicroData() {}

  /**
   * A REST query page of {@code records} Contacts (about 600 bytes each), as Salesforce sends it.
   */
  public static byte[] salesforceQueryPage(int records) {
    Random r = new Random(7);
    StringBuilder b = new StringBuilder(records * 640);
    b.append("{\"totalSize\":")
        .append(records * 10)
        .append(",\"done\":false,")
        .append("\"nextRecordsUrl\":\"/services/data/v66.0/query/01gRO0000016PIAYA2-")
        .append(records)
        .append("\",")
        .append("\"records\":[");
    for (int i = 0; i < records; i++) {
      if (i > 0) b.append(',');
      String id = String.format(Locale.ROOT, "003RO%013d", i);
      String first = FIRST[r.nextInt(FIRST.length)];
      String last = LAST[r.nextInt(LAST.length)];
      b.append(
              "{\"attributes\":{\"type\":\"Contact\",\"url\":\"/services/data/v66.0/sobjects/Contact/")
          .append(id)
          .append("\"},\"Id\":\"")
          .append(id)
          .append("\",\"FirstName\":\"")
          .append(first)
          .append("\",\"LastName\":\"")
          .append(last)
          .append("\",\"Email\":\"")
          .append(first.toLowerCase(Locale.ROOT).replace('ë', 'e'))
          .append('.')
          .append(i)
          .append("@example.com\",")
          .append("\"Phone\":\"+1 415 555 ")
          .append(1000 + r.nextInt(9000))
          .append("\",")
          .append("\"Title\":")
          .append(r.nextInt(4) == 0 ? "null" : "\"VP Sales\"")
          .append(',')
          .append("\"MailingCity\":\"")
          .append(CITY[r.nextInt(CITY.length)])
          .append("\",")
          .append("\"MailingPostalCode\":\"")
          .append(10000 + r.nextInt(89999))
          .append("\",")
          .append("\"AccountId\":\"001RO")
          .append(String.format(Locale.ROOT, "%013d", r.nextInt(100000)))
          .append("\",")
          .append("\"Lead_Score__c\":")
          .append(r.nextInt(10000) / 100.0)
          .append(',')
          .append("\"NumberOfEmployees\":")
          .append(r.nextInt(50000))
          .append(',')
          .append("\"HasOptedOutOfEmail\":")
          .append(r.nextBoolean())
          .append(',')
          .append("\"Birthdate\":\"19")
          .append(50 + r.nextInt(50))
          .append("-0")
          .append(1 + r.nextInt(9))
          .append("-1")
          .append(r.nextInt(10))
          .append("\",")
          .append("\"CreatedDate\":\"2024-05-20T20:49:32.000+0000\",")
          .append("\"SystemModstamp\":\"2025-0")
          .append(1 + r.nextInt(9))
          .append("-20T20:49:")
          .append(10 + r.nextInt(50))
          .append(".000+0000\",\"IsDeleted\":false}");
    }
    b.append("]}");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A Bulk API 2.0 result chunk of {@code rows} Contacts: header row, every value quoted, nulls
   * empty.
   */
  public static byte[] salesforceCsvChunk(int rows) {
    Random r = new Random(11);
    StringBuilder b = new StringBuilder(rows * 320);
    b.append(
        "\"Id\",\"FirstName\",\"LastName\",\"Email\",\"Phone\",\"Title\",\"MailingCity\",\"MailingPostalCode\","
            + "\"AccountId\",\"Account.Name\",\"Lead_Score__c\",\"NumberOfEmployees\",\"HasOptedOutOfEmail\",\"Birthdate\","
            + "\"CreatedDate\",\"SystemModstamp\",\"IsDeleted\"\n");
    for (int i = 0; i < rows; i++) {
      String first = FIRST[r.nextInt(FIRST.length)];
      b.append('"')
          .append(String.format(Locale.ROOT, "003RO%013d", i))
          .append("\",\"")
          .append(first)
          .append("\",\"")
          .append(LAST[r.nextInt(LAST.length)])
          .append("\",\"")
          .append("c")
          .append(i)
          .append("@example.com\",\"")
          .append("+1 415 555 ")
          .append(1000 + r.nextInt(9000))
          .append("\",")
          .append(r.nextInt(4) == 0 ? "" : "\"VP Sales\"")
          .append(",\"")
          .append(CITY[r.nextInt(CITY.length)])
          .append("\",\"")
          .append(10000 + r.nextInt(89999))
          .append("\",\"")
          .append("001RO")
          .append(String.format(Locale.ROOT, "%013d", r.nextInt(100000)))
          .append("\",\"")
          .append(COMPANY[r.nextInt(COMPANY.length)].replace("\"", "\"\""))
          .append("\",\"")
          .append(r.nextInt(10000) / 100.0)
          .append("\",\"")
          .append(r.nextInt(50000))
          .append("\",\"")
          .append(r.nextBoolean())
          .append("\",\"1970-01-1")
          .append(r.nextInt(10))
          .append("\",\"")
          .append("2024-05-20T20:49:32.000Z\",\"2025-01-20T20:49:")
          .append(10 + r.nextInt(50))
          .append(".000Z\",\"false\"\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
