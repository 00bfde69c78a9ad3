/**
 * The Salesforce simulator: {@link dev.revsync.simulators.salesforce.SalesforceSimulator} (start
 * one with its builder, or through {@link
 * dev.revsync.simulators.salesforce.SalesforceSimulatorProvider}), and {@link
 * dev.revsync.simulators.salesforce.JwtKeys} for JWT-bearer tests. Everything else is
 * package-private.
 *
 * <p>The wire facts follow {@code protocols/salesforce.md}. Where the notes mark a fact unverified,
 * the simulator takes the most likely reading and lets a test choose the other:
 *
 * <ul>
 *   <li>status of {@code INVALID_QUERY_LOCATOR}: 400 ({@code invalidQueryLocatorStatus});
 *   <li>results requested before {@code JobComplete}: 412 {@code JOB_NOT_COMPLETE} ({@code
 *       bulkResultsNotReady});
 *   <li>a null in Bulk CSV: {@code ""} or a bare empty field ({@code bulkQuoteNulls});
 *   <li>chunk size when no {@code maxRecords} is sent: 100,000 ({@code bulkDefaultMaxRecords});
 *   <li>token-endpoint calls counted against the allocation: no ({@code countTokenRequests});
 *   <li>JWT {@code exp} leeway: 3 minutes ({@code jwtClockSkew});
 *   <li>fault code of SOAP {@code login()} from API 65.0: {@code INVALID_OPERATION} ({@code
 *       soapLoginRetiredFaultCode});
 *   <li>Hyperforce lower-case header names ({@code lowerCaseHeaders});
 *   <li>pages shorter than asked, as for wide records ({@code queryPageCap});
 *   <li>refresh-token rotation and whether the refresh grant needs the secret are app settings
 *       ({@code rotateRefreshTokens}, {@code requireClientSecretForRefresh}).
 * </ul>
 *
 * <p>Not simulated: the 25/5 long-running request concurrency cap, Bulk API 2.0 ingest jobs, {@code
 * GROUP BY}/aggregates other than {@code COUNT()}, subqueries, {@code TYPEOF}, and setting parents
 * by external id in SOAP writes.
 */
package dev.revsync.simulators.salesforce;
