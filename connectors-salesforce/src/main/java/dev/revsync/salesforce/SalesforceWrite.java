package dev.revsync.salesforce;

import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.spi.Transport;
import dev.revsync.spi.WriteBatcher;

/**
 * Enrichment and score writes: names checked before anything is sent, then batches of the SOAP
 * partner API's maximum ({@value SalesforceSoapClient#MAX_RECORDS} sObjects a call) sent with
 * {@code update} or {@code upsert}, each batch's outcomes in item order; what the budget leaves
 * unsent comes back as backlog ({@link WriteBatcher}). Thread-safe: holds no state of its own.
 */
final class SalesforceWrite {
  private final Transport transport;
  private final SalesforceSoapClient soap;

  SalesforceWrite(Transport transport, SalesforceSoapClient soap) {
    this.transport = transport;
    this.soap = soap;
  }

  WriteResult write(WriteRequest request) {
    SalesforceSoapClient.validate(request);
    return WriteBatcher.write(
        transport,
        request,
        SalesforceSoapClient.MAX_RECORDS,
        (batch, firstIndex) -> soap.write(request, batch, firstIndex));
  }
}
