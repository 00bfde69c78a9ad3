package dev.revsync.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataGeneratorTest {

  @Test
  void sameSeedGivesTheSameValues() {
    assertThat(sample(new Random(5)))
        .isEqualTo(sample(new Random(5)))
        .isNotEqualTo(sample(new Random(6)));
  }

  @Test
  void emailsAreValidAsciiAddressesEvenForAccentedAndApostropheNames() {
    Random r = new Random(1);
    for (int i = 0; i < 2_000; i++) {
      String first = DataGenerator.firstName(r);
      String last = DataGenerator.lastName(r);
      String email = DataGenerator.email(r, first, last, DataGenerator.company(r));
      assertThat(email).matches("[a-z0-9.]+@[a-z0-9]+(\\.[a-z]+)+");
    }
    assertThat(DataGenerator.slug("Zoë O'Brien-Müller")).isEqualTo("zoeobrienmuller");
  }

  @Test
  void valuesIncludeTheAwkwardCasesParsersMustSurvive() {
    Random r = new Random(2);
    Set<String> companies = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      companies.add(DataGenerator.company(r));
      names.add(DataGenerator.lastName(r));
    }
    assertThat(companies).anyMatch(c -> c.contains(",")).anyMatch(c -> c.contains("\""));
    assertThat(names)
        .anyMatch(n -> n.contains("'"))
        .anyMatch(n -> !n.chars().allMatch(c -> c < 128));
  }

  @Test
  void numbersAndDatesStayInTheirRanges() {
    Random r = new Random(3);
    LocalDate from = LocalDate.of(2020, 1, 1);
    LocalDate to = LocalDate.of(2020, 1, 31);
    Set<Long> ints = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      long n = DataGenerator.integer(r, -2, 2);
      ints.add(n);
      assertThat(DataGenerator.date(r, from, to)).isBetween(from, to);
      assertThat(DataGenerator.decimal(r, 1, 2, 2).scale()).isEqualTo(2);
      Instant at = DataGenerator.instant(r, Instant.EPOCH, Instant.EPOCH.plusSeconds(60));
      assertThat(at.getEpochSecond()).isBetween(0L, 59L);
      assertThat(at.getNano()).isZero();
    }
    assertThat(ints).containsExactlyInAnyOrder(-2L, -1L, 0L, 1L, 2L);
    assertThat(DataGenerator.phone(r)).matches("[+()0-9 -]{10,}");
  }

  private static List<Object> sample(Random r) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      values.add(DataGenerator.firstName(r));
      values.add(DataGenerator.company(r));
      values.add(DataGenerator.phone(r));
      values.add(DataGenerator.city(r));
      values.add(DataGenerator.decimal(r, 0, 1000, 2));
    }
    return values;
  }
}
