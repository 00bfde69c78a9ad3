package dev.revsync.benchmarks;

/**
 * A connector and API style whose pull is benchmarked, with the page size the API allows and the
 * fewest calls it needs for N records (data calls only: the API minimum; login and describe are
 * the connector's overhead).
 */
enum PullTarget {
  SALESFORCE_REST("Salesforce REST", "salesforce", "REST", "Contact", 2_000, "/query"),
  SALESFORCE_BULK("Salesforce Bulk 2.0", "salesforce", "BATCH", "Contact", 50_000, "/results"),
  ELOQUA_BULK("Eloqua Bulk 2.0", "eloqua", "", "contacts", 50_000, "/data");

  final String label;
  final String system;
  /** The sync's {@code style} option; empty for the connector's only style. */
  final String style;
  final String object;
  /** Records per page or chunk at the API's maximum. */
  final int pageSize;
  /** A path fragment only data-page requests have. */
  final String dataFragment;

  PullTarget(String label, String system, String style, String object, int pageSize, String dataFragment) {
    this.label = label;
    this.system = system;
    this.style = style;
    this.object = object;
    this.pageSize = pageSize;
    this.dataFragment = dataFragment;
  }

  /**
   * The fewest calls the API allows for {@code n} records: REST one query page per 2,000; Bulk
   * API 2.0 create + one poll + one result chunk per 50,000; Eloqua export definition + sync +
   * one poll + one data page per 50,000.
   */
  long apiMinimum(long n) {
    long pages = Math.max(1, (n + pageSize - 1) / pageSize);
    return switch (this) {
      case SALESFORCE_REST -> pages;
      case SALESFORCE_BULK -> 2 + pages;
      case ELOQUA_BULK -> 3 + pages;
    };
  }

  String minimumFormula() {
    return switch (this) {
      case SALESFORCE_REST -> "⌈N/2000⌉ query pages";
      case SALESFORCE_BULK -> "create + 1 poll + ⌈N/50000⌉ chunks";
      case ELOQUA_BULK -> "definition + sync + 1 poll + ⌈N/50000⌉ pages";
    };
  }
}
