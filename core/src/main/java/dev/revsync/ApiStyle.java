package dev.revsync;

/**
 * The style of vendor API a connector uses for one {@link Activity}.
 *
 * <ul>
 *   <li>{@link #REST}: plain request/response JSON calls.
 *   <li>{@link #SOAP}: XML envelopes (the Salesforce partner API).
 *   <li>{@link #BATCH}: a request starts server-side preparation, the client polls the job and then
 *       downloads the prepared result in pages.
 *   <li>{@link #BULK}: an API built for moving large sets at once (Eloqua Bulk API 2.0).
 * </ul>
 */
public enum ApiStyle {
  REST,
  SOAP,
  BATCH,
  BULK
}
