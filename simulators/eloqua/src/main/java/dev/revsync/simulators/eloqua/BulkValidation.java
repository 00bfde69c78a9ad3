package dev.revsync.simulators.eloqua;

import java.util.List;

/**
 * A Bulk API validation error: answered as HTTP 400 with {@code
 * {"failures":[{"field":...,"value":...,"constraint":...}]}}.
 */
final class BulkValidation extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** One failed constraint. */
  record Failure(String field, String value, String constraint) {}

  final transient List<Failure> failures;

  BulkValidation(String field, String value, String constraint) {
    this(List.of(new Failure(field, value == null ? "" : value, constraint)));
  }

  BulkValidation(List<Failure> failures) {
    super(failures.toString(), null, false, false);
    this.failures = List.copyOf(failures);
  }
}
